"""Seats and the waitlist: the forum's lock, confirming or waitlisting, and moving the line up.

Capacity is never exceeded, even with many server processes on one database: every
change that takes or frees a seat first takes the forum row's lock (lock_forum), then
counts inside the same transaction. The lock is held until the request commits, so
registrations are placed one after the other in the order their transactions commit.
"""

from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import func, or_, select, text, update

from app.extensions import db
from app.forums.models import Forum
from app.registration.models import Registration, RegistrationStatus
from app.timeutil import utcnow

#: How long a writer on SQLite queues behind the one holding the lock before giving up (ms).
SQLITE_LOCK_WAIT_MS = 30_000
#: Key in the database session's info: ids of the registrations given a seat from the waitlist in
#: this transaction. app.registration.notices tells them once the transaction commits.
SEATS_GIVEN = "registration_seats_given"


class CapacityError(Exception):
    """A change of seats the rules refuse; the message is for people."""


def lock_forum(forum):
    """Hold the forum's row lock until the transaction ends, and reload the forum as it now is.

    PostgreSQL: ``SELECT … FOR UPDATE`` on the row. SQLite has no row locks: an UPDATE
    that changes nothing makes this connection the one writer of the whole database at
    once (instead of at its first insert, after it has counted), and the others wait.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text(f"PRAGMA busy_timeout = {SQLITE_LOCK_WAIT_MS}"))
        table = Forum.__table__
        # updated_at is set to itself, so its onupdate does not fire and the forum looks unchanged.
        db.session.execute(update(table).where(table.c.id == forum.id).values(updated_at=table.c.updated_at))
        db.session.refresh(forum)
    else:
        db.session.refresh(forum, with_for_update=True)
    return forum


def confirmed_count(forum):
    return db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(Registration.forum_id == forum.id, Registration.status == RegistrationStatus.CONFIRMED)
    )


def free_seats(forum):
    return max(0, forum.capacity - confirmed_count(forum))


def waitlist(forum, limit=None):
    """The forum's waitlisted registrations, first in line first."""
    stmt = (
        select(Registration)
        .where(Registration.forum_id == forum.id, Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.waitlist_position)
    )
    return db.session.scalars(stmt.limit(limit) if limit else stmt).all()


def _confirm(registration, now):
    if registration.status == RegistrationStatus.WAITLISTED:
        db.session.info.setdefault(SEATS_GIVEN, []).append(registration.id)
    registration.status = RegistrationStatus.CONFIRMED
    registration.waitlist_position = None
    registration.confirmed_at = now


def seats_used(invitation):
    """Registrations holding a place (a seat or a place in line) on the invitation's quota."""
    return db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.invitation_id == invitation.id, Registration.status != RegistrationStatus.CANCELLED
        )
    )


class Standing(NamedTuple):
    """Where a forum stands for a newcomer: seats taken, last place in line, who holds their number."""

    confirmed: int
    last_position: int | None
    #: The active registration with the newcomer's phone number or e-mail address, if any.
    holder_id: int | None


def standing(forum, phone, email=None):
    """The forum's Standing for someone with this phone and e-mail, in one query (the forum locked)."""
    active = (Registration.forum_id == forum.id, Registration.status != RegistrationStatus.CANCELLED)
    same = (
        Registration.phone == phone
        if not email
        else or_(Registration.phone == phone, Registration.email == email)
    )
    holder = select(Registration.id).where(*active, same).order_by(Registration.id).limit(1).scalar_subquery()
    row = db.session.execute(
        select(
            func.count().filter(Registration.status == RegistrationStatus.CONFIRMED),
            func.max(Registration.waitlist_position),
            holder,
        ).where(*active)
    ).one()
    return Standing(*row)


def place(forum, registration, standing, now=None):
    """Seat a new registration while a seat is free, else give it the next place in line (forum locked)."""
    if standing.confirmed < forum.capacity:
        _confirm(registration, now or utcnow())
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlist_position = (standing.last_position or 0) + 1


def close_gap(forum, after, by=1):
    """Move everybody in line behind a position `by` places up."""
    db.session.execute(
        update(Registration)
        .where(
            Registration.forum_id == forum.id,
            Registration.status == RegistrationStatus.WAITLISTED,
            Registration.waitlist_position > after,
        )
        .values(waitlist_position=Registration.waitlist_position - by)
    )


def leave_line(registration, status, now=None):
    """Take a waitlisted registration out of the line into a seat or cancelled; those behind move up."""
    position = registration.waitlist_position
    if status == RegistrationStatus.CONFIRMED:
        _confirm(registration, now or utcnow())
    else:
        registration.status = status
        registration.waitlist_position = None
    db.session.flush()
    close_gap(registration.forum, position)


def fill_seats(forum, now=None):
    """Give the free seats to the first in line, in order; returns who got one. The forum must be locked."""
    db.session.flush()
    free = free_seats(forum)
    chosen = waitlist(forum, limit=free) if free else []
    if not chosen:
        return []
    now = now or utcnow()
    for registration in chosen:
        _confirm(registration, now)
    db.session.flush()
    close_gap(forum, 0, by=len(chosen))
    return chosen


def raise_capacity(forum, capacity):
    """Change the number of seats; the waitlist moves up into new ones. Returns who got a seat.

    :raise CapacityError: when fewer seats than confirmed registrations are asked for.
    """
    lock_forum(forum)
    if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1:
        raise CapacityError(_("The number of seats must be at least 1."))
    confirmed = confirmed_count(forum)
    if capacity < confirmed:
        raise CapacityError(
            _(
                "%(n)d people have a confirmed seat: cancel some before lowering the seats below that.",
                n=confirmed,
            )
        )
    forum.capacity = capacity
    return fill_seats(forum)


def forget_seat_given(registration):
    """No "a seat is now yours" e-mail for the seat given in this transaction: its person hears otherwise."""
    given = db.session.info.get(SEATS_GIVEN, [])
    if registration.id in given:
        given.remove(registration.id)


def promote_by_hand(registration):
    """Give a waitlisted person a seat ahead of the line; when none is free the forum gains one.

    An organizer does this for someone who must be there (a speaker, a chair): confirmed
    seats still never exceed the capacity, because the capacity grows with them.
    """
    forum = lock_forum(registration.forum)
    db.session.refresh(registration)
    if registration.status != RegistrationStatus.WAITLISTED:
        raise CapacityError(_("Only someone on the waitlist can be given a seat."))
    if not free_seats(forum):
        forum.capacity += 1
    leave_line(registration, RegistrationStatus.CONFIRMED)
    return registration


def registration_counts(forum_ids):
    """{forum id: {confirmed, waitlisted, cancelled, checked_in}} in one query."""
    counts = {fid: {"confirmed": 0, "waitlisted": 0, "cancelled": 0, "checked_in": 0} for fid in forum_ids}
    if not forum_ids:
        return counts
    rows = db.session.execute(
        select(
            Registration.forum_id, Registration.status, func.count(), func.count(Registration.checked_in_at)
        )
        .where(Registration.forum_id.in_(forum_ids))
        .group_by(Registration.forum_id, Registration.status)
    )
    for forum_id, status, n, checked_in in rows:
        counts[forum_id][RegistrationStatus(status).value] = n
        if status == RegistrationStatus.CONFIRMED:
            counts[forum_id]["checked_in"] = checked_in
    return counts
