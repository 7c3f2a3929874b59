"""network health: yearly reports of operations and their attachments, support received, follow-up calls

Revision ID: 0019
Revises: 0013
Create Date: 2026-12-07 15:13:16.749631

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('annual_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('asked_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('activities', sa.JSON(), nullable=False),
    sa.Column('served', sa.JSON(), nullable=False),
    sa.Column('spent', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('volunteers', sa.Integer(), nullable=True),
    sa.Column('problems', sa.Text(), nullable=False),
    sa.Column('needs', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('asked_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['asked_by_id'], ['users.id'], name=op.f('fk_annual_reports_asked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_annual_reports_entered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_annual_reports_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annual_reports')),
    sa.UniqueConstraint('organization_id', 'fiscal_year', name='uq_annual_reports_organization_year')
    )
    with op.batch_alter_table('annual_reports', schema=None) as batch_op:
        batch_op.create_index('ix_annual_reports_year_received', ['fiscal_year', 'received_on'], unique=False)

    op.create_table('follow_up_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('called_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_follow_up_calls_organization_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_follow_up_calls_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up_calls'))
    )
    with op.batch_alter_table('follow_up_calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_calls_organization_id'), ['organization_id'], unique=False)

    op.create_table('supports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('fund', 'other_money', 'technical', 'visit', name='supportkind', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('amount_requested', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('amount_approved', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('status', sa.Enum('proposed', 'approved', 'not_approved', 'done', 'reported', name='supportstatus', native_enum=False, create_constraint=True, length=30), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('given_by', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_supports_organization_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_supports_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supports'))
    )
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.create_index('ix_supports_organization_year', ['organization_id', 'fiscal_year'], unique=False)
        batch_op.create_index('ix_supports_year_kind_status', ['fiscal_year', 'kind', 'status'], unique=False)

    op.create_table('annual_report_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=64), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=60), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['annual_reports.id'], name=op.f('fk_annual_report_attachments_report_id_annual_reports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_annual_report_attachments_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annual_report_attachments')),
    sa.UniqueConstraint('filename', name=op.f('uq_annual_report_attachments_filename'))
    )
    with op.batch_alter_table('annual_report_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annual_report_attachments_report_id'), ['report_id'], unique=False)



def downgrade():
    with op.batch_alter_table('annual_report_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annual_report_attachments_report_id'))

    op.drop_table('annual_report_attachments')
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.drop_index('ix_supports_year_kind_status')
        batch_op.drop_index('ix_supports_organization_year')

    op.drop_table('supports')
    with op.batch_alter_table('follow_up_calls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_calls_organization_id'))

    op.drop_table('follow_up_calls')
    with op.batch_alter_table('annual_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_annual_reports_year_received')

    op.drop_table('annual_reports')
