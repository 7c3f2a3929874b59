"""The OpenAPI part of check-in: the scan, attendance and the offline roster (joined into app.api.openapi)."""

from app.checkin.models import ScanResult
from app.records import CREATE, READ, record_schema
from app.registration.record import AT_THE_DOOR, REGISTRATION

#: Every answer a scan can get, from the one list of them (door_closed included).
RESULTS = [result.value for result in ScanResult]
_TIME = {"type": ["string", "null"], "format": "date-time"}
_DATE = {"type": "string", "format": "date"}
_COUNTS = {
    "type": "object",
    "properties": {"confirmed": {"type": "integer"}, "checked_in": {"type": "integer"}},
}

SCAN = {
    "type": "object",
    "required": ["forum_id", "scan"],
    "properties": {
        "forum_id": {"type": "integer"},
        "scan": {
            "type": "string",
            "maxLength": 500,
            "description": "The QR's text (a ticket code or a ticket URL …/t/<code>), "
            "or the ticket's short code as a person types it (any case, spaces and dashes ignored).",
        },
        "nonce": {
            "type": "string",
            "maxLength": 64,
            "description": "A unique id the device gives the scan: sent again, it gets the same answer "
            "and never checks anybody in twice.",
        },
        "scanned_at": {
            "type": "string",
            "format": "date-time",
            "description": "The device's time of a scan queued offline. The arrival counts from it, and "
            "of two devices that let the same person in offline the earlier scan wins.",
        },
        "device": {"type": "string", "maxLength": 60, "description": "A short label of the phone."},
        "method": {
            "type": "string",
            "enum": ["scan", "search"],
            "description": "How the person was found: a scanned or typed code (the default), or a search "
            "by name on the device.",
        },
        "answer": {
            "type": "string",
            "enum": ["full", "brief"],
            "description": "full (the default): the whole Registration in the answer; brief: only what a "
            "scanner shows (RegistrationAtTheDoor).",
        },
    },
}

SCAN_ANSWER = {
    "type": "object",
    "properties": {
        "result": {"type": "string", "enum": RESULTS},
        "registration": {
            "oneOf": [
                {"$ref": "#/components/schemas/Registration"},
                {"$ref": "#/components/schemas/RegistrationAtTheDoor"},
                {"type": "null"},
            ],
            "description": (
                "Whom the ticket names (cancelled, waitlisted too; null: unknown, wrong_forum, and"
                " door_closed: outside the forum's days, or a forum not open or closed for registration)."
            ),
        },
        "checked_in_at": {**_TIME, "description": "When the person checked in for the day."},
        "checked_in_by": {"type": ["string", "null"], "description": "The staff member who did."},
        "day": {"type": ["string", "null"], "format": "date", "description": "The forum day it counts for."},
        "conflict": {
            "type": "boolean",
            "description": "Another device let the same person in without knowing of this scan (offline).",
        },
        "scan_id": {"type": "integer", "description": "The scan's line in the log."},
    },
}

ATTENDANCE = {
    "type": "object",
    "description": "Confirmed registrations and how many of them checked in (on any day).",
    "properties": {
        "confirmed": {"type": "integer"},
        "checked_in": {"type": "integer"},
        "by_kind": {
            "type": "object",
            "description": "By the organization's kind; `unlisted` for organizations not in the directory.",
            "additionalProperties": _COUNTS,
        },
        "by_district": {
            "type": "object",
            "description": "By the organization's district code, with its Thai name.",
            "additionalProperties": {
                "allOf": [_COUNTS, {"type": "object", "properties": {"name": {"type": "string"}}}]
            },
        },
        "walk_ins": {"type": "integer"},
        "conflicts": {"type": "integer", "description": "Scans in offline conflicts."},
        "today": {"type": ["string", "null"], "format": "date"},
        "days": {
            "type": "array",
            "items": {"type": "object", "properties": {"date": _DATE, "checked_in": {"type": "integer"}}},
        },
        "generated_at": _TIME,
    },
}

ROSTER = {
    "type": "object",
    "description": "Every registration of the forum, for a scanner that answers while offline.",
    "properties": {
        "forum_id": {"type": "integer"},
        "generated_at": _TIME,
        "days": {"type": "array", "items": _DATE},
        "today": {"type": ["string", "null"], "format": "date"},
        "day": {
            **_DATE,
            "description": "The forum day the check-in states are for (scans now count for it).",
        },
        "door_closes_at": {
            **_TIME,
            "description": "When the door closes: after it, scans are answered door_closed (offline too).",
        },
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "ticket_code": {"type": "string"},
                    "short_code": {"type": "string"},
                    "registration_id": {"type": "integer"},
                    "prefix": {"type": "string"},
                    "first_name": {"type": "string"},
                    "last_name": {"type": "string"},
                    "position": {"type": "string"},
                    "organization": {"type": ["string", "null"]},
                    "phone": {
                        "type": ["string", "null"],
                        "description": "As people read it (081-234-5678); null once erased.",
                    },
                    "status": {"type": "string", "enum": ["confirmed", "waitlisted", "cancelled"]},
                    "checked_in_at": _TIME,
                    "checked_in_by": {"type": ["string", "null"]},
                },
            },
        },
    },
}


def _walk_in():
    """The registration's create schema without an invitation, with the scan's nonce, device and time."""
    registration = record_schema(REGISTRATION, CREATE)
    person = {k: v for k, v in registration["properties"].items() if k != "invitation_id"}
    return {
        **registration,
        "description": "A person who came without registering, as a new registration, with the scan's "
        "nonce, device and scanned_at so a walk-in queued offline is sent once.",
        "properties": {**{k: SCAN["properties"][k] for k in ("nonce", "device", "scanned_at")}, **person},
    }


WALK_IN = _walk_in()

SCHEMAS = {
    "Scan": SCAN,
    "ScanAnswer": SCAN_ANSWER,
    "RegistrationAtTheDoor": {
        **record_schema(REGISTRATION, READ, only=AT_THE_DOOR),
        "description": "What a scanner shows of the person: a scan's brief answer.",
    },
    "Attendance": ATTENDANCE,
    "Roster": ROSTER,
    "WalkIn": WALK_IN,
}


def paths(responses):
    """The check-in paths, built with openapi.py's helpers so every part reads alike."""
    path_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    roles = "Roles: checkin, organizer, admin."
    return {
        "/checkin": {
            "post": {
                "summary": "Check a ticket in at the door (once per registration and forum day)",
                "description": roles + " A nonce sent again gets the first answer; sent with another "
                "forum or scan it is a 409 nonce_reused.",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Scan"}}},
                },
                "responses": responses(
                    {"$ref": "#/components/schemas/ScanAnswer"}, 400, 401, 403, 404, 409, 415, 422
                ),
            }
        },
        "/forums/{id}/attendance": {
            "parameters": [path_id],
            "get": {
                "summary": "Who has come: overall, by kind and district, per day",
                "description": roles,
                "responses": responses({"$ref": "#/components/schemas/Attendance"}, 401, 403, 404),
            },
        },
        "/forums/{id}/roster": {
            "parameters": [path_id],
            "get": {
                "summary": "The forum's registrations with today's check-ins, for the offline scanner",
                "description": roles
                + " Door staff get it only while the door is open (403 door_closed otherwise).",
                "responses": responses({"$ref": "#/components/schemas/Roster"}, 401, 403, 404),
            },
        },
        "/forums/{id}/walk-ins": {
            "parameters": [path_id],
            "post": {
                "summary": "Register a walk-in and check them in (201; a nonce sent again: 200, as before)",
                "description": roles
                + " 409 already_registered (with registration_id), forum_full or door_closed.",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WalkIn"}}},
                },
                "responses": {
                    **responses({"$ref": "#/components/schemas/ScanAnswer"}, ok="200"),
                    **responses(
                        {"$ref": "#/components/schemas/ScanAnswer"},
                        400,
                        401,
                        403,
                        404,
                        409,
                        415,
                        422,
                        ok="201",
                    ),
                },
            },
        },
    }
