"""The registrations part of the OpenAPI document (see openapi.py)."""

from app.api.openapi import _page_of, _responses
from app.records import CREATE, READ, record_schema
from app.registration.record import REGISTRATION

REF = "#/components/schemas/Registration"
#: A registration has no PATCH: staff change it through the pages.
SCHEMAS = {
    "Registration": record_schema(REGISTRATION, READ),
    "RegistrationCreate": record_schema(REGISTRATION, CREATE),
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
                "responses": _responses(_page_of(REF), 400, 401, 403, 404),
            },
            "post": {
                "summary": "Register someone: capacity, waitlist, quota and duplicates as on the public form",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": REF + "Create"}}},
                },
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
