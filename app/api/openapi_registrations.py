"""The registrations part of the OpenAPI document (see openapi.py)."""

from app.api.openapi import _TIME, _page_of, _query, _responses

REF = "#/components/schemas/Registration"
_ID = {"type": "integer", "readOnly": True}

REGISTRATION = {
    "type": "object",
    "required": ["first_name", "last_name", "phone"],
    "properties": {
        "id": _ID,
        "forum_id": _ID,
        "organization_id": {"type": ["integer", "null"], "description": "An organization of the directory."},
        "organization_name": {
            "type": "string",
            "description": "On input, the name of an organization that is not in the directory.",
        },
        "invitation_id": {
            "type": ["integer", "null"],
            "description": "Register through this invitation of the forum: its organization and seat quota.",
        },
        "prefix": {"type": "string", "examples": ["นาย", "นาง", "นางสาว"]},
        "first_name": {"type": "string", "maxLength": 150},
        "last_name": {"type": "string", "maxLength": 150},
        "position": {"type": "string"},
        "phone": {"type": "string", "description": "Any Thai form on input; stored and given as 0812345678."},
        "email": {"type": ["string", "null"], "format": "email"},
        "dietary": {"type": "string", "enum": ["none", "vegetarian", "halal", "other"], "writeOnly": True},
        "dietary_other": {"type": "string", "writeOnly": True},
        "accessibility_needs": {"type": "string", "writeOnly": True},
        "consents": {
            "type": "object",
            "writeOnly": True,
            "description": "What the person agreed to; meal and accessibility needs need sensitive_data.",
            "properties": {
                k: {"type": "boolean"} for k in ("photos", "line_group", "mailing_list", "sensitive_data")
            },
        },
        "answers": {
            "type": "object",
            "description": "Answers to the forum's own questions, by question id.",
            "additionalProperties": {"type": ["string", "boolean", "array"]},
        },
        "status": {"type": "string", "enum": ["confirmed", "waitlisted", "cancelled"], "readOnly": True},
        "waitlist_position": {"type": ["integer", "null"], "readOnly": True},
        "ticket_code": {"type": "string", "readOnly": True},
        "short_code": {
            "type": "string",
            "readOnly": True,
            "description": "What a person types at the door (6 characters, unique within the forum); "
            "POST /checkin takes it as scan.",
        },
        "ticket_url": {"type": "string", "format": "uri", "readOnly": True},
        "source": {"type": "string", "enum": ["public", "invitation", "staff", "api"], "readOnly": True},
        "replaces_id": {"type": ["integer", "null"], "readOnly": True},
        "checked_in_at": {**_TIME, "readOnly": True},
        "created_at": {**_TIME, "readOnly": True},
        "confirmed_at": {**_TIME, "readOnly": True},
        "cancelled_at": {**_TIME, "readOnly": True},
    },
}

ALREADY_REGISTERED = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"enum": ["already_registered", "quota_exceeded", "registration_closed"]},
                "message": {"type": "string"},
                "registration_id": {
                    "type": "integer",
                    "description": "The existing registration (already_registered only).",
                },
            },
        }
    },
}


def registration_paths():
    path_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    paging = [
        _query("page", {"type": "integer", "minimum": 1}),
        _query("per_page", {"type": "integer", "minimum": 1, "maximum": 200}),
    ]
    created = _responses({"$ref": REF}, 400, 401, 403, 404, 415, 422, ok="201")
    created["409"] = {
        "description": "Already registered (with the existing registration's id), the organization's "
        "quota is used up (quota_exceeded), or the forum takes no registration (registration_closed).",
        "content": {"application/json": {"schema": ALREADY_REGISTERED}},
    }
    cancelled = {
        "allOf": [
            {"$ref": REF},
            {"type": "object", "properties": {"promoted": {"type": "array", "items": {"$ref": REF}}}},
        ]
    }
    return {
        "/forums/{id}/registrations": {
            "parameters": [path_id],
            "get": {
                "summary": "The forum's registrations",
                "parameters": [
                    _query(
                        "status",
                        {"type": "string", "enum": ["confirmed", "waitlisted", "cancelled", "active"]},
                    ),
                    _query("q"),
                    *paging,
                ],
                "responses": _responses(_page_of(REF), 400, 401, 403, 404),
            },
            "post": {
                "summary": "Register someone: capacity, waitlist, quota and duplicates as on the public form",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": REF}}}},
                "responses": created,
            },
        },
        "/registrations/{id}": {
            "parameters": [path_id],
            "get": {"summary": "One registration", "responses": _responses({"$ref": REF}, 401, 403, 404)},
        },
        "/registrations/{id}/cancel": {
            "parameters": [path_id],
            "post": {
                "summary": "Cancel: the seat goes to the first in line (in `promoted`)",
                "responses": _responses(cancelled, 401, 403, 404, 409),
            },
        },
    }
