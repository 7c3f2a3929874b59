"""check-ins per registration and forum day, and the log of every scan

Revision ID: 0009
Revises: 0008 (the newest head: notes)
Create Date: 2026-11-26 04:05:30.553159

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('checkins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('checked_in_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('checked_in_by_id', sa.Integer(), nullable=True),
    sa.Column('device', sa.String(length=60), nullable=False),
    sa.Column('method', sa.Enum('scan', 'search', 'ticket_page', 'walk_in', name='method', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.Column('undone_by_id', sa.Integer(), nullable=True),
    sa.Column('undo_reason', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['checked_in_by_id'], ['users.id'], name=op.f('fk_checkins_checked_in_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_checkins_forum_id_forums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_checkins_registration_id_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['undone_by_id'], ['users.id'], name=op.f('fk_checkins_undone_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkins'))
    )
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.create_index('ix_checkins_forum_day', ['forum_id', 'day'], unique=False)
        batch_op.create_index('uq_checkins_registration_day_standing', ['registration_id', 'day'], unique=True, sqlite_where=sa.text('undone_at IS NULL'), postgresql_where=sa.text('undone_at IS NULL'))

    op.create_table('checkin_scans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.Enum('check_in', 'undo', 'walk_in', name='action', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('method', sa.Enum('scan', 'search', 'ticket_page', 'walk_in', name='method', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('result', sa.Enum('ok', 'already_checked_in', 'unknown', 'wrong_forum', 'cancelled', 'waitlisted', name='scanresult', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('scan_text', sa.String(length=500), nullable=False),
    sa.Column('device', sa.String(length=60), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=True),
    sa.Column('scanned_at', sa.DateTime(), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('day', sa.Date(), nullable=True),
    sa.Column('checkin_id', sa.Integer(), nullable=True),
    sa.Column('conflict', sa.Boolean(), nullable=False),
    sa.Column('superseded', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['checkin_id'], ['checkins.id'], name=op.f('fk_checkin_scans_checkin_id_checkins'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_checkin_scans_forum_id_forums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_checkin_scans_registration_id_registrations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_checkin_scans_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin_scans'))
    )
    with op.batch_alter_table('checkin_scans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkin_scans_checkin_id'), ['checkin_id'], unique=False)
        batch_op.create_index('ix_checkin_scans_forum_received', ['forum_id', 'received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkin_scans_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index('uq_checkin_scans_user_nonce', ['user_id', 'nonce'], unique=True)



def downgrade():
    with op.batch_alter_table('checkin_scans', schema=None) as batch_op:
        batch_op.drop_index('uq_checkin_scans_user_nonce')
        batch_op.drop_index(batch_op.f('ix_checkin_scans_registration_id'))
        batch_op.drop_index('ix_checkin_scans_forum_received')
        batch_op.drop_index(batch_op.f('ix_checkin_scans_checkin_id'))

    op.drop_table('checkin_scans')
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_index('uq_checkins_registration_day_standing', sqlite_where=sa.text('undone_at IS NULL'), postgresql_where=sa.text('undone_at IS NULL'))
        batch_op.drop_index('ix_checkins_forum_day')

    op.drop_table('checkins')
