"""The OpenAPI part of the notes and action items (joined into app.api.openapi.document)."""

from app.notes.record import ACTION_ITEM, NOTE
from app.records import component_schemas

CATEGORIES = NOTE["category"].type.values

EDIT_CONFLICT = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {"code": {"const": "edit_conflict"}, "message": {"type": "string"}},
        },
        "note": {"$ref": "#/components/schemas/Note"},
    },
}

SCHEMAS = {**component_schemas(NOTE, ACTION_ITEM), "EditConflict": EDIT_CONFLICT}


def paths(responses, page_of):
    """The notes paths, built with openapi.py's helpers so both parts read alike."""
    note_ref, item_ref = "#/components/schemas/Note", "#/components/schemas/ActionItem"
    path_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    conflict = {
        "description": "Someone saved the note after `version`",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EditConflict"}}},
    }
    return {
        "/forums/{id}/notes": {
            "parameters": [path_id],
            "get": {
                "summary": "The forum's lesson-learned notes, oldest first",
                "responses": responses(page_of(note_ref), 400, 401, 403, 404, 422),
            },
            "post": {
                "summary": "Record a note",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": note_ref + "Create"}}},
                },
                "responses": responses({"$ref": note_ref}, 400, 401, 403, 404, 415, 422, ok="201"),
            },
        },
        "/notes/{id}": {
            "parameters": [path_id],
            "get": {"summary": "One note", "responses": responses({"$ref": note_ref}, 401, 403, 404)},
            "patch": {
                "summary": "Change a note, from the version the client last saw",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": note_ref + "Patch"}}},
                },
                "responses": {
                    **responses({"$ref": note_ref}, 400, 401, 403, 404, 415, 422),
                    "409": conflict,
                },
            },
        },
        "/forums/{id}/action-items": {
            "parameters": [path_id],
            "get": {
                "summary": "The forum's action items, open and most urgent first",
                "responses": responses(page_of(item_ref), 400, 401, 403, 404),
            },
            "post": {
                "summary": "Record an action item",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": item_ref + "Create"}}},
                },
                "responses": responses({"$ref": item_ref}, 400, 401, 403, 404, 415, 422, ok="201"),
            },
        },
        "/action-items": {
            "get": {
                "summary": "Action items of all forums",
                "responses": responses(page_of(item_ref), 400, 401, 403),
            }
        },
        "/action-items/{id}": {
            "parameters": [path_id],
            "patch": {
                "summary": "Change an action item or mark it done",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": item_ref + "Patch"}}},
                },
                "responses": responses({"$ref": item_ref}, 400, 401, 403, 404, 415, 422),
            },
        },
    }
