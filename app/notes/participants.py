"""Who may answer a forum's feedback survey: its confirmed registrations (issue 4)."""

from dataclasses import dataclass

from sqlalchemy import or_, select

from app.extensions import db
from app.registration import capacity
from app.registration.models import Registration, RegistrationStatus
from app.registration.phone import normalize_phone
from app.registration.short_codes import normalized_short_code


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


def participant_by_phone(forum, phone, short_code):
    """The participant confirmed for this forum with this phone number and their ticket's short code
    (either written any way); or None.

    A number alone would let anyone who knows it answer as that person, and tell them whether it is
    registered: the short code is what only the participant holds.
    """
    number, code = normalize_phone(phone), normalized_short_code(short_code)
    if not number or not code:
        return None
    return _confirmed(forum, (Registration.phone == number) & (Registration.short_code == code))


def confirmed_count(forum):
    """Confirmed registrations of the forum: the base of the response rate."""
    return capacity.confirmed_count(forum)
