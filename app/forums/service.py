"""Forum rules: planning a forum, its lifecycle, its agenda, cloning, counts and lists."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from urllib.parse import urlparse

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from app.directory.models import OrganizationKind
from app.extensions import db
from app.forums import changelog  # noqa: F401  (its table is part of the schema; the views record changes)
from app.forums.models import (
    AgendaItem,
    Forum,
    ForumNotice,
    ForumStatus,
    Invitation,
    InvitationStatus,
    NoticeKind,
)
from app.registration.capacity import confirmed_count, fill_seats, lock_forum, registration_counts
from app.thai import clean_text, fiscal_year_bounds, fiscal_year_of
from app.timeutil import utc_from_bangkok, utcnow

#: Every move the lifecycle allows; anything else is refused with IllegalTransition.
TRANSITIONS = {
    ForumStatus.DRAFT: {ForumStatus.OPEN, ForumStatus.CANCELLED},
    ForumStatus.OPEN: {ForumStatus.CLOSED, ForumStatus.FINISHED, ForumStatus.CANCELLED},
    ForumStatus.CLOSED: {ForumStatus.OPEN, ForumStatus.FINISHED, ForumStatus.CANCELLED},
    ForumStatus.FINISHED: set(),
    ForumStatus.CANCELLED: set(),
}
TEXT_LIMITS = {
    "title": 300,
    "venue_name": 300,
    "venue_address": 500,
    "map_url": 1000,
    "letter_reference": 300,
}
COUNT_KEYS = ("invited", "confirmed", "waitlisted", "cancelled", "checked_in")


class ForumError(Exception):
    """A change to a forum that the rules refuse; the message is for people."""


class IllegalTransition(ForumError):
    def __init__(self, forum, target):
        from app.forums.labels import STATUS_LABELS

        super().__init__(
            _(
                "A forum that is “%(current)s” cannot become “%(target)s”.",
                current=STATUS_LABELS[forum.status],
                target=STATUS_LABELS[target],
            )
        )
        self.current, self.target = forum.status, target


class ForumDataError(ValueError):
    """Field errors ({field: message}) in forum data, from a form or the API."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


# Planning


def _is_web_address(value):
    try:
        parts = urlparse(value)
    except ValueError:  # a bracket that opens no IPv6 host: "http://["
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check_forum(forum):
    """The rules every saved forum keeps, as {field: message}."""
    errors = {}
    if not forum.title:
        errors["title"] = _("The title is missing.")
    if forum.starts_at is None:
        errors["starts_at"] = _("The start is missing.")
    if forum.ends_at is None:
        errors["ends_at"] = _("The end is missing.")
    elif forum.starts_at is not None and forum.ends_at <= forum.starts_at:
        errors["ends_at"] = _("The forum must end after it starts.")
    if not forum.venue_name:
        errors["venue_name"] = _("The venue is missing.")
    if forum.capacity is None or forum.capacity < 1:
        errors["capacity"] = _("The number of seats must be at least 1.")
    if forum.seats_per_organization is None or forum.seats_per_organization < 1:
        errors["seats_per_organization"] = _("Each organization needs at least 1 seat.")
    elif forum.capacity and forum.seats_per_organization > forum.capacity:
        errors["seats_per_organization"] = _("An organization cannot have more seats than the forum.")
    if forum.map_url and not _is_web_address(forum.map_url):
        errors["map_url"] = _("The map link must be a web address starting with https://")
    opens, closes = forum.registration_opens_at, forum.registration_closes_at
    if opens and closes and closes <= opens:
        errors["registration_closes_at"] = _("Registration must close after it opens.")
    elif closes and forum.ends_at and closes > forum.ends_at:
        errors["registration_closes_at"] = _("Registration cannot close after the forum ends.")
    elif opens and forum.ends_at and opens >= forum.ends_at:
        errors["registration_opens_at"] = _("Registration must open before the forum ends.")
    return errors


def _apply(forum, data):
    for field, value in data.items():
        if field == "organizers":
            forum.organizers = list(dict.fromkeys(value))
        elif field == "target_kinds":
            forum.target_kinds = [str(OrganizationKind(k)) for k in dict.fromkeys(value)]
        elif field in ("description", "objectives"):
            setattr(forum, field, (value or "").strip())
        elif field in TEXT_LIMITS:
            setattr(forum, field, clean_text(value)[: TEXT_LIMITS[field]])
        else:
            setattr(forum, field, value)


def create_forum(data, actor=None):
    """Plan a new forum (a draft); the person planning it is one of its organizers.

    :raise ForumDataError: when a rule of check_forum is broken.
    """
    forum = Forum(status=ForumStatus.DRAFT, seats_per_organization=1, target_kinds=[], created_by=actor)
    _apply(forum, data)
    if actor is not None and actor not in forum.organizers:
        forum.organizers.append(actor)
    errors = check_forum(forum)
    if errors:
        raise ForumDataError(errors)
    db.session.add(forum)
    db.session.flush()
    return forum


def update_forum(forum, data):
    """Change a forum's details; nothing is changed when a rule is broken.

    New seats go to the waitlist at once; seats cannot go below the confirmed registrations.
    :raise ForumDataError: when a rule of check_forum is broken.
    """
    changes_seats = forum.id is not None and "capacity" in data and data["capacity"] != forum.capacity
    if changes_seats:
        lock_forum(forum)  # counting confirmed seats and changing them must not interleave with registrations
    before = {field: getattr(forum, field) for field in data}
    _apply(forum, data)
    errors = check_forum(forum)
    if changes_seats and "capacity" not in errors:
        # Not flushed by the count: values that break the rules above must not reach the database.
        with db.session.no_autoflush:
            confirmed = confirmed_count(forum)
        if forum.capacity < confirmed:
            errors["capacity"] = _(
                "%(n)d people already have a confirmed seat: the forum needs at least as many.", n=confirmed
            )
    if errors:
        for field, value in before.items():
            setattr(forum, field, value)
        raise ForumDataError(errors)
    db.session.flush()
    if changes_seats:
        fill_seats(forum)
    return forum


def find_public_forum(code):
    """The forum of a public address, or None; drafts have no public address yet."""
    if not code or len(code) > 16:
        return None
    forum = db.session.scalar(select(Forum).where(Forum.public_code == code))
    return forum if forum is not None and forum.is_public else None


def delete_forum(forum):
    """Throw away a draft nobody was told about."""
    if not forum.can_be_deleted:
        raise ForumError(_("Only a draft whose invitations were never sent can be deleted."))
    db.session.delete(forum)
    db.session.flush()


# The lifecycle


def _move(forum, target):
    if target not in TRANSITIONS[forum.status]:
        raise IllegalTransition(forum, target)
    forum.status = target


def open_forum(forum):
    """Publish the forum: its public page appears and, inside the window, it takes registrations."""
    _move(forum, ForumStatus.OPEN)
    db.session.flush()


def close_forum(forum):
    """Stop taking registrations; the public page stays."""
    _move(forum, ForumStatus.CLOSED)
    db.session.flush()


def finish_forum(forum, now=None):
    """Mark the forum as held; only a forum that has started can be finished."""
    if ForumStatus.FINISHED not in TRANSITIONS[forum.status]:
        raise IllegalTransition(forum, ForumStatus.FINISHED)
    if not forum.can_be_finished_at(now or utcnow()):
        raise ForumError(_("A forum can be marked finished only once it has started."))
    _move(forum, ForumStatus.FINISHED)
    db.session.flush()


def cancel_forum(forum, reason="", actor=None):
    """Call the forum off and record the notice that everybody invited and registered must get."""
    _move(forum, ForumStatus.CANCELLED)
    forum.cancel_reason = (reason or "").strip()
    notice = ForumNotice(
        kind=NoticeKind.CANCELLED,
        reason=forum.cancel_reason,
        previous_starts_at=forum.starts_at,
        previous_ends_at=forum.ends_at,
        created_by_id=actor.id if actor else None,
    )
    forum.notices.append(notice)
    db.session.flush()
    return notice


def postpone_forum(forum, starts_at, ends_at, reason="", actor=None):
    """Move an announced forum to new dates and record the notice everybody must get.

    A set registration deadline moves with the forum.
    """
    if forum.status not in (ForumStatus.OPEN, ForumStatus.CLOSED):
        raise ForumError(_("Only an announced forum can be postponed; change a draft's dates instead."))
    if starts_at == forum.starts_at and ends_at == forum.ends_at:
        raise ForumDataError({"starts_at": _("Choose a date that differs from the current one.")})
    notice = ForumNotice(
        kind=NoticeKind.POSTPONED,
        reason=(reason or "").strip(),
        previous_starts_at=forum.starts_at,
        previous_ends_at=forum.ends_at,
        new_starts_at=starts_at,
        new_ends_at=ends_at,
        created_by_id=actor.id if actor else None,
    )
    changes = {"starts_at": starts_at, "ends_at": ends_at}
    if forum.registration_closes_at is not None:
        changes["registration_closes_at"] = forum.registration_closes_at + (starts_at - forum.starts_at)
    first_date = forum.postponed_from or forum.starts_at
    update_forum(forum, changes)
    forum.postponed_from = first_date
    forum.notices.append(notice)
    db.session.flush()
    return notice


def change_status(forum, status, reason="", actor=None):
    """Move the forum to a status by its domain verb (for the API's PATCH)."""
    status = ForumStatus(status)
    if status == forum.status:
        return
    if status == ForumStatus.OPEN:
        open_forum(forum)
    elif status == ForumStatus.CLOSED:
        close_forum(forum)
    elif status == ForumStatus.FINISHED:
        finish_forum(forum)
    elif status == ForumStatus.CANCELLED:
        cancel_forum(forum, reason, actor)
    else:
        raise IllegalTransition(forum, status)


# Cloning


def clone_forum(forum, actor=None):
    """A new draft like the forum: details, agenda and invitation list, without registrations.

    The copy gets its own public code and new invitation links, none of them sent.
    The registration window is left empty, because the old one belongs to the old dates.
    """
    copy = Forum(
        title=_("%(title)s (copy)", title=forum.title)[:300],
        kind=forum.kind,
        description=forum.description,
        objectives=forum.objectives,
        status=ForumStatus.DRAFT,
        starts_at=forum.starts_at,
        ends_at=forum.ends_at,
        venue_name=forum.venue_name,
        venue_address=forum.venue_address,
        map_url=forum.map_url,
        capacity=forum.capacity,
        seats_per_organization=forum.seats_per_organization,
        target_kinds=list(forum.target_kinds or []),
        certificate_rule=forum.certificate_rule,
        cloned_from_id=forum.id,
        created_by=actor,
    )
    copy.organizers = list(forum.organizers)
    if actor is not None and actor not in copy.organizers:
        copy.organizers.append(actor)
    for item in forum.agenda:
        copy.agenda.append(
            AgendaItem(
                position=item.position,
                day=item.day,
                start_time=item.start_time,
                end_time=item.end_time,
                title=item.title,
                speaker=item.speaker,
                speaker_role=item.speaker_role,
            )
        )
    for invitation in forum.invitations:
        copy.invitations.append(
            Invitation(
                organization_id=invitation.organization_id,
                seats=invitation.seats,
                status=InvitationStatus.NOT_SENT,
                created_by_id=actor.id if actor else None,
            )
        )
    db.session.add(copy)
    db.session.flush()
    return copy


# Counts and lists


def counts_for(forums):
    """{forum id: {invited, confirmed, waitlisted, cancelled, checked_in}} for many forums in two queries."""
    ids = [f.id for f in forums]
    counts = {forum_id: dict.fromkeys(COUNT_KEYS, 0) for forum_id in ids}
    if not ids:
        return counts
    rows = db.session.execute(
        select(Invitation.forum_id, func.count())
        .where(Invitation.forum_id.in_(ids))
        .group_by(Invitation.forum_id)
    )
    for forum_id, invited in rows:
        counts[forum_id]["invited"] = invited
    for forum_id, registered in registration_counts(ids).items():
        counts[forum_id].update(registered)
    return counts


def forum_counts(forum):
    """The forum's live counts: {invited, confirmed, waitlisted, cancelled, checked_in}."""
    return counts_for([forum])[forum.id]


def seats_left(forum, counts=None):
    """Capacity minus confirmed registrations, never below 0."""
    counts = counts or forum_counts(forum)
    return max(0, forum.capacity - counts["confirmed"])


def fiscal_year_range(fiscal_year):
    """The fiscal year's first and last moment as naive UTC (its days run in Bangkok)."""
    first, last = fiscal_year_bounds(fiscal_year)
    return (
        utc_from_bangkok(datetime.combine(first, time.min)),
        utc_from_bangkok(datetime.combine(last + timedelta(days=1), time.min)),
    )


@dataclass
class ForumFilter:
    """Which forums the list shows: upcoming (with every draft), past or all; a fiscal year; a status."""

    when: str = "upcoming"
    fiscal_year: int | None = None
    status: str = ""
    organizer_id: int | None = None

    def statement(self, now=None):
        now = now or utcnow()
        stmt = select(Forum)
        upcoming = or_(Forum.ends_at >= now, Forum.status == ForumStatus.DRAFT)
        if self.when == "upcoming":
            stmt = stmt.where(upcoming).order_by(Forum.starts_at, Forum.id)
        elif self.when == "past":
            stmt = stmt.where(~upcoming).order_by(Forum.starts_at.desc(), Forum.id.desc())
        else:
            stmt = stmt.order_by(Forum.starts_at.desc(), Forum.id.desc())
        if self.fiscal_year:
            first, end = fiscal_year_range(self.fiscal_year)
            stmt = stmt.where(Forum.starts_at >= first, Forum.starts_at < end)
        if self.status in set(ForumStatus):
            stmt = stmt.where(Forum.status == ForumStatus(self.status))
        if self.organizer_id:
            stmt = stmt.where(Forum.organizers.any(id=self.organizer_id))
        return stmt


def list_forums(forum_filter, now=None):
    return db.session.scalars(forum_filter.statement(now)).all()


def group_by_fiscal_year(forums):
    """[(fiscal year, [forums])] in the order the forums come."""
    groups = []
    for forum in forums:
        year = fiscal_year_of(forum.starts_at)
        if not groups or groups[-1][0] != year:
            groups.append((year, []))
        groups[-1][1].append(forum)
    return groups


def fiscal_years(today=None):
    """The fiscal years that have forums, and the current one, newest first."""
    years = {fiscal_year_of(today or utcnow())}
    years.update(fiscal_year_of(start) for start in db.session.scalars(select(Forum.starts_at)))
    return sorted(years, reverse=True)


def staff_choices():
    """The people who can organize a forum: active admins and organizers."""
    from app.auth.access import STAFF
    from app.auth.models import User

    return db.session.scalars(
        select(User).where(User.active.is_(True), User.role.in_(STAFF)).order_by(User.name, User.email)
    ).all()
