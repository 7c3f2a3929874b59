"""Lesson-learned notes with their photos, action items, notes settings and the feedback survey."""

import enum
import secrets
from datetime import date, datetime

from markupsafe import Markup
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.directory.models import _enum_column
from app.extensions import db
from app.notes.rendering import render_markdown
from app.thai import search_key, to_bangkok
from app.timeutil import utcnow


class NoteCategory(enum.StrEnum):
    """The headings under which Thai offices write up the lessons of a forum (ถอดบทเรียน)."""

    WHAT_WORKED = "what_worked"
    SUCCESS_FACTOR = "success_factor"
    CHALLENGE = "challenge"
    RECOMMENDATION = "recommendation"
    OTHER = "other"


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"


def today_in_bangkok():
    return to_bangkok(utcnow()).date()


class NotesSettings(db.Model):
    """What the organizers of one forum decided about its notes."""

    __tablename__ = "forum_notes_settings"

    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), primary_key=True)
    #: Photos of the notes may be opened without logging in (for a public report or a LINE group).
    photos_public: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class LessonNote(db.Model):
    """One lesson learned at a forum, under one heading, perhaps from one organization and agenda item."""

    __tablename__ = "lesson_notes"
    __table_args__ = (Index("ix_lesson_notes_forum_category", "forum_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))
    category: Mapped[NoteCategory] = mapped_column(_enum_column(NoteCategory))
    #: Markdown as typed; rendered through app.notes.rendering, never shown raw as HTML.
    body: Mapped[str] = mapped_column(Text, default="")
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    #: Raised by every saved change; an edit must name the version it started from (optimistic lock).
    version: Mapped[int] = mapped_column(default=1)
    #: The body rendered by app.notes.rendering (sanitised), kept so a page of notes renders none.
    body_html: Mapped[str] = mapped_column(Text, default="")
    #: The body by app.thai.search_key, for substring search in Thai.
    search_text: Mapped[str] = mapped_column(Text, default="")

    __mapper_args__ = {"version_id_col": version}

    forum = relationship("Forum")
    organization = relationship("Organization")
    agenda_item = relationship("AgendaItem")
    author = relationship("User", foreign_keys=[author_id])
    updated_by = relationship("User", foreign_keys=[updated_by_id])
    photos: Mapped[list["NotePhoto"]] = relationship(
        back_populates="note", cascade="all, delete-orphan", order_by="NotePhoto.id"
    )
    action_items: Mapped[list["ActionItem"]] = relationship(back_populates="note", order_by="ActionItem.id")

    @property
    def safe_html(self):
        """The stored rendering, marked safe for templates (it was sanitised when the body was saved)."""
        return Markup(self.body_html)

    @property
    def was_edited(self):
        return self.version > 1

    def refresh_derived_fields(self):
        """Recompute the rendering and the search text from the body."""
        self.body_html = str(render_markdown(self.body))
        self.search_text = search_key(self.body)


class NotePhoto(db.Model):
    """A photo attached to a note: re-encoded as JPEG without its metadata, stored under a random name."""

    __tablename__ = "note_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("lesson_notes.id", ondelete="CASCADE"), index=True)
    #: The random file name under instance/uploads/notes/ (also the photo's address).
    filename: Mapped[str] = mapped_column(String(64), unique=True)
    #: The name the file had on the uploader's device, for people only.
    original_name: Mapped[str] = mapped_column(String(255), default="")
    width: Mapped[int]
    height: Mapped[int]
    size_bytes: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    note: Mapped[LessonNote] = relationship(back_populates="photos")


class ActionItem(db.Model):
    """Something to be done after a forum, by an organization of the network or a staff member."""

    __tablename__ = "action_items"
    __table_args__ = (
        CheckConstraint("owner_organization_id IS NULL OR owner_user_id IS NULL", name="one_owner"),
        CheckConstraint("(status = 'done') = (done_at IS NOT NULL)", name="done_when_done_at"),
        Index("ix_action_items_status_due_on", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    #: The lesson it came from.
    note_id: Mapped[int | None] = mapped_column(ForeignKey("lesson_notes.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(Text)
    #: At most one owner: an organization of the directory or a staff member (or nobody yet).
    owner_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(_enum_column(ActionStatus), default=ActionStatus.OPEN)
    done_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    #: The description by app.thai.search_key.
    search_text: Mapped[str] = mapped_column(Text, default="")

    forum = relationship("Forum")
    note: Mapped[LessonNote | None] = relationship(back_populates="action_items")
    owner_organization = relationship("Organization")
    owner_user = relationship("User", foreign_keys=[owner_user_id])
    created_by = relationship("User", foreign_keys=[created_by_id])

    @property
    def is_done(self):
        return self.status == ActionStatus.DONE

    def is_overdue_on(self, day):
        return not self.is_done and self.due_on is not None and self.due_on < day

    @property
    def is_overdue(self):
        """Still open after its due date (days counted in Bangkok)."""
        return self.is_overdue_on(today_in_bangkok())

    @property
    def owner_name(self):
        if self.owner_organization is not None:
            return self.owner_organization.name
        if self.owner_user is not None:
            return self.owner_user.display_name
        return ""

    def refresh_search_fields(self):
        self.search_text = search_key(self.description)


def new_survey_token():
    """The secret in a forum's feedback link /feedback/<token>: 128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


class FeedbackSurvey(db.Model):
    """A forum's participant survey: the questions the organizers picked and how answers are kept."""

    __tablename__ = "feedback_surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_survey_token)
    #: Anonymous: nothing stored with an answer says whose it is (see app.notes.feedback).
    anonymous: Mapped[bool] = mapped_column(default=False)
    #: Answers are taken only while the survey is open.
    is_open: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    forum = relationship("Forum")
    questions: Mapped[list["FeedbackQuestion"]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", order_by="FeedbackQuestion.position"
    )
    responses: Mapped[list["FeedbackResponse"]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", passive_deletes=True
    )


class FeedbackQuestion(db.Model):
    """One statement rated on the 5-level scale (5 มากที่สุด … 1 น้อยที่สุด)."""

    __tablename__ = "feedback_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("feedback_surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(300))

    survey: Mapped[FeedbackSurvey] = relationship(back_populates="questions")


class FeedbackResponse(db.Model):
    """One participant's answers and comment.

    In a named survey `registration_id` says whose answer it is (one per registration);
    in an anonymous one it is None, and the day, not the time, is kept.
    """

    __tablename__ = "feedback_responses"
    __table_args__ = (
        UniqueConstraint("survey_id", "registration_id", name="uq_feedback_responses_survey_registration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("feedback_surveys.id", ondelete="CASCADE"), index=True)
    #: Whose answer it is (named surveys only); the scores stay when the person's data is erased.
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    #: The organization of a named answer, for the search and the organization's page.
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))
    submitted_on: Mapped[date] = mapped_column(Date)
    comment: Mapped[str] = mapped_column(Text, default="")
    #: The comment by app.thai.search_key.
    search_text: Mapped[str] = mapped_column(Text, default="")

    survey: Mapped[FeedbackSurvey] = relationship(back_populates="responses")
    organization = relationship("Organization")
    answers: Mapped[list["FeedbackAnswer"]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )


class FeedbackAnswer(db.Model):
    __tablename__ = "feedback_answers"
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="score_on_scale"),)

    response_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_responses.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_questions.id", ondelete="CASCADE"), primary_key=True
    )
    score: Mapped[int]

    response: Mapped[FeedbackResponse] = relationship(back_populates="answers")


class FeedbackReceipt(db.Model):
    """That a registered participant has answered a survey, and nothing else.

    This is how one answer per participant holds in an anonymous survey: the
    receipt names the registration but not the answer, carries no time, and
    nothing joins the two.
    """

    __tablename__ = "feedback_receipts"

    survey_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_surveys.id", ondelete="CASCADE"), primary_key=True
    )
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    )
