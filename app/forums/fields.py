"""Reading forum data from outside (the API): clean values or named errors."""

from flask_babel import gettext as _

from app.auth.access import STAFF
from app.auth.models import User
from app.directory.models import OrganizationKind
from app.extensions import db
from app.forums.models import CertificateRule, ForumKind
from app.forums.service import ForumDataError
from app.params import is_record_id, one_of
from app.thai import clean_text
from app.timeutil import parse_moment

TEXT_FIELDS = ("title", "description", "objectives")
TIME_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
OPTIONAL_TIMES = ("registration_opens_at", "registration_closes_at")
REQUIRED = ("title", "starts_at", "ends_at", "venue", "capacity")
#: More seats than any venue has: a forum's capacity and an organization's quota stay below it.
MAX_SEATS = 100_000


def read_time(value):
    """ISO 8601; with an offset it is converted, without one it is Bangkok time. Returns naive UTC."""
    if not isinstance(value, str):
        raise ValueError(_("Expected a time like 2018-10-25T10:00:00+07:00."))
    try:
        return parse_moment(value)
    except ValueError as error:
        raise ValueError(_("Expected a time like 2018-10-25T10:00:00+07:00, from 1970 on.")) from error


def _text(value):
    if not isinstance(value, str):
        raise ValueError(_("Expected text."))
    return value


def _whole(value, minimum=1):
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= MAX_SEATS:
        raise ValueError(_("Expected a whole number from %(n)d to %(max)d.", n=minimum, max=MAX_SEATS))
    return value


def _kind(value):
    try:
        return ForumKind(value)
    except ValueError as error:
        raise ValueError(_("Unknown value “%(value)s”.", value=value)) from error


def _certificate_rule(value):
    try:
        return CertificateRule(value)
    except ValueError as error:
        raise ValueError(_("Unknown value “%(value)s”.", value=value)) from error


def _target_kinds(value):
    if not isinstance(value, list) or any(one_of(OrganizationKind, k) is None for k in value):
        raise ValueError(_("Expected a list of kinds of organization."))
    return value


def _organizers(value):
    if not isinstance(value, list) or not all(is_record_id(i) for i in value):
        raise ValueError(_("Expected a list of user ids."))
    users = db.session.scalars(db.select(User).where(User.id.in_(value), User.role.in_(STAFF))).all()
    if len(users) != len(set(value)):
        raise ValueError(_("Some of these are not staff users."))
    return users


def _venue(value, data):
    """A venue object {name, address, map_url}, or just its name."""
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, dict):
        raise ValueError(_("Expected an object with name, address and map_url."))
    for key, field in (("name", "venue_name"), ("address", "venue_address"), ("map_url", "map_url")):
        if key in value:
            data[field] = clean_text(_text(value[key] or ""))


def parse_forum(raw, partial=False):
    """Model values from the API's forum fields, or ForumDataError naming each bad field.

    With `partial`, only the fields present are read (PATCH).
    """
    data, errors = {}, {}
    readers = {
        "kind": _kind,
        "capacity": _whole,
        "seats_per_organization": _whole,
        "target_kinds": _target_kinds,
        "certificate_rule": _certificate_rule,
        "organizer_ids": _organizers,
        **dict.fromkeys(TEXT_FIELDS, _text),
        **dict.fromkeys(TIME_FIELDS, read_time),
    }
    for field, reader in readers.items():
        if field not in raw:
            continue
        value = raw[field]
        try:
            if value is None and field in OPTIONAL_TIMES:
                data[field] = None
            else:
                data["organizers" if field == "organizer_ids" else field] = reader(value)
        except ValueError as error:
            errors[field] = str(error)
    if "venue" in raw:
        try:
            _venue(raw["venue"], data)
        except ValueError as error:
            errors["venue"] = str(error)
    if not partial:
        for field in REQUIRED:
            if raw.get(field) in (None, "") and field not in errors:
                errors[field] = _("This field is required.")
    if errors:
        raise ForumDataError(errors)
    return data
