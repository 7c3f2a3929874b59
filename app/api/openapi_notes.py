"""The OpenAPI part of the notes and action items (joined into app.api.openapi.document)."""

CATEGORIES = ["what_worked", "success_factor", "challenge", "recommendation", "other"]
_TIME = {"type": ["string", "null"], "format": "date-time", "readOnly": True}
_PERSON = {
    "type": ["object", "null"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
    "readOnly": True,
}

NOTE = {
    "type": "object",
    "required": ["category", "body"],
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "forum_id": {"type": "integer", "readOnly": True},
        "category": {"type": "string", "enum": CATEGORIES},
        "body": {"type": "string", "description": "Markdown; shown sanitised (no raw HTML)."},
        "body_html": {"type": "string", "readOnly": True},
        "organization_id": {"type": ["integer", "null"]},
        "agenda_item_id": {"type": ["integer", "null"]},
        "author": _PERSON,
        "updated_by": _PERSON,
        "created_at": _TIME,
        "updated_at": _TIME,
        "version": {
            "type": "integer",
            "description": "Required on PATCH: the version the client last saw (optimistic locking).",
        },
        "photos": {
            "type": "array",
            "readOnly": True,
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "url": {"type": "string", "format": "uri"},
                    "width": {"type": "integer"},
                    "height": {"type": "integer"},
                },
            },
        },
    },
}

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

ACTION_ITEM = {
    "type": "object",
    "required": ["description"],
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "forum_id": {"type": "integer", "readOnly": True},
        "note_id": {"type": ["integer", "null"], "description": "The note of the same forum it came from."},
        "description": {"type": "string", "maxLength": 2000},
        "owner_organization_id": {"type": ["integer", "null"]},
        "owner_user": {
            **_PERSON,
            "readOnly": False,
            "description": "On input also `owner_user_id`; one owner at most (organization or staff).",
        },
        "owner_user_id": {"type": ["integer", "null"], "writeOnly": True},
        "due_on": {"type": ["string", "null"], "format": "date"},
        "status": {"type": "string", "enum": ["open", "done"]},
        "is_overdue": {"type": "boolean", "readOnly": True},
        "done_at": _TIME,
        "created_at": _TIME,
    },
}

SCHEMAS = {"Note": NOTE, "EditConflict": EDIT_CONFLICT, "ActionItem": ACTION_ITEM}


def paths(responses, page_of, query):
    """The notes paths, built with openapi.py's helpers so both parts read alike."""
    note_ref, item_ref = "#/components/schemas/Note", "#/components/schemas/ActionItem"
    path_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    paging = [
        query("page", {"type": "integer", "minimum": 1}),
        query("per_page", {"type": "integer", "minimum": 1, "maximum": 200}),
    ]
    item_filters = [
        query("owner", {"type": "string", "description": "org:<id>, user:<id> or none"}),
        query("status", {"type": "string", "enum": ["open", "done"]}),
        query("fiscal_year", {"type": "integer", "description": "BE fiscal year of the forum, e.g. 2562"}),
        query("overdue", {"type": "boolean"}),
    ]
    conflict = {
        "description": "Someone saved the note after `version`",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EditConflict"}}},
    }
    return {
        "/forums/{id}/notes": {
            "parameters": [path_id],
            "get": {
                "summary": "The forum's lesson-learned notes, oldest first",
                "parameters": [query("category", {"type": "string", "enum": CATEGORIES}), *paging],
                "responses": responses(page_of(note_ref), 400, 401, 403, 404, 422),
            },
            "post": {
                "summary": "Record a note",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": note_ref}}}},
                "responses": responses({"$ref": note_ref}, 400, 401, 403, 404, 415, 422, ok="201"),
            },
        },
        "/notes/{id}": {
            "parameters": [path_id],
            "get": {"summary": "One note", "responses": responses({"$ref": note_ref}, 401, 403, 404)},
            "patch": {
                "summary": "Change a note, from the version the client last saw",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": note_ref}}}},
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
                "parameters": [*item_filters, *paging],
                "responses": responses(page_of(item_ref), 400, 401, 403, 404),
            },
            "post": {
                "summary": "Record an action item",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": item_ref}}}},
                "responses": responses({"$ref": item_ref}, 400, 401, 403, 404, 415, 422, ok="201"),
            },
        },
        "/action-items": {
            "get": {
                "summary": "Action items of all forums",
                "parameters": [*item_filters, *paging],
                "responses": responses(page_of(item_ref), 400, 401, 403),
            }
        },
        "/action-items/{id}": {
            "parameters": [path_id],
            "patch": {
                "summary": "Change an action item or mark it done",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": item_ref}}}},
                "responses": responses({"$ref": item_ref}, 400, 401, 403, 404, 415, 422),
            },
        },
    }
