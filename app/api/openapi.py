"""The OpenAPI 3 document of /api/v1, served at /api/v1/openapi.json."""

from app.api import bp, openapi_checkin, openapi_network, openapi_notes
from app.directory.record import ORGANIZATION
from app.records import component_schemas

ERROR = {"$ref": "#/components/schemas/Error"}


def _responses(ok_schema, *errors, ok="200"):
    responses = {ok: {"description": "OK", "content": {"application/json": {"schema": ok_schema}}}}
    for status in errors:
        responses[str(status)] = {"description": "Error", "content": {"application/json": {"schema": ERROR}}}
    return responses


def _page_of(ref):
    return {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": {"$ref": ref}},
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
        },
    }


def _query(name, schema=None):
    return {"name": name, "in": "query", "required": False, "schema": schema or {"type": "string"}}


IMPORT_RESULT_REF = "#/components/schemas/ImportResult"
_ROW_PROBLEMS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "row": {"type": "integer"},
            "field": {"type": "string"},
            "message": {"type": "string"},
        },
    },
}
IMPORT_RESULT = {
    "type": "object",
    "properties": {
        "created": {"type": "integer"},
        "updated": {"type": "integer"},
        "unchanged": {"type": "integer", "description": "Rows identical to what is stored"},
        "errors": _ROW_PROBLEMS,
        "warnings": {**_ROW_PROBLEMS, "description": "Values taken with a doubt; their rows are imported."},
    },
}


_TIME = {"type": ["string", "null"], "format": "date-time", "examples": ["2018-10-25T10:00:00+07:00"]}
_COUNT_KEYS = ("invited", "confirmed", "waitlisted", "cancelled", "checked_in")

FORUM = {
    "type": "object",
    "required": ["title", "starts_at", "ends_at", "venue", "capacity"],
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "title": {"type": "string", "maxLength": 300},
        "description": {"type": "string"},
        "objectives": {"type": "string"},
        "kind": {"type": "string", "enum": ["forum", "training", "meeting", "seminar"]},
        "starts_at": _TIME,
        "ends_at": _TIME,
        "venue": {
            "description": "An object, or on input just the venue's name.",
            "oneOf": [
                {
                    "type": "object",
                    "properties": {k: {"type": "string"} for k in ("name", "address", "map_url")},
                },
                {"type": "string"},
            ],
        },
        "capacity": {"type": "integer", "minimum": 1},
        "registration_opens_at": _TIME,
        "registration_closes_at": _TIME,
        "seats_per_organization": {"type": "integer", "minimum": 1},
        "target_kinds": {"type": "array", "items": {"type": "string"}},
        "certificate_rule": {
            "type": "string",
            "enum": ["any_day", "every_day"],
            "default": "any_day",
            "description": "What attendance earns a certificate of participation: a check-in on at least "
            "one day, or on every day of the forum (the same for a forum of one day).",
        },
        "organizer_ids": {"type": "array", "items": {"type": "integer"}},
        "status": {
            "type": "string",
            "enum": ["draft", "open", "closed", "finished", "cancelled"],
            "description": "PATCH moves the forum along its lifecycle; a refused move is 409.",
        },
        "cancel_reason": {"type": "string", "writeOnly": True},
        "is_open_for_registration": {"type": "boolean", "readOnly": True},
        "postponed_from": {**_TIME, "readOnly": True},
        "public_url": {"type": "string", "format": "uri", "readOnly": True},
        "registration_url": {"type": "string", "format": "uri", "readOnly": True},
        "calendar_url": {"type": "string", "format": "uri", "readOnly": True},
        "counts": {
            "type": "object",
            "readOnly": True,
            "properties": {k: {"type": "integer"} for k in _COUNT_KEYS},
        },
    },
}

INVITATION = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "forum_id": {"type": "integer"},
        "organization_id": {"type": "integer"},
        "organization_name": {"type": "string"},
        "seats": {"type": "integer"},
        "status": {"type": "string", "enum": ["not_sent", "sent", "opened", "registered", "declined"]},
        "url": {"type": "string", "format": "uri"},
        "sent_at": _TIME,
        "sent_via": {"type": ["string", "null"], "enum": ["email", "letter", "line", "phone", "other", None]},
        "opened_at": _TIME,
        "declined_at": _TIME,
        "decline_reason": {"type": "string"},
        "reminders": {"type": "array", "items": _TIME},
    },
}


def _forum_paths():
    forum_ref, invitation_ref = "#/components/schemas/Forum", "#/components/schemas/Invitation"
    forum_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    paging = [
        _query("page", {"type": "integer", "minimum": 1}),
        _query("per_page", {"type": "integer", "minimum": 1, "maximum": 200}),
    ]
    return {
        "/forums": {
            "get": {
                "summary": "List forums",
                "parameters": [
                    _query("when", {"type": "string", "enum": ["upcoming", "past", "all"]}),
                    _query("fiscal_year", {"type": "integer", "description": "Buddhist era, e.g. 2562"}),
                    _query("status"),
                    *paging,
                ],
                "responses": _responses(_page_of(forum_ref), 400, 401, 403),
            },
            "post": {
                "summary": "Plan a forum (a draft)",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": forum_ref}}}},
                "responses": _responses({"$ref": forum_ref}, 400, 401, 403, 415, 422, ok="201"),
            },
        },
        "/forums/{id}": {
            "parameters": [forum_id],
            "get": {"summary": "One forum", "responses": _responses({"$ref": forum_ref}, 401, 403, 404)},
            "patch": {
                "summary": "Change a forum's details or status",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": forum_ref}}}},
                "responses": _responses({"$ref": forum_ref}, 400, 401, 403, 404, 409, 415, 422),
            },
        },
        "/forums/{id}/invitations": {
            "parameters": [forum_id],
            "get": {
                "summary": "The forum's invitations",
                "parameters": [_query("status"), *paging],
                "responses": _responses(_page_of(invitation_ref), 400, 401, 403, 404),
            },
            "post": {
                "summary": "Invite organizations (409 when one is already invited)",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["organization_ids"],
                                "properties": {
                                    "organization_ids": {"type": "array", "items": {"type": "integer"}},
                                    "seats": {"type": "integer", "minimum": 1},
                                },
                            }
                        }
                    }
                },
                "responses": _responses(
                    {"type": "array", "items": {"$ref": invitation_ref}},
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
    }


def document():
    org_ref = "#/components/schemas/Organization"
    org_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Welfare network forums API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                **component_schemas(ORGANIZATION),
                "ImportResult": IMPORT_RESULT,
                "Forum": FORUM,
                "Invitation": INVITATION,
                **openapi_registrations.SCHEMAS,
                **openapi_notes.SCHEMAS,
                **openapi_checkin.SCHEMAS,
                **openapi_network.schemas(),
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {
                            "type": "object",
                            "properties": {
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                            },
                        }
                    },
                },
            },
        },
        "paths": {
            **_forum_paths(),
            **openapi_registrations.registration_paths(),
            **openapi_notes.paths(_responses, _page_of, _query),
            **openapi_checkin.paths(_responses),
            **openapi_network.paths(_responses, _page_of, _query),
            "/organizations": {
                "get": {
                    "summary": "List and search the directory",
                    "parameters": [
                        _query("q"),
                        _query("kind"),
                        _query("district"),
                        _query("status"),
                        _query("stale"),
                        _query("sort"),
                        _query("page", {"type": "integer", "minimum": 1}),
                        _query("per_page", {"type": "integer", "minimum": 1, "maximum": 200}),
                    ],
                    "responses": _responses(_page_of(org_ref), 400, 401, 403),
                },
                "post": {
                    "summary": "Add an organization",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": org_ref + "Create"}}},
                    },
                    "responses": _responses({"$ref": org_ref}, 400, 401, 403, 409, 415, 422, ok="201"),
                },
            },
            "/organizations/{id}": {
                "parameters": [org_id],
                "get": {
                    "summary": "One organization",
                    "responses": _responses({"$ref": org_ref}, 401, 403, 404),
                },
                "patch": {
                    "summary": "Change some fields of an organization",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": org_ref + "Patch"}}},
                    },
                    "responses": _responses({"$ref": org_ref}, 400, 401, 403, 404, 409, 415, 422),
                },
            },
            "/organizations/import": {
                "post": {
                    "summary": "Import organizations from .xlsx or .csv",
                    "description": (
                        "The header row holds the field names or the Thai column titles of the export. "
                        "A row with a known certification number updates that organization. Rows are "
                        "numbered as a spreadsheet shows them (the header is row 1). With errors in "
                        "all_or_nothing mode nothing is written and the answer is 422."
                    ),
                    "requestBody": {
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "required": ["file"],
                                    "properties": {
                                        "file": {"type": "string", "format": "binary"},
                                        "mode": {
                                            "type": "string",
                                            "enum": ["all_or_nothing", "good_rows"],
                                            "default": "all_or_nothing",
                                        },
                                        "default_kind": {
                                            "type": "string",
                                            "enum": ORGANIZATION["kind"].type.values,
                                            "description": "The kind of new rows that give none.",
                                        },
                                    },
                                }
                            }
                        }
                    },
                    "responses": {
                        **_responses({"$ref": IMPORT_RESULT_REF}, 400, 401, 403, 409, 413, 415),
                        "422": {
                            "description": "Rows with errors; nothing was written",
                            "content": {"application/json": {"schema": {"$ref": IMPORT_RESULT_REF}}},
                        },
                    },
                }
            },
            "/organizations/export": {
                "get": {
                    "summary": "The filtered directory as .xlsx or CSV (UTF-8, BOM) in the import's columns",
                    "parameters": [
                        _query("format", {"type": "string", "enum": ["xlsx", "csv"], "default": "xlsx"}),
                        _query("q"),
                        _query("kind"),
                        _query("district"),
                        _query("status"),
                        _query("stale"),
                        _query("sort"),
                    ],
                    "responses": {
                        "200": {
                            "description": "The file, as an attachment",
                            "content": {
                                # OpenAPI 3.1: a file's content needs no schema.
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                                "text/csv": {},
                            },
                        },
                        **{k: v for k, v in _responses({}, 400, 401, 403).items() if k != "200"},
                    },
                }
            },
        },
    }


from app.api import openapi_registrations  # noqa: E402  (uses the helpers above)


@bp.get("/openapi.json")
def openapi_document():
    return document()
