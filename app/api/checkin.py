"""/api/v1/checkin, /api/v1/forums/{id}/attendance and the offline scanner's /api/v1/forums/{id}/roster."""

from flask import g, request
from flask_login import current_user

from app.api import bp
from app.api.common import ApiError, api_roles, get_or_404, json_body
from app.api.registrations import registration_json
from app.auth.access import DOOR
from app.auth.loaders import looks_up_token_with
from app.auth.service import user_for_token
from app.checkin import attendance, service
from app.checkin.models import Method, ScanResult
from app.errors import json_error
from app.extensions import db
from app.forums.models import Forum
from app.registration.phone import format_phone
from app.registration.record import AT_THE_DOOR, REGISTRATION
from app.thai import to_bangkok
from app.timeutil import parse_moment, utcnow


def iso(moment):
    """A stored (naive UTC) time as ISO 8601 in Bangkok, or None."""
    return to_bangkok(moment).isoformat() if moment else None


def answer_json(answer, brief=False):
    """The scan's answer; `brief`: only what a scanner shows of the person."""
    # Another forum's ticket names nobody: the staff at this door have no business with its holder.
    shown = answer.registration if answer.result != ScanResult.WRONG_FORUM else None
    if shown is not None:
        shown = REGISTRATION.to_json(shown, only=AT_THE_DOOR) if brief else registration_json(shown)
    return {
        "result": answer.result.value,
        "registration": shown,
        "checked_in_at": iso(answer.checked_in_at),
        "checked_in_by": answer.checked_in_by,
        "day": answer.checkin.day.isoformat() if answer.checkin is not None else None,
        "conflict": answer.conflict,
        "scan_id": answer.scan_id,
    }


def _invalid(field, message):
    return ApiError(422, "invalid", "Some fields are not valid.", {field: message})


def _text(body, field, limit, required=False):
    """A string field of the body within its length, or None when an optional one is absent."""
    value = body.get(field)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise _invalid(field, "Required: a non-empty string." if required else "Must be a string.")
    if len(value) > limit:
        raise _invalid(field, f"At most {limit} characters.")
    return value


def _scanned_at(body):
    """The device's ISO 8601 time as naive UTC (without an offset it is taken as Bangkok time)."""
    value = _text(body, "scanned_at", 40)
    if value is None:
        return None
    try:
        return parse_moment(value)
    except ValueError as error:
        raise _invalid("scanned_at", "An ISO 8601 time, e.g. 2018-10-25T09:42:00+07:00.") from error


#: How door staff found the person, as a client may say (walk-ins have their own path).
_METHODS = {Method.SCAN.value: Method.SCAN, Method.SEARCH.value: Method.SEARCH}


def _method(body):
    method = _text(body, "method", 20)
    if method is None:
        return Method.SCAN
    if method not in _METHODS:
        raise _invalid("method", "One of: scan, search.")
    return _METHODS[method]


def _brief(body):
    form = _text(body, "answer", 10)
    if form not in (None, "full", "brief"):
        raise _invalid("answer", "One of: full, brief.")
    return form == "brief"


def _forum_id(body):
    forum_id = body.get("forum_id")
    if not isinstance(forum_id, int) or isinstance(forum_id, bool) or not 0 < forum_id < 2**31:
        raise _invalid("forum_id", "Required: the forum's id (an integer).")
    return forum_id


@bp.errorhandler(service.NonceReused)
def nonce_reused(error):
    """From check_in() or from scan_answer() after a race: either way the nonce names another scan."""
    db.session.rollback()
    return json_error(409, "nonce_reused", "This nonce was sent before with another forum or ticket.")


def _staff_with_the_scan(token):
    """The bearer token's user, read in the scan's own query when the body is a well-formed scan.

    What the query read of the scan waits in g for the view (service.load_by_token).
    """
    body = request.get_json(silent=True) if request.is_json else None
    if not isinstance(body, dict):  # not a scan: the view will say what is wrong
        return user_for_token(token)
    try:
        forum_id = _forum_id(body)
        scan = _text(body, "scan", service.MAX_SCAN_LENGTH, required=True)
        nonce = _text(body, "nonce", service.MAX_NONCE_LENGTH)
        brief = _brief(body)
    except ApiError:
        return user_for_token(token)
    staff, g.scan_loaded = service.load_by_token(forum_id, scan, nonce, token, brief)
    return staff


@bp.post("/checkin")
@api_roles(*DOOR)
@looks_up_token_with(_staff_with_the_scan)
def check_in():
    body = json_body()
    forum_id = _forum_id(body)
    scan = _text(body, "scan", service.MAX_SCAN_LENGTH, required=True)
    nonce = _text(body, "nonce", service.MAX_NONCE_LENGTH)
    device = _text(body, "device", service.MAX_DEVICE_LENGTH) or ""
    scanned_at = _scanned_at(body)
    brief = _brief(body)
    try:
        answer = service.check_in(
            forum_id,
            scan,
            current_user,
            method=_method(body),
            nonce=nonce,
            scanned_at=scanned_at,
            device=device,
            loaded=g.pop("scan_loaded", None),
            brief=brief,
        )
    except service.NoSuchForum as error:
        raise ApiError(404, "not_found", "There is no such forum.") from error
    except service.ScanAlreadyReceived as received:
        db.session.rollback()
        answer = service.scan_answer(current_user, received.nonce, forum_id, scan)
    body = answer_json(answer, brief)
    db.session.commit()
    return body


@bp.get("/forums/<int:forum_id>/attendance")
@api_roles(*DOOR)
def forum_attendance(forum_id):
    figures = attendance.attendance(get_or_404(Forum, forum_id))
    return {
        **figures,
        "today": figures["today"].isoformat() if figures["today"] else None,
        "days": [{**d, "date": d["date"].isoformat()} for d in figures["days"]],
        "generated_at": iso(figures["generated_at"]),
    }


@bp.get("/forums/<int:forum_id>/roster")
@api_roles(*DOOR)
def forum_roster(forum_id):
    forum = get_or_404(Forum, forum_id)
    if not service.door_is_open(forum, utcnow()) and not service.may_correct(current_user):
        return json_error(403, "door_closed", "Check-in is closed: not this forum's days, or it is not open.")
    roster = attendance.roster(forum)
    return {
        **roster,
        # The scanner answers offline until then only (its copy of service.door_is_open).
        "door_closes_at": iso(service.door_window(forum)[1]),
        "generated_at": iso(roster["generated_at"]),
        "days": [d.isoformat() for d in roster["days"]],
        "today": roster["today"].isoformat() if roster["today"] else None,
        "day": roster["day"].isoformat(),
        "items": [
            {
                **item,
                "status": str(item["status"]),
                "phone": format_phone(item["phone"]) or None,
                "checked_in_at": iso(item["checked_in_at"]),
            }
            for item in roster["items"]
        ],
    }
