"""organizations know the common Thai legal forms (club, community enterprise…) and keep an unknown one's own words

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 16:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

OLD = ('foundation', 'association', 'community_group', 'cooperative', 'network', 'government_body', 'other')
NEW = OLD + ('club', 'community_enterprise', 'community_council', 'social_enterprise')


def _legal_forms(values):
    return sa.Enum(*values, name='legalform', native_enum=False, create_constraint=True, length=30)


def upgrade():
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_organizations_legalform'), type_='check')
        batch_op.alter_column('legal_form', existing_type=sa.String(30), type_=_legal_forms(NEW), existing_nullable=True)
        batch_op.add_column(sa.Column('legal_form_other', sa.String(100), nullable=False, server_default=''))


def downgrade():
    op.execute("UPDATE organizations SET legal_form = 'other' WHERE legal_form NOT IN %s" % (OLD,))
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('legal_form_other')
        batch_op.drop_constraint(op.f('ck_organizations_legalform'), type_='check')
        batch_op.alter_column('legal_form', existing_type=sa.String(30), type_=_legal_forms(OLD), existing_nullable=True)
