"""Forums and trainings, their agenda, the invitations to organizations and the notices sent about them."""

import enum
import secrets
from datetime import date, datetime, time, timedelta

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.directory.models import _enum_column
from app.extensions import db
from app.thai import to_bangkok
from app.timeutil import utcnow

#: Letters and digits nobody confuses when copying from a poster (no 0/o, 1/l/i).
PUBLIC_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_public_code():
    """The code in a forum's public address: 8 characters, about 40 random bits.

    Open forums are meant to be shared, so the code only has to keep people from
    stumbling on forums by counting; drafts are never served at all.
    """
    return "".join(secrets.choice(PUBLIC_CODE_ALPHABET) for _ in range(8))


def new_invitation_token():
    """An invitation's secret: 144 random bits, URL-safe (24 characters)."""
    return secrets.token_urlsafe(18)


class ForumKind(enum.StrEnum):
    FORUM = "forum"
    TRAINING = "training"
    MEETING = "meeting"
    SEMINAR = "seminar"


class ForumStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    FINISHED = "finished"
    CANCELLED = "cancelled"


class SpeakerRole(enum.StrEnum):
    CHAIR = "chair"
    LECTURER = "lecturer"
    REPORTER = "reporter"
    FACILITATOR = "facilitator"


class InvitationStatus(enum.StrEnum):
    NOT_SENT = "not_sent"
    SENT = "sent"
    OPENED = "opened"
    REGISTERED = "registered"
    DECLINED = "declined"


class Channel(enum.StrEnum):
    """How an invitation or a reminder reached the organization."""

    EMAIL = "email"
    LETTER = "letter"
    LINE = "line"
    PHONE = "phone"
    OTHER = "other"


class NoticeKind(enum.StrEnum):
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


class CertificateRule(enum.StrEnum):
    """What attendance earns a certificate of participation."""

    ANY_DAY = "any_day"
    EVERY_DAY = "every_day"


class RegistrationPhase(enum.StrEnum):
    """Where a forum stands for someone who wants to register, as the public page shows it."""

    DRAFT = "draft"
    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"
    FINISHED = "finished"
    CANCELLED = "cancelled"


class ForumStage(enum.StrEnum):
    """Where a forum stands for its organizer, which decides what its page offers first.

    One rule, Forum.stage_at; templates and views only ask it (or the can_* properties below).
    """

    DRAFT = "draft"
    #: Published (open or closed for registration) and its first day has not come.
    BEFORE = "before"
    #: On one of its days, until it ends.
    UNDER_WAY = "under_way"
    #: Marked finished, or its end has passed.
    FINISHED = "finished"
    CANCELLED = "cancelled"


forum_organizers = Table(
    "forum_organizers",
    db.metadata,
    Column("forum_id", ForeignKey("forums.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Forum(db.Model):
    __tablename__ = "forums"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        CheckConstraint("seats_per_organization >= 1", name="seats_positive"),
        Index("ix_forums_starts_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The code in the public address /f/<code>.
    public_code: Mapped[str] = mapped_column(String(16), unique=True, default=new_public_code)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[ForumKind] = mapped_column(_enum_column(ForumKind), default=ForumKind.FORUM)
    description: Mapped[str] = mapped_column(Text, default="")
    objectives: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ForumStatus] = mapped_column(_enum_column(ForumStatus), default=ForumStatus.DRAFT)
    #: Naive UTC, like every stored time; entered and shown in Asia/Bangkok.
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    venue_name: Mapped[str] = mapped_column(String(300), default="")
    venue_address: Mapped[str] = mapped_column(String(500), default="")
    map_url: Mapped[str] = mapped_column(String(1000), default="")
    capacity: Mapped[int]
    #: The default quota of an invited organization.
    seats_per_organization: Mapped[int] = mapped_column(default=1)
    #: The invitation letter's running number in the office's circulars of its fiscal year
    #: (ที่ พม ๐๐๖๕/ว 123), given by the registry; None leaves it to be written in.
    letter_number: Mapped[int | None]
    #: What the invitation letter answers or follows (อ้างถึง), e.g. the province's letter
    #: "หนังสือจังหวัดพิษณุโลก ที่ พล ๐๐๒๓/ว ๔๕๖ ลงวันที่ ๑ ตุลาคม ๒๕๖๑"; empty: the letter has none.
    letter_reference: Mapped[str] = mapped_column(String(300), default="")
    #: None: registration opens as soon as the forum is open.
    registration_opens_at: Mapped[datetime | None]
    #: None: registration closes when the forum starts.
    registration_closes_at: Mapped[datetime | None]
    #: Values of OrganizationKind the forum is meant for; the invitation chooser starts from them.
    target_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: What attendance earns a certificate; only a forum of several days can tell the two apart.
    certificate_rule: Mapped[CertificateRule] = mapped_column(
        _enum_column(CertificateRule),
        default=CertificateRule.ANY_DAY,
        server_default=CertificateRule.ANY_DAY.value,
    )
    #: The first date the forum was announced for, once it has been postponed.
    postponed_from: Mapped[datetime | None]
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    #: The forum this one was cloned from.
    cloned_from_id: Mapped[int | None] = mapped_column(ForeignKey("forums.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organizers = relationship("User", secondary=forum_organizers, order_by="User.name")
    created_by = relationship("User", foreign_keys=[created_by_id])
    agenda: Mapped[list["AgendaItem"]] = relationship(
        back_populates="forum",
        cascade="all, delete-orphan",
        order_by="AgendaItem.position",
    )
    invitations: Mapped[list["Invitation"]] = relationship(
        back_populates="forum", cascade="all, delete-orphan", passive_deletes=True
    )
    notices: Mapped[list["ForumNotice"]] = relationship(
        back_populates="forum", cascade="all, delete-orphan", order_by="ForumNotice.created_at"
    )

    @property
    def local_start(self):
        return to_bangkok(self.starts_at)

    @property
    def local_end(self):
        return to_bangkok(self.ends_at)

    @property
    def days(self):
        """The forum's calendar days in Bangkok, first to last."""
        first, last = self.local_start.date(), self.local_end.date()
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    @property
    def is_multi_day(self):
        return len(self.days) > 1

    def needs_every_day(self, rule):
        """Whether a certificate under `rule` asks for a check-in on each day: only a forum of several
        days can ask that."""
        return rule == CertificateRule.EVERY_DAY and self.is_multi_day

    @property
    def certificate_needs_every_day(self):
        return self.needs_every_day(self.certificate_rule)

    @property
    def effective_registration_closes_at(self):
        return self.registration_closes_at or self.starts_at

    def registration_phase_at(self, moment):
        """The registration phase at a moment (naive UTC)."""
        if self.status in (ForumStatus.DRAFT, ForumStatus.CANCELLED, ForumStatus.FINISHED):
            return RegistrationPhase(self.status.value)
        if self.status == ForumStatus.CLOSED or moment >= self.effective_registration_closes_at:
            return RegistrationPhase.CLOSED
        if self.registration_opens_at is not None and moment < self.registration_opens_at:
            return RegistrationPhase.NOT_YET
        return RegistrationPhase.OPEN

    @property
    def registration_phase(self):
        return self.registration_phase_at(utcnow())

    @property
    def is_open_for_registration(self):
        """The one rule for taking registrations: the forum is open and inside its window."""
        return self.registration_phase == RegistrationPhase.OPEN

    def stage_at(self, moment):
        """The forum's stage at a moment (naive UTC); see ForumStage."""
        if self.status in (ForumStatus.DRAFT, ForumStatus.CANCELLED, ForumStatus.FINISHED):
            return ForumStage(self.status.value)
        if moment >= self.ends_at:
            return ForumStage.FINISHED
        if to_bangkok(moment).date() >= self.days[0]:
            return ForumStage.UNDER_WAY
        return ForumStage.BEFORE

    @property
    def stage(self):
        return self.stage_at(utcnow())

    def can_be_finished_at(self, moment):
        """Only a published forum that has started can be marked as held."""
        return self.status in (ForumStatus.OPEN, ForumStatus.CLOSED) and moment >= self.starts_at

    @property
    def can_be_finished(self):
        return self.can_be_finished_at(utcnow())

    @property
    def can_change_agenda(self):
        """The programme is settled once the forum is over or called off."""
        return self.stage not in (ForumStage.FINISHED, ForumStage.CANCELLED)

    @property
    def offers_checkin(self):
        """The door's tools (scanner, search, walk-ins) are for a published forum until it is over."""
        return self.stage in (ForumStage.BEFORE, ForumStage.UNDER_WAY)

    @property
    def shows_seats_left(self):
        """Seats left only matter while people may still register or walk in."""
        return self.stage in (ForumStage.DRAFT, ForumStage.BEFORE, ForumStage.UNDER_WAY)

    @property
    def is_public(self):
        """Drafts are never shown to anybody outside the office."""
        return self.status != ForumStatus.DRAFT

    @property
    def is_postponed(self):
        return self.postponed_from is not None

    @property
    def is_past(self):
        return self.ends_at < utcnow()

    @property
    def can_invite(self):
        """Organizations can be added while the forum is being planned or is under way."""
        return self.status in (ForumStatus.DRAFT, ForumStatus.OPEN, ForumStatus.CLOSED)

    @property
    def can_send_invitations(self):
        """Invitation links lead to the forum only once it is open: sending before that is refused."""
        return self.status == ForumStatus.OPEN

    @property
    def can_be_deleted(self):
        """A draft nobody has been told about can go; anything else is history."""
        return self.status == ForumStatus.DRAFT and all(
            i.status == InvitationStatus.NOT_SENT for i in self.invitations
        )

    @property
    def sequence(self):
        """How often the forum was moved or called off: the iCalendar SEQUENCE."""
        return len(self.notices)

    def __repr__(self):
        return f"<Forum {self.id} {self.status} {self.title}>"


class AgendaItem(db.Model):
    """One point of the programme: on which day of the forum, from when (to when), what and who."""

    __tablename__ = "agenda_items"
    __table_args__ = (
        CheckConstraint("day >= 1", name="day_positive"),
        CheckConstraint("end_time IS NULL OR end_time > start_time", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    #: The order on the programme; reordering swaps these.
    position: Mapped[int] = mapped_column(default=0)
    #: 1 for the forum's first day: the agenda keeps its shape when the forum is moved.
    day: Mapped[int] = mapped_column(default=1)
    #: Wall-clock times in Bangkok.
    start_time: Mapped[time]
    end_time: Mapped[time | None]
    title: Mapped[str] = mapped_column(String(300))
    speaker: Mapped[str] = mapped_column(String(300), default="")
    speaker_role: Mapped[SpeakerRole | None] = mapped_column(_enum_column(SpeakerRole))

    forum: Mapped[Forum] = relationship(back_populates="agenda")

    @property
    def date(self) -> date:
        return self.forum.local_start.date() + timedelta(days=self.day - 1)


class Invitation(db.Model):
    """One organization invited to one forum, with its seat quota and its own secret link."""

    __tablename__ = "invitations"
    __table_args__ = (
        UniqueConstraint("forum_id", "organization_id", name="uq_invitations_forum_organization"),
        CheckConstraint("seats >= 1", name="seats_positive"),
        Index("ix_invitations_organization_status", "organization_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    #: The secret in the invitation's link /i/<token>; see new_invitation_token.
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_invitation_token)
    #: How many people of the organization may register through this invitation.
    seats: Mapped[int] = mapped_column(default=1)
    status: Mapped[InvitationStatus] = mapped_column(
        _enum_column(InvitationStatus), default=InvitationStatus.NOT_SENT
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: When the invitation first went out (the mail job, or staff marking it sent) and how.
    sent_at: Mapped[datetime | None]
    sent_via: Mapped[Channel | None] = mapped_column(_enum_column(Channel))
    #: The first visit of the invitation's link.
    opened_at: Mapped[datetime | None]
    declined_at: Mapped[datetime | None]
    decline_reason: Mapped[str] = mapped_column(Text, default="")

    forum: Mapped[Forum] = relationship(back_populates="invitations")
    organization = relationship("Organization")
    reminders: Mapped[list["InvitationReminder"]] = relationship(
        back_populates="invitation",
        cascade="all, delete-orphan",
        order_by="InvitationReminder.sent_at",
    )

    @property
    def is_answered(self):
        return self.status in (InvitationStatus.REGISTERED, InvitationStatus.DECLINED)

    @property
    def can_be_removed(self):
        """Only an invitation the organization has never seen can be taken back silently."""
        return self.status == InvitationStatus.NOT_SENT

    @property
    def can_decline(self):
        return self.status in (InvitationStatus.NOT_SENT, InvitationStatus.SENT, InvitationStatus.OPENED)

    @property
    def last_reminded_at(self):
        return self.reminders[-1].sent_at if self.reminders else None


class InvitationReminder(db.Model):
    """One reminder to an organization that had not answered, with its date."""

    __tablename__ = "invitation_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    channel: Mapped[Channel] = mapped_column(_enum_column(Channel))
    #: The staff member who recorded it; None when the mail job sent it.
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    invitation: Mapped[Invitation] = relationship(back_populates="reminders")


class ForumNotice(db.Model):
    """A cancellation or postponement that everybody invited and registered must be told of."""

    __tablename__ = "forum_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    kind: Mapped[NoticeKind] = mapped_column(_enum_column(NoticeKind))
    reason: Mapped[str] = mapped_column(Text, default="")
    previous_starts_at: Mapped[datetime]
    previous_ends_at: Mapped[datetime]
    #: The new dates of a postponement.
    new_starts_at: Mapped[datetime | None]
    new_ends_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Set by the mail job once every recipient with an e-mail address has been sent the notice.
    sent_at: Mapped[datetime | None]

    forum: Mapped[Forum] = relationship(back_populates="notices")
    created_by = relationship("User")
