"""JSON Schemas of a record for the OpenAPI document: as read, as created, as patched."""

READ, CREATE, PATCH = "read", "create", "patch"


def _property(field, mode=READ):
    schema = dict(field.type.schema() if mode == READ else field.type.input_schema(mode))
    if field.english:
        schema.setdefault("title", field.english)
    if field.description:
        schema["description"] = field.description
    return schema


def record_schema(record, mode=READ):
    """The schema of the record's JSON: READ (every field, all present), CREATE or PATCH (writable ones)."""
    if mode == READ:
        fields = [f for f in record if f.readable]
        return {
            "type": "object",
            "required": [f.name for f in fields],
            "properties": {f.name: _property(f) for f in fields},
        }
    fields = [f for f in record if f.writable and (mode == PATCH or f.creatable)]
    schema = {"type": "object", "properties": {f.name: _property(f, mode) for f in fields}}
    required = [f.name for f in fields if f.required]
    if mode == CREATE and required:
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
