"""Who may answer a forum's feedback survey: the seam between the survey and registrations (issue 4)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Participant:
    """A registered participant, as far as the survey needs to know them."""

    registration_id: int
    organization_id: int | None = None


def participant_by_code(forum, code):
    """The participant whose ticket code (or manage token) this is, confirmed for this forum; or None."""
    return None


def participant_by_phone(forum, phone):
    """The participant confirmed for this forum with this phone number; or None."""
    return None


def confirmed_count(forum):
    """Confirmed registrations of the forum; None while the forum takes no registrations."""
    return None
