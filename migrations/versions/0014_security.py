"""users carry a session version (changing it ends every session and remember-me cookie);
a log of who created, changed or deleted each forum; a scan may be answered door_closed

Revision ID: 0014
Revises: 0019
Create Date: 2026-12-07 15:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0019'
branch_labels = None
depends_on = None


OLD_RESULTS = ('ok', 'already_checked_in', 'unknown', 'wrong_forum', 'cancelled', 'waitlisted')
NEW_RESULTS = OLD_RESULTS + ('door_closed',)


def _results(values):
    return sa.Enum(*values, name='scanresult', native_enum=False, create_constraint=True, length=30)


def _scan_results(old, new):
    with op.batch_alter_table('checkin_scans', schema=None) as batch_op:
        batch_op.alter_column('result', existing_type=_results(old), type_=_results(new), existing_nullable=False)


def upgrade():
    _scan_results(OLD_RESULTS, NEW_RESULTS)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))
    op.create_table(
        'forum_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('forum_id', sa.Integer(), nullable=True),
        sa.Column('forum_title', sa.String(length=300), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_forum_changes_forum_id_forums'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_forum_changes_user_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_forum_changes')),
    )
    with op.batch_alter_table('forum_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forum_changes_changed_at'), ['changed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_forum_changes_forum_id'), ['forum_id'], unique=False)


def downgrade():
    with op.batch_alter_table('forum_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forum_changes_forum_id'))
        batch_op.drop_index(batch_op.f('ix_forum_changes_changed_at'))
    op.drop_table('forum_changes')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
    op.execute("DELETE FROM checkin_scans WHERE result = 'door_closed'")
    _scan_results(NEW_RESULTS, OLD_RESULTS)
