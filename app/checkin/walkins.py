"""Walk-ins: people registered at the door and checked in at once, within the seats unless an
organizer admits them over capacity (which the log records with the reason). One who gives an
e-mail address is sent the ticket, as the registration form sends it."""

from flask_babel import gettext as _

from app.auth.models import Role
from app.checkin import service
from app.checkin.models import Action, Method
from app.registration import capacity, notices
from app.registration import service as registration_service
from app.registration.models import Source
from app.timeutil import utcnow

#: Who may admit a walk-in when every seat is taken.
MAY_OVERRIDE = (Role.ADMIN, Role.ORGANIZER)


class ForumFull(service.CheckInError):
    """Every seat is taken: a walk-in needs an organizer's override."""


def may_override(user):
    return user.has_role(*MAY_OVERRIDE)


def admit_walk_in(forum, data, staff, override_reason="", device="", nonce=None, scanned_at=None):
    """Register a person at the door and check them in; returns the check-in's Answer.

    `data` comes from registration.fields.parse_registration. A full forum takes the person
    only with `override_reason` from an organizer: the forum then gains the seat, so confirmed
    seats still never exceed the capacity. The ticket e-mail, if the person gave an address,
    is queued to go when the caller commits. `nonce` and `scanned_at` are a queued walk-in's, as a scan's.
    :raise service.CheckInError: the door is closed (service.door_is_open).
    :raise ForumFull: no seat is free and there is no (permitted) override.
    :raise registration.service.RegistrationError: as registering at the desk would (duplicates…).
    """
    override_reason = (override_reason or "").replace("\x00", "").strip()[: service.MAX_REASON_LENGTH]
    if not service.door_is_open(forum, utcnow()):
        raise service.CheckInError(service.DOOR_CLOSED_TEXT)
    registration = registration_service.register(forum, data, source=Source.STAFF, actor=staff)
    note = ""
    if registration.is_waitlisted:
        if not override_reason or not may_override(staff):
            raise ForumFull(_("Every seat is taken. An organizer can admit the person over capacity."))
        capacity.promote_by_hand(registration)
        # The person never stood in line: the ticket tells them of their seat.
        capacity.forget_seat_given(registration)
        note = _("Over capacity: %(reason)s", reason=override_reason)
    answer = service.check_in_registration(
        registration,
        staff,
        Method.WALK_IN,
        action=Action.WALK_IN,
        note=note,
        device=device,
        nonce=nonce,
        scanned_at=scanned_at,
    )
    notices.queue("ticket", [registration], staff)
    return answer
