"""The one rule for "took part": checked in at least once, on any day, and that check-in not undone.

The health figures, an organization's timeline, the invitation filter and the summary report all
ask through these functions, so that a check-in undone at the door stops counting everywhere at once.
"""

from sqlalchemy import select

from app.checkin.models import CheckIn
from app.extensions import db
from app.registration.models import Registration


def _standing():
    return (
        select(Registration.organization_id)
        .join(CheckIn, CheckIn.registration_id == Registration.id)
        .where(CheckIn.undone_at.is_(None), Registration.organization_id.is_not(None))
    )


def organizations_took_part(first=None, last=None, *, forum_id=None, exclude_forum_id=None):
    """A SELECT of the ids of the organizations someone of which checked in on a forum day from
    `first` to `last` (dates, both included; None = no bound), optionally at one forum or at
    forums other than one. Meant for `Organization.id.in_(…)` or `exists`."""
    stmt = _standing()
    if first is not None:
        stmt = stmt.where(CheckIn.day >= first)
    if last is not None:
        stmt = stmt.where(CheckIn.day <= last)
    if forum_id is not None:
        stmt = stmt.where(CheckIn.forum_id == forum_id)
    if exclude_forum_id is not None:
        stmt = stmt.where(CheckIn.forum_id != exclude_forum_id)
    return stmt


def registrations_took_part(forum_id):
    """The ids of the forum's registrations with a check-in not undone."""
    return set(
        db.session.scalars(
            select(CheckIn.registration_id)
            .where(CheckIn.forum_id == forum_id, CheckIn.undone_at.is_(None))
            .distinct()
        )
    )
