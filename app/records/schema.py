"""JSON Schemas of a record for the OpenAPI document: as read, as created, as patched."""

READ, CREATE, PATCH = "read", "create", "patch"


def _written(schema, field, mode):
    """A required field's schema where it is written: no null, no empty text (Record.parse refuses both)."""
    kind = schema.get("type")
    if isinstance(kind, list) and "null" in kind:
        rest = [k for k in kind if k != "null"]
        schema = {**schema, "type": rest[0] if len(rest) == 1 else rest}
        if "enum" in schema:
            schema["enum"] = [v for v in schema["enum"] if v is not None]
    if (
        schema.get("type") == "string"
        and "enum" not in schema
        and not (mode == PATCH and field.patch_may_empty)
    ):
        schema.setdefault("minLength", 1)
        if hasattr(field.type, "filled_pattern"):
            # Not only spaces or invisible characters: the cleaned text would be empty.
            schema.setdefault("pattern", field.type.filled_pattern())
    return schema


def _property(field, mode=READ):
    schema = dict(field.type.schema() if mode == READ else field.type.input_schema(mode))
    if field.english:
        schema.setdefault("title", field.english)
    if field.description:
        schema["description"] = field.description
    if mode != READ and field.required:
        schema = _written(schema, field, mode)
    return schema


def record_schema(record, mode=READ, only=None):
    """The schema of the record's JSON: READ (every field, all present), CREATE or PATCH (writable ones).

    A PATCH schema requires only the fields every patch must send (writable=PATCH, required).
    `only`: as read in a shorter form (Record.to_json's `only`), those fields and no other.
    """
    if mode == READ:
        fields = [f for f in record if f.readable and (only is None or f.name in only)]
        schema = {
            "type": "object",
            "required": [f.name for f in fields],
            "properties": {f.name: _property(f) for f in fields},
        }
        return schema if only is None else {**schema, "additionalProperties": False}
    fields = [f for f in record if f.writable_in(mode)]
    schema = {"type": "object", "properties": {f.name: _property(f, mode) for f in fields}}
    required = [f.name for f in fields if f.required and (mode == CREATE or f.writable == PATCH)]
    if required:
        schema["required"] = required
    return schema


def component_schemas(*records):
    """The components/schemas entries of records: Name, NameCreate, NamePatch."""
    schemas = {}
    for record in records:
        schemas[record.name] = record_schema(record, READ)
        schemas[f"{record.name}Create"] = record_schema(record, CREATE)
        schemas[f"{record.name}Patch"] = record_schema(record, PATCH)
    return schemas
