"""Who may answer a forum's feedback survey: its confirmed registrations (issue 4)."""

from dataclasses import dataclass

from sqlalchemy import or_, select

from app.extensions import db
from app.registration import capacity
from app.registration.models import Registration, RegistrationStatus
from app.registration.phone import normalize_phone


@dataclass(frozen=True)
class Participant:
    """A registered participant, as far as the survey needs to know them."""

    registration_id: int
    organization_id: int | None = None


def _confirmed(forum, condition):
    registration = db.session.scalar(
        select(Registration).where(
            Registration.forum_id == forum.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            condition,
        )
    )
    return Participant(registration.id, registration.organization_id) if registration else None


def participant_by_code(forum, code):
    """The participant whose ticket code (or manage token) this is, confirmed for this forum; or None."""
    if not code:
        return None
    return _confirmed(forum, or_(Registration.ticket_code == code, Registration.manage_token == code))


def participant_by_phone(forum, phone):
    """The participant confirmed for this forum with this phone number (any way it is written); or None."""
    number = normalize_phone(phone)
    return _confirmed(forum, Registration.phone == number) if number else None


def confirmed_count(forum):
    """Confirmed registrations of the forum: the base of the response rate."""
    return capacity.confirmed_count(forum)
