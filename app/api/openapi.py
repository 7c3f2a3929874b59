"""The OpenAPI 3 document of /api/v1, served at /api/v1/openapi.json."""

from app.api import bp

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


ORGANIZATION = {
    "type": "object",
    "required": ["name", "kind"],
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "name": {"type": "string", "maxLength": 300},
        "kind": {
            "type": "string",
            "enum": ["public_benefit", "community_welfare", "local_government", "government_agency", "other"],
        },
        "legal_form": {"type": ["string", "null"]},
        "certification_no": {"type": ["string", "null"]},
        "certified_on": {"type": ["string", "null"], "format": "date"},
        "status": {"type": "string", "enum": ["active", "inactive", "revoked"]},
        "province": {"type": ["string", "null"]},
        "district": {"type": ["string", "null"]},
        "subdistrict": {"type": ["string", "null"]},
        "postal_code": {"type": ["string", "null"]},
        "address": {"type": "string"},
        "phone": {"type": "string"},
        "email": {"type": "string"},
        "line_id": {"type": "string"},
        "fields_of_work": {"type": "array", "items": {"type": "string"}},
        "target_groups": {"type": "array", "items": {"type": "string"}},
        "contacts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {k: {"type": "string"} for k in ("name", "position", "phone", "email")},
            },
        },
        "last_confirmed_on": {"type": ["string", "null"], "format": "date"},
    },
}

IMPORT_RESULT_REF = "#/components/schemas/ImportResult"
IMPORT_RESULT = {
    "type": "object",
    "properties": {
        "created": {"type": "integer"},
        "updated": {"type": "integer"},
        "unchanged": {"type": "integer", "description": "Rows identical to what is stored"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "row": {"type": "integer"},
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
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
                "Organization": ORGANIZATION,
                "ImportResult": IMPORT_RESULT,
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
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": org_ref}}}},
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
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": org_ref}}}},
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
                                            "enum": ORGANIZATION["properties"]["kind"]["enum"],
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
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                                    "schema": {"type": "string", "format": "binary"}
                                },
                                "text/csv": {"schema": {"type": "string"}},
                            },
                        },
                        **{k: v for k, v in _responses({}, 400, 401, 403).items() if k != "200"},
                    },
                }
            },
        },
    }


@bp.get("/openapi.json")
def openapi_document():
    return document()
