"""The OpenAPI 3 document of /api/v1, served at /api/v1/openapi.json."""

from app.api import bp, openapi_checkin, openapi_network, openapi_notes, openapi_routes
from app.api.openapi_files import IMPORT_REFUSED, IMPORT_RESULT_REF, spreadsheet_upload
from app.directory.record import ORGANIZATION
from app.forums.record import FORUM, INVITATION
from app.records import READ, component_schemas, record_schema
from app.records.types import MAX_INT

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


def _forum_paths():
    forum_ref, invitation_ref = "#/components/schemas/Forum", "#/components/schemas/Invitation"
    forum_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    return {
        "/forums": {
            "get": {
                "summary": "List forums",
                "responses": _responses(_page_of(forum_ref), 400, 401, 403),
            },
            "post": {
                "summary": "Plan a forum (a draft)",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": forum_ref + "Create"}}},
                },
                "responses": _responses({"$ref": forum_ref}, 400, 401, 403, 415, 422, ok="201"),
            },
        },
        "/forums/{id}": {
            "parameters": [forum_id],
            "get": {"summary": "One forum", "responses": _responses({"$ref": forum_ref}, 401, 403, 404)},
            "patch": {
                "summary": "Change a forum's details or status",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": forum_ref + "Patch"}}},
                },
                "responses": _responses({"$ref": forum_ref}, 400, 401, 403, 404, 409, 415, 422),
            },
        },
        "/forums/{id}/invitations": {
            "parameters": [forum_id],
            "get": {
                "summary": "The forum's invitations",
                "responses": _responses(_page_of(invitation_ref), 400, 401, 403, 404),
            },
            "post": {
                "summary": "Invite organizations (409 when one is already invited)",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["organization_ids"],
                                "properties": {
                                    "organization_ids": {
                                        "type": "array",
                                        "minItems": 1,
                                        "items": {"type": "integer", "minimum": 1, "maximum": MAX_INT},
                                    },
                                    "seats": {
                                        **FORUM["seats_per_organization"].type.schema(),
                                        "description": "Each one's quota (the forum's when not given).",
                                    },
                                },
                            }
                        }
                    },
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
    """The document: what is written here, completed from the routes (app/api/openapi_routes.py)."""
    written = _written_document()
    openapi_routes.complete(written["paths"])
    return written


def _written_document():
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
                **component_schemas(ORGANIZATION, FORUM),
                "ImportResult": IMPORT_RESULT,
                "Invitation": record_schema(INVITATION, READ),
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
            **openapi_notes.paths(_responses, _page_of),
            **openapi_checkin.paths(_responses),
            **openapi_network.paths(_responses, _page_of),
            "/organizations": {
                "get": {
                    "summary": "List and search the directory",
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
                    "requestBody": spreadsheet_upload(
                        "directory.csv",
                        mode={
                            "type": "string",
                            "enum": ["all_or_nothing", "good_rows"],
                            "default": "all_or_nothing",
                        },
                        default_kind={
                            "type": "string",
                            "enum": ORGANIZATION["kind"].type.values,
                            "description": "The kind of new rows that give none.",
                        },
                    ),
                    "responses": {
                        **_responses({"$ref": IMPORT_RESULT_REF}, 400, 401, 403, 409, 413, 415),
                        "422": IMPORT_REFUSED,
                    },
                }
            },
            "/organizations/export": {
                "get": {
                    "summary": "The filtered directory as .xlsx or CSV (UTF-8, BOM) in the import's columns",
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
