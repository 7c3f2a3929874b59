"""lesson-learned notes and their photos, action items, notes settings, the feedback survey

Revision ID: 0008
Revises: 0007 (the registrations: feedback answers and receipts refer to them)
Create Date: 2026-11-26 02:33:11.571019

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('feedback_surveys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_feedback_surveys_forum_id_forums'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_surveys')),
    sa.UniqueConstraint('forum_id', name=op.f('uq_feedback_surveys_forum_id')),
    sa.UniqueConstraint('token', name=op.f('uq_feedback_surveys_token'))
    )
    op.create_table('forum_notes_settings',
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('photos_public', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_forum_notes_settings_forum_id_forums'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('forum_id', name=op.f('pk_forum_notes_settings'))
    )
    op.create_table('feedback_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['feedback_surveys.id'], name=op.f('fk_feedback_questions_survey_id_feedback_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_questions'))
    )
    with op.batch_alter_table('feedback_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_questions_survey_id'), ['survey_id'], unique=False)

    op.create_table('lesson_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.Enum('what_worked', 'success_factor', 'challenge', 'recommendation', 'other', name='notecategory', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_lesson_notes_agenda_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_lesson_notes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_lesson_notes_forum_id_forums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_lesson_notes_organization_id_organizations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_lesson_notes_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson_notes'))
    )
    with op.batch_alter_table('lesson_notes', schema=None) as batch_op:
        batch_op.create_index('ix_lesson_notes_forum_category', ['forum_id', 'category'], unique=False)
        batch_op.create_index(batch_op.f('ix_lesson_notes_organization_id'), ['organization_id'], unique=False)

    op.create_table('action_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner_organization_id', sa.Integer(), nullable=True),
    sa.Column('owner_user_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('open', 'done', name='actionstatus', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.CheckConstraint("(status = 'done') = (done_at IS NOT NULL)", name=op.f('ck_action_items_done_when_done_at')),
    sa.CheckConstraint('owner_organization_id IS NULL OR owner_user_id IS NULL', name=op.f('ck_action_items_one_owner')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_action_items_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_action_items_forum_id_forums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['note_id'], ['lesson_notes.id'], name=op.f('fk_action_items_note_id_lesson_notes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_organization_id'], ['organizations.id'], name=op.f('fk_action_items_owner_organization_id_organizations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_user_id'], ['users.id'], name=op.f('fk_action_items_owner_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_items'))
    )
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_items_forum_id'), ['forum_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_owner_organization_id'), ['owner_organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_owner_user_id'), ['owner_user_id'], unique=False)
        batch_op.create_index('ix_action_items_status_due_on', ['status', 'due_on'], unique=False)

    op.create_table('feedback_receipts',
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_feedback_receipts_registration_id_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['feedback_surveys.id'], name=op.f('fk_feedback_receipts_survey_id_feedback_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('survey_id', 'registration_id', name=op.f('pk_feedback_receipts'))
    )
    op.create_table('feedback_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_feedback_responses_organization_id_organizations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_feedback_responses_registration_id_registrations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_id'], ['feedback_surveys.id'], name=op.f('fk_feedback_responses_survey_id_feedback_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_responses')),
    sa.UniqueConstraint('survey_id', 'registration_id', name='uq_feedback_responses_survey_registration')
    )
    with op.batch_alter_table('feedback_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_responses_survey_id'), ['survey_id'], unique=False)

    op.create_table('note_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=64), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['note_id'], ['lesson_notes.id'], name=op.f('fk_note_photos_note_id_lesson_notes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_note_photos_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note_photos')),
    sa.UniqueConstraint('filename', name=op.f('uq_note_photos_filename'))
    )
    with op.batch_alter_table('note_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_photos_note_id'), ['note_id'], unique=False)

    op.create_table('feedback_answers',
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.CheckConstraint('score BETWEEN 1 AND 5', name=op.f('ck_feedback_answers_score_on_scale')),
    sa.ForeignKeyConstraint(['question_id'], ['feedback_questions.id'], name=op.f('fk_feedback_answers_question_id_feedback_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['feedback_responses.id'], name=op.f('fk_feedback_answers_response_id_feedback_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', 'question_id', name=op.f('pk_feedback_answers'))
    )


def downgrade():
    op.drop_table('feedback_answers')
    with op.batch_alter_table('note_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_photos_note_id'))

    op.drop_table('note_photos')
    with op.batch_alter_table('feedback_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_responses_survey_id'))

    op.drop_table('feedback_responses')
    op.drop_table('feedback_receipts')
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.drop_index('ix_action_items_status_due_on')
        batch_op.drop_index(batch_op.f('ix_action_items_owner_user_id'))
        batch_op.drop_index(batch_op.f('ix_action_items_owner_organization_id'))
        batch_op.drop_index(batch_op.f('ix_action_items_forum_id'))

    op.drop_table('action_items')
    with op.batch_alter_table('lesson_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lesson_notes_organization_id'))
        batch_op.drop_index('ix_lesson_notes_forum_category')

    op.drop_table('lesson_notes')
    with op.batch_alter_table('feedback_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_questions_survey_id'))

    op.drop_table('feedback_questions')
    op.drop_table('forum_notes_settings')
    op.drop_table('feedback_surveys')
