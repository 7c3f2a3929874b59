"""What an organizer needs to do now: the rules behind the home page, for a given moment.

Every function takes `now` (naive UTC) so that tests pin the day; the page passes the clock.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import func, or_, select

from app.directory.models import Organization, OrganizationStatus
from app.directory.service import stale_before
from app.extensions import db
from app.forums.models import Forum, ForumStage, ForumStatus, Invitation, InvitationStatus, RegistrationPhase
from app.forums.service import counts_for, seats_left
from app.notes.actions import ActionItemFilter, list_action_items
from app.notes.models import ActionItem
from app.thai import to_bangkok
from app.timeutil import utc_from_bangkok

#: "This week": today and the six days after it.
WEEK = timedelta(days=7)
#: Documents printed for the door, worth having before a forum of the coming week.
DOCUMENTS_TO_PRINT = ("sign-in-sheet", "badges")
#: How many overdue action items the page lists (the follow-up page has them all).
OVERDUE_SHOWN = 10


@dataclass
class ForumLine:
    """A forum as the home page lists it, with its counts."""

    forum: Forum
    counts: dict
    seats_left: int
    stage: ForumStage


@dataclass
class Todo:
    """Everything the home page shows; each list empty when there is nothing to do."""

    this_week: list[ForumLine] = field(default_factory=list)
    open_with_seats: list[ForumLine] = field(default_factory=list)
    #: [(forum, number of invitations not sent)] of forums that can send them.
    unsent_invitations: list[tuple[Forum, int]] = field(default_factory=list)
    overdue_actions: list[ActionItem] = field(default_factory=list)
    overdue_total: int = 0
    stale_organizations: int = 0
    #: Forums of the coming week with people registered: their door documents to print.
    to_print: list[ForumLine] = field(default_factory=list)

    @property
    def is_empty(self):
        return not (
            self.this_week
            or self.open_with_seats
            or self.unsent_invitations
            or self.overdue_total
            or self.stale_organizations
        )


def _week_bounds(now):
    """From now to the end of the sixth day after today in Bangkok, as naive UTC."""
    today = to_bangkok(now).date()
    return now, utc_from_bangkok(datetime.combine(today + WEEK, time.min))


def _lines(forums, now):
    counts = counts_for(forums)
    return [ForumLine(f, counts[f.id], seats_left(f, counts[f.id]), f.stage_at(now)) for f in forums]


def forums_this_week(now):
    """Published forums under way or starting before the week is out, soonest first."""
    start, end = _week_bounds(now)
    forums = db.session.scalars(
        select(Forum)
        .where(
            Forum.status.in_((ForumStatus.OPEN, ForumStatus.CLOSED)),
            Forum.ends_at > start,
            Forum.starts_at < end,
        )
        .order_by(Forum.starts_at, Forum.id)
    ).all()
    return _lines(forums, now)


def forums_open_with_seats(now):
    """Forums taking registrations at this moment that still have seats, soonest first."""
    candidates = db.session.scalars(
        select(Forum).where(Forum.status == ForumStatus.OPEN, Forum.ends_at > now).order_by(Forum.starts_at)
    ).all()
    taking = [f for f in candidates if f.registration_phase_at(now) == RegistrationPhase.OPEN]
    return [line for line in _lines(taking, now) if line.seats_left > 0]


def unsent_invitations(now):
    """Open forums still to come with invitations prepared but not sent: [(forum, count)]."""
    rows = db.session.execute(
        select(Forum, func.count(Invitation.id))
        .join(Invitation, Invitation.forum_id == Forum.id)
        .where(
            Forum.status == ForumStatus.OPEN,
            Forum.ends_at > now,
            Invitation.status == InvitationStatus.NOT_SENT,
        )
        .group_by(Forum.id)
        .order_by(Forum.starts_at, Forum.id)
    ).all()
    return [(forum, count) for forum, count in rows]


def overdue_actions(now, limit=OVERDUE_SHOWN):
    """Open action items whose due day has passed, the most urgent first: (first `limit`, total)."""
    return list_action_items(ActionItemFilter(overdue=True), per_page=limit, today=to_bangkok(now).date())


def stale_organization_count(now):
    """Active organizations whose details nobody confirmed in the last twelve months (or ever)."""
    cutoff = stale_before(to_bangkok(now).date())
    return db.session.scalar(
        select(func.count(Organization.id)).where(
            Organization.status == OrganizationStatus.ACTIVE,
            or_(Organization.last_confirmed_on.is_(None), Organization.last_confirmed_on < cutoff),
        )
    )


def what_needs_doing(now):
    """The organizer's list for this moment."""
    this_week = forums_this_week(now)
    overdue, overdue_total = overdue_actions(now)
    return Todo(
        this_week=this_week,
        open_with_seats=forums_open_with_seats(now),
        unsent_invitations=unsent_invitations(now),
        overdue_actions=overdue,
        overdue_total=overdue_total,
        stale_organizations=stale_organization_count(now),
        to_print=[line for line in this_week if line.stage == ForumStage.BEFORE and line.counts["confirmed"]],
    )
