"""an issued certificate keeps the attendance rule it was issued under

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-26 07:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

RULE = sa.Enum('any_day', 'every_day', name='certificaterule', native_enum=False, create_constraint=True, length=30)


def upgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rule', RULE, nullable=True))
    # Certificates issued before this knew no rule of their own: the forum's present one was theirs.
    op.execute(
        "UPDATE certificates SET rule = (SELECT forums.certificate_rule FROM registrations"
        " JOIN forums ON forums.id = registrations.forum_id WHERE registrations.id = certificates.registration_id)"
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.alter_column('rule', existing_type=RULE, nullable=False)


def downgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_certificates_certificaterule'), type_='check')
        batch_op.drop_column('rule')
