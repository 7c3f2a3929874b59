"""The request body of an import: a spreadsheet file in the multipart field `file`."""

IMPORT_RESULT_REF = "#/components/schemas/ImportResult"
#: An import's 422: rows with errors (nothing written), or a file with no list in it (an Error).
IMPORT_REFUSED = {
    "description": "Rows with errors, nothing written; or a file without column titles or rows",
    "content": {
        "application/json": {
            "schema": {"anyOf": [{"$ref": IMPORT_RESULT_REF}, {"$ref": "#/components/schemas/Error"}]}
        }
    },
}

#: What the imports read (app/directory/spreadsheets.py): CSV in UTF-8 or a Thai encoding, XLSX, XLS.
SPREADSHEET_TYPES = (
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel",
)


def spreadsheet_upload(example_name, **properties):
    """A multipart body with the file (its formats and an example name) and other form fields."""
    return {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}, **properties},
                },
                "encoding": {
                    "file": {
                        "contentType": ", ".join(SPREADSHEET_TYPES),
                        # The importer knows a file's format by its name, as people's files are named.
                        "headers": {
                            "Content-Disposition": {
                                "schema": {
                                    "type": "string",
                                    "example": f'form-data; name="file"; filename="{example_name}"',
                                }
                            }
                        },
                    }
                },
            }
        }
    }
