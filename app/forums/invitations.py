"""Invitation rules: choosing organizations, inviting them with a quota, what becomes of each invitation."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import String, cast, exists, func, select

from app.checkin.participation import organizations_took_part
from app.directory.models import Organization, OrganizationKind, OrganizationStatus
from app.extensions import db
from app.forums.models import (
    Channel,
    Invitation,
    InvitationReminder,
    InvitationStatus,
    NoticeKind,
)
from app.forums.service import ForumDataError, ForumError
from app.params import is_record_id
from app.registration.capacity import seats_used
from app.thai import clean_text, fiscal_year_bounds, fiscal_year_of, search_key
from app.timeutil import utcnow

PARTICIPATION_FILTERS = ("none_this_year", "never_attended", "never_invited")
#: Statuses of an invitation whose organization has been told about the forum.
TOLD = (
    InvitationStatus.SENT,
    InvitationStatus.OPENED,
    InvitationStatus.REGISTERED,
    InvitationStatus.DECLINED,
)
#: Statuses that wait for an answer: these get reminders.
UNANSWERED = (InvitationStatus.SENT, InvitationStatus.OPENED)


class AlreadyInvited(ForumError):
    """Some organizations already have an invitation to this forum."""

    def __init__(self, invitations):
        names = ", ".join(i.organization.name for i in invitations[:5])
        more = len(invitations) - 5
        super().__init__(
            _("Already invited: %(names)s", names=names)
            + (_(" and %(count)d more", count=more) if more > 0 else "")
        )
        self.invitations = invitations


# Choosing organizations


def _other_forums_invitations(forum):
    stmt = select(Invitation.id).where(Invitation.organization_id == Organization.id)
    if forum is not None and forum.id is not None:
        stmt = stmt.where(Invitation.forum_id != forum.id)
    return stmt


@dataclass
class InvitationFilter:
    """Which organizations of the directory the chooser lists for a forum."""

    kinds: list[str] = field(default_factory=list)
    district: str = ""
    status: str = OrganizationStatus.ACTIVE.value
    fields_of_work: list[str] = field(default_factory=list)
    participation: str = ""
    q: str = ""

    def statement(self, forum):
        stmt = select(Organization)
        kinds = [OrganizationKind(k) for k in self.kinds if k in set(OrganizationKind)]
        if kinds:
            stmt = stmt.where(Organization.kind.in_(kinds))
        if self.status in set(OrganizationStatus):
            stmt = stmt.where(Organization.status == OrganizationStatus(self.status))
        if self.district:
            stmt = stmt.where(Organization.district_code == self.district)
        if self.fields_of_work:
            # JSON lists of plain keys: a quoted key matches exactly one element, on SQLite and PostgreSQL.
            text = cast(Organization.fields_of_work, String)
            stmt = stmt.where(db.or_(*(text.like(f'%"{key}"%') for key in self.fields_of_work)))
        if key := search_key(self.q):
            escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(Organization.search_text.like(f"%{escaped}%", escape="\\"))
        stmt = self._participation(stmt, forum)
        return stmt.order_by(Organization.kind, Organization.name_sort, Organization.id)

    def _participation(self, stmt, forum):
        if self.participation == "never_invited":
            return stmt.where(~exists(_other_forums_invitations(forum)))
        # Took part = checked in, not undone (app.checkin.participation), at a forum other than this one.
        other_than = forum.id if forum is not None else None
        if self.participation == "never_attended":
            return stmt.where(Organization.id.not_in(organizations_took_part(exclude_forum_id=other_than)))
        if self.participation == "none_this_year":
            first, last = fiscal_year_bounds(fiscal_year_of(forum.starts_at))
            return stmt.where(
                Organization.id.not_in(organizations_took_part(first, last, exclude_forum_id=other_than))
            )
        return stmt


def choose_organizations(forum, invitation_filter):
    """The organizations the filter finds, and the ids of those among them already invited to the forum."""
    organizations = db.session.scalars(invitation_filter.statement(forum)).all()
    invited = set(
        db.session.scalars(select(Invitation.organization_id).where(Invitation.forum_id == forum.id))
    )
    return organizations, invited


def find_organizations(ids):
    """The organizations with these ids, and the ids that match none."""
    wanted = list(dict.fromkeys(ids))
    possible = [i for i in wanted if is_record_id(i)]
    found = db.session.scalars(select(Organization).where(Organization.id.in_(possible))).all()
    by_id = {o.id: o for o in found}
    return [by_id[i] for i in wanted if i in by_id], [i for i in wanted if i not in by_id]


# Inviting


def _check_seats(forum, seats):
    if not isinstance(seats, int) or isinstance(seats, bool) or seats < 1:
        raise ForumDataError({"seats": _("The number of seats must be at least 1.")})
    if seats > forum.capacity:
        raise ForumDataError(
            {"seats": _("An organization cannot have more seats than the forum (%(n)d).", n=forum.capacity)}
        )


def invite_organizations(forum, organizations, seats=None, actor=None):
    """Give each organization an invitation with its own link and a seat quota (default: the forum's).

    Nothing is created when one of them is already invited.
    :raise AlreadyInvited: naming the organizations that already have an invitation.
    """
    if not forum.can_invite:
        raise ForumError(_("A cancelled or finished forum takes no more invitations."))
    seats = forum.seats_per_organization if seats is None else seats
    _check_seats(forum, seats)
    organizations = list(dict.fromkeys(organizations))
    ids = [o.id for o in organizations]
    existing = db.session.scalars(
        select(Invitation).where(Invitation.forum_id == forum.id, Invitation.organization_id.in_(ids))
    ).all()
    if existing:
        raise AlreadyInvited(existing)
    invitations = [
        Invitation(
            forum=forum,
            organization=organization,
            seats=seats,
            created_by_id=actor.id if actor else None,
        )
        for organization in organizations
    ]
    db.session.add_all(invitations)
    db.session.flush()
    return invitations


def invitations_of(forum, status=""):
    """The forum's invitations in the directory's order, optionally of one status."""
    stmt = (
        select(Invitation)
        .join(Invitation.organization)
        .where(Invitation.forum_id == forum.id)
        .order_by(Organization.kind, Organization.name_sort, Invitation.id)
    )
    if status == "unanswered":
        stmt = stmt.where(Invitation.status.in_(UNANSWERED))
    elif status in set(InvitationStatus):
        stmt = stmt.where(Invitation.status == InvitationStatus(status))
    return db.session.scalars(stmt).all()


def invitation_summary(forum):
    """{status: count} of the forum's invitations, every status present."""
    counts = dict.fromkeys(InvitationStatus, 0)
    rows = db.session.execute(
        select(Invitation.status, func.count())
        .where(Invitation.forum_id == forum.id)
        .group_by(Invitation.status)
    )
    for status, count in rows:
        counts[InvitationStatus(status)] = count
    return counts


def pick(forum, invitation_ids):
    """The forum's invitations with these ids (ids of other forums are ignored)."""
    ids = {i for i in map(int, invitation_ids) if is_record_id(i)}
    if not ids:
        return []
    return db.session.scalars(
        select(Invitation).where(Invitation.forum_id == forum.id, Invitation.id.in_(ids))
    ).all()


def change_quota(invitations, seats):
    """Give each invitation a new seat quota, never below the places its organization already holds.

    :raise ForumDataError: naming the first organization that has more people registered.
    """
    for invitation in invitations:
        _check_seats(invitation.forum, seats)
        if (used := seats_used(invitation)) > seats:
            raise ForumDataError(
                {
                    "seats": _(
                        "%(name)s already has %(n)d people registered: cancel some first.",
                        name=invitation.organization.name,
                        n=used,
                    )
                }
            )
        invitation.seats = seats
    db.session.flush()


def mark_sent(invitations, channel, now=None):
    """Record that invitations went out by a channel (a letter, LINE, the mail job…).

    Only not-sent invitations change; the first sending is the one kept.
    :raise ForumError: while the forum is not open, because its links lead nowhere yet.
    """
    channel = Channel(channel)
    changed = []
    for invitation in invitations:
        if not invitation.forum.can_send_invitations:
            raise ForumError(_("Open the forum first: its invitation links do not work before that."))
        if invitation.sent_at is None:
            invitation.sent_at = now or utcnow()
            invitation.sent_via = channel
        if invitation.status == InvitationStatus.NOT_SENT:
            invitation.status = InvitationStatus.SENT
            changed.append(invitation)
    db.session.flush()
    return changed


def remove_invitations(invitations):
    """Take back invitations that were never sent; the others stay (their organizations know)."""
    removable = [i for i in invitations if i.can_be_removed]
    for invitation in removable:
        db.session.delete(invitation)
    db.session.flush()
    return removable


def record_reminders(invitations, channel, actor=None, now=None):
    """Note a reminder for each invitation still waiting for an answer; the others are left alone."""
    return [
        record_reminder(invitation, channel, actor, now)
        for invitation in invitations
        if invitation.status in UNANSWERED
    ]


def reminder_candidates(forum):
    """The invitations that went out and are not answered yet: the ones to remind."""
    return invitations_of(forum, "unanswered")


def record_reminder(invitation, channel, actor=None, now=None):
    """Note that a reminder went to the organization (the date is kept for each one)."""
    if invitation.status not in UNANSWERED:
        raise ForumError(_("Only invitations that are sent and not answered get reminders."))
    reminder = InvitationReminder(
        channel=Channel(channel), sent_at=now or utcnow(), recorded_by_id=actor.id if actor else None
    )
    invitation.reminders.append(reminder)
    db.session.flush()
    return reminder


# What the organization does with its link


def find_invitation(token):
    """The invitation of a link, or None; invitations to drafts do not exist for the public."""
    if not token or len(token) > 64:
        return None
    invitation = db.session.scalar(select(Invitation).where(Invitation.token == token))
    if invitation is None or not invitation.forum.is_public:
        return None
    return invitation


def mark_opened(invitation, now=None):
    """The organization visited its link: the first visit is kept, and an unanswered invitation is opened."""
    if invitation.opened_at is None:
        invitation.opened_at = now or utcnow()
    if invitation.status in (InvitationStatus.NOT_SENT, InvitationStatus.SENT):
        invitation.status = InvitationStatus.OPENED
    db.session.flush()


def decline(invitation, reason="", now=None):
    """The organization says it will not come, with an optional reason."""
    if not invitation.can_decline:
        if invitation.status == InvitationStatus.DECLINED:
            raise ForumError(_("This invitation was already declined."))
        raise ForumError(
            _("People of this organization have registered: cancel their registrations instead.")
        )
    invitation.status = InvitationStatus.DECLINED
    invitation.declined_at = now or utcnow()
    invitation.decline_reason = clean_text(reason)[:1000]
    db.session.flush()


# Telling people about a cancellation or a postponement


@dataclass
class NoticeRecipient:
    """Someone to tell about a notice, and the e-mail addresses to tell them at (maybe none)."""

    organization: Organization
    invitation: Invitation
    emails: list[str]

    @property
    def reachable_by_email(self):
        return bool(self.emails)


def organization_emails(organization):
    """The organization's own address, then its contacts', without repeats."""
    emails = [organization.email, *(c.email for c in organization.contacts)]
    return list(dict.fromkeys(e.strip().lower() for e in emails if e and e.strip()))


def notice_recipients(forum, kind):
    """Who must be told of a cancellation or a postponement (a NoticeKind): all told of the forum.

    A cancellation goes to invitations that went out and were not declined; a
    postponement to those that declined too, since the new date may suit them.
    Registered participants come on top of this with issue 4.
    """
    statuses = set(TOLD)
    if NoticeKind(kind) == NoticeKind.CANCELLED:
        statuses.discard(InvitationStatus.DECLINED)
    return [
        NoticeRecipient(invitation.organization, invitation, organization_emails(invitation.organization))
        for invitation in invitations_of(forum)
        if invitation.status in statuses
    ]
