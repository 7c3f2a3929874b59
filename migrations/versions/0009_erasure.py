"""registrations remember when their personal data was erased; an erased one has no phone

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 04:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(), nullable=True))
        batch_op.alter_column('phone', existing_type=sa.String(length=20), nullable=True)


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.execute("UPDATE registrations SET phone = '' WHERE phone IS NULL")
        batch_op.alter_column('phone', existing_type=sa.String(length=20), nullable=False)
        batch_op.drop_column('erased_at')
