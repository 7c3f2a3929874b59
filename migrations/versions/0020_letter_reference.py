"""forums keep the reference of their invitation letter (อ้างถึง), empty when it has none

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-07 16:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('letter_reference', sa.String(length=300), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('letter_reference')
