"""Registrations for a forum, the organizer's extra questions and the PDPA consent record."""

import enum
import secrets
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.directory.models import _enum_column
from app.extensions import db
from app.forums.models import ForumStatus
from app.registration.phone import format_phone
from app.registration.short_codes import unused_short_code
from app.thai import search_key
from app.timeutil import utcnow

#: Registrations in these states hold a place: a seat or a place in line.
ACTIVE_WHERE = text("status != 'cancelled'")


def new_ticket_code():
    """A ticket's code: 192 random bits, URL-safe (32 characters). The QR holds the ticket URL made of it."""
    return secrets.token_urlsafe(24)


def new_manage_token():
    """The secret of a registration's manage link: 192 random bits, apart from the ticket code.

    The ticket is shown at the door and may be photographed; the manage link changes
    and cancels, so it is a separate secret the person keeps to themselves.
    """
    return secrets.token_urlsafe(24)


class RegistrationStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class Dietary(enum.StrEnum):
    NONE = "none"
    VEGETARIAN = "vegetarian"
    HALAL = "halal"
    OTHER = "other"


class Source(enum.StrEnum):
    """Where a registration came from."""

    PUBLIC = "public"
    INVITATION = "invitation"
    STAFF = "staff"
    API = "api"


class QuestionKind(enum.StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    CHOICES = "choices"
    YES_NO = "yes_no"


class ConsentPurpose(enum.StrEnum):
    """What a person agreed to, each apart and each withdrawable.

    The privacy notice is not among them: registering rests on the office's public task, not on
    consent; the notice's version and when it was shown are kept with the registration itself.
    """

    PHOTOS = "photos"
    LINE_GROUP = "line_group"
    MAILING_LIST = "mailing_list"
    SENSITIVE_DATA = "sensitive_data"


#: The consents a person may give or withdraw, and the registration column that holds each one's time.
CONSENT_COLUMNS = {
    ConsentPurpose.PHOTOS: "photo_consent_at",
    ConsentPurpose.LINE_GROUP: "line_consent_at",
    ConsentPurpose.MAILING_LIST: "mailing_consent_at",
    ConsentPurpose.SENSITIVE_DATA: "sensitive_consent_at",
}


class Registration(db.Model):
    """One person's place at a forum: a confirmed seat, a place in line, or a cancelled one."""

    __tablename__ = "registrations"
    __table_args__ = (
        CheckConstraint(
            "(status = 'waitlisted') = (waitlist_position IS NOT NULL)",
            name="waitlist_position_iff_waitlisted",
        ),
        CheckConstraint(
            "waitlist_position IS NULL OR waitlist_position >= 1", name="waitlist_position_positive"
        ),
        # One active registration per person and forum; cancelled ones stay as history.
        Index(
            "uq_registrations_forum_phone_active",
            "forum_id",
            "phone",
            unique=True,
            sqlite_where=ACTIVE_WHERE,
            postgresql_where=ACTIVE_WHERE,
        ),
        Index(
            "uq_registrations_forum_email_active",
            "forum_id",
            "email",
            unique=True,
            sqlite_where=ACTIVE_WHERE,
            postgresql_where=ACTIVE_WHERE,
        ),
        Index("ix_registrations_forum_status", "forum_id", "status"),
        UniqueConstraint("forum_id", "short_code", name="uq_registrations_forum_short_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))
    #: The organization from the directory; None when the person's organization is not listed.
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    #: The organization's name as the person typed it when it was not in the directory.
    organization_name: Mapped[str] = mapped_column(String(300), default="")
    #: The invitation whose seat quota this registration uses.
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitations.id", ondelete="SET NULL"), index=True
    )
    prefix: Mapped[str] = mapped_column(String(60), default="")
    first_name: Mapped[str] = mapped_column(String(150))
    last_name: Mapped[str] = mapped_column(String(150))
    position: Mapped[str] = mapped_column(String(200), default="")
    #: National form, digits only (0812345678): see app.registration.fields.normalize_phone.
    #: None only once the personal data has been erased.
    phone: Mapped[str | None] = mapped_column(String(20))
    #: Lower case; None when not given (so the unique index lets many people have none).
    email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[RegistrationStatus] = mapped_column(_enum_column(RegistrationStatus))
    #: 1 is the next to get a seat; None unless waitlisted.
    waitlist_position: Mapped[int | None]
    ticket_code: Mapped[str] = mapped_column(String(64), unique=True, default=new_ticket_code)
    manage_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_manage_token)
    #: What a person types at the door when the QR will not do: unique within the forum, drawn
    #: on insert by app.registration.short_codes (which knows the forum's codes).
    short_code: Mapped[str] = mapped_column(String(12))
    #: Sensitive (it may reveal religion): kept only with sensitive_consent_at set.
    dietary: Mapped[Dietary] = mapped_column(_enum_column(Dietary), default=Dietary.NONE)
    dietary_other: Mapped[str] = mapped_column(String(200), default="")
    #: Sensitive (it may reveal a disability): kept only with sensitive_consent_at set.
    accessibility_needs: Mapped[str] = mapped_column(String(500), default="")
    #: Answers to the forum's questions: {question id (text): text, list of texts or true/false}.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    #: The version of the privacy notice the person was shown, and when they registered under it.
    privacy_notice_version: Mapped[str] = mapped_column(String(20))
    privacy_notice_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Each consent's time while given; None when never given or withdrawn (the log keeps both).
    photo_consent_at: Mapped[datetime | None]
    line_consent_at: Mapped[datetime | None]
    mailing_consent_at: Mapped[datetime | None]
    sensitive_consent_at: Mapped[datetime | None]
    source: Mapped[Source] = mapped_column(_enum_column(Source), default=Source.PUBLIC)
    #: Staff who registered the person on their behalf.
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The registration whose seat (or place in line) this one took over as a replacement delegate.
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="SET NULL"), unique=True
    )
    #: Set by check-in (issue 5).
    checked_in_at: Mapped[datetime | None]
    #: Names, organization, phone and e-mail as app.thai.search_key makes them, for Thai search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    #: When the retention period ran out and the person's details were erased (app.registration.retention).
    erased_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    forum = relationship("Forum")
    organization = relationship("Organization")
    invitation = relationship("Invitation")
    created_by = relationship("User", foreign_keys=[created_by_id])
    cancelled_by = relationship("User", foreign_keys=[cancelled_by_id])
    replaces: Mapped["Registration | None"] = relationship(
        remote_side=[id], back_populates="replaced_by", foreign_keys=[replaces_id]
    )
    replaced_by: Mapped["Registration | None"] = relationship(back_populates="replaces", uselist=False)
    consents: Mapped[list["ConsentRecord"]] = relationship(
        back_populates="registration",
        cascade="all, delete-orphan",
        order_by="ConsentRecord.recorded_at, ConsentRecord.id",
    )

    @property
    def full_name(self):
        """The Thai way: the prefix joined to the first name (นายสมชาย ใจดี)."""
        if self.erased_at is not None:
            return _("(details erased)")
        return f"{self.prefix}{self.first_name} {self.last_name}".strip()

    @property
    def organization_display(self):
        return self.organization.name if self.organization is not None else self.organization_name

    @property
    def is_unlisted_organization(self):
        """The person named an organization that is not (yet) linked to the directory."""
        return self.organization_id is None and bool(self.organization_name)

    @property
    def phone_display(self):
        return format_phone(self.phone)

    @property
    def phone_hint(self):
        """The number's last four digits only (xxx-xxx-5678), for pages others may see."""
        return f"xxx-xxx-{self.phone[-4:]}" if self.phone else ""

    @property
    def is_active(self):
        return self.status != RegistrationStatus.CANCELLED

    @property
    def is_confirmed(self):
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waitlisted(self):
        return self.status == RegistrationStatus.WAITLISTED

    @property
    def has_ticket(self):
        """Only a confirmed seat has a QR to show at the door."""
        return self.is_confirmed

    @property
    def can_change(self):
        """Details can be changed and the place given up until the forum is over or called off."""
        return self.is_active and self.forum.status in (ForumStatus.OPEN, ForumStatus.CLOSED)

    @property
    def can_cancel(self):
        return self.can_change and self.checked_in_at is None

    @property
    def can_be_replaced(self):
        return self.can_cancel and self.invitation_id is not None

    @property
    def was_replaced(self):
        return self.status == RegistrationStatus.CANCELLED and self.replaced_by is not None

    def refresh_search_text(self):
        """Recompute the search column from the names, organization, phone and e-mail."""
        parts = [
            self.full_name,
            self.first_name,
            self.organization_display,
            self.phone,
            self.email,
            self.position,
        ]
        self.search_text = " ".join(search_key(p) for p in parts if p)

    def consent_given(self, purpose):
        return getattr(self, CONSENT_COLUMNS[ConsentPurpose(purpose)]) is not None

    def __repr__(self):
        return f"<Registration {self.id} {self.status} {self.full_name}>"


@event.listens_for(Registration, "before_insert")
def _give_short_code(mapper, connection, registration):
    """Every new registration gets a short code free in its forum, whichever way it was made."""
    if not registration.short_code:
        forum_id = registration.forum_id if registration.forum_id is not None else registration.forum.id
        registration.short_code = unused_short_code(connection, Registration.__table__, forum_id)


class ConsentRecord(db.Model):
    """One consent given or withdrawn: the PDPA record, never edited."""

    __tablename__ = "registration_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[ConsentPurpose] = mapped_column(_enum_column(ConsentPurpose))
    granted: Mapped[bool]
    #: The privacy notice the person had before them.
    notice_version: Mapped[str] = mapped_column(String(20))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Staff who recorded it for the person (on the phone, on paper); None when the person did.
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    registration: Mapped[Registration] = relationship(back_populates="consents")


class Question(db.Model):
    """An extra question an organizer asks on a forum's registration form."""

    __tablename__ = "registration_questions"
    __table_args__ = (Index("ix_registration_questions_forum_position", "forum_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(300))
    kind: Mapped[QuestionKind] = mapped_column(_enum_column(QuestionKind))
    #: The choices of a one-choice or several-choices question, in order.
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    required: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    forum = relationship("Forum")

    @property
    def key(self):
        """The key of this question's answer in Registration.answers."""
        return str(self.id)

    @property
    def has_options(self):
        return self.kind in (QuestionKind.CHOICE, QuestionKind.CHOICES)
