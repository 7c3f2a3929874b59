"""forums say what attendance earns a certificate: any day (as before) or every day of the forum

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'certificate_rule',
                sa.Enum('any_day', 'every_day', name='certificaterule', native_enum=False, create_constraint=True, length=30),
                server_default='any_day',
                nullable=False,
            )
        )


def downgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        # SQLite's copy of the table would keep the enum's check on a column no longer there.
        batch_op.drop_constraint(op.f('ck_forums_certificaterule'), type_='check')
        batch_op.drop_column('certificate_rule')
