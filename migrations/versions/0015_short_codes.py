"""registrations get a short code a person can type at the door, unique within the forum

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-07 15:30:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0013'
branch_labels = None
depends_on = None

# As app/registration/short_codes.py draws them, kept here so this migration never changes with the app.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_short_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(6))


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('short_code', sa.String(length=12), nullable=True))
    # Registrations made before this get their codes here, drawn again on a collision in the forum.
    connection = op.get_bind()
    registrations = sa.table('registrations', sa.column('id'), sa.column('forum_id'), sa.column('short_code'))
    taken = {}
    for registration_id, forum_id in connection.execute(
        sa.select(registrations.c.id, registrations.c.forum_id).order_by(registrations.c.id)
    ):
        codes = taken.setdefault(forum_id, set())
        code = new_short_code()
        while code in codes:
            code = new_short_code()
        codes.add(code)
        connection.execute(
            registrations.update().where(registrations.c.id == registration_id).values(short_code=code)
        )
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.alter_column('short_code', existing_type=sa.String(length=12), nullable=False)
        batch_op.create_unique_constraint('uq_registrations_forum_short_code', ['forum_id', 'short_code'])


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_constraint('uq_registrations_forum_short_code', type_='unique')
        batch_op.drop_column('short_code')
