"""history entries moved by a merge name the duplicate they came from

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 01:40:52.803736

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organization_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_from', sa.String(length=400), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('organization_changes', schema=None) as batch_op:
        batch_op.drop_column('merged_from')
