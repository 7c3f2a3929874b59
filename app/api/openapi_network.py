"""The OpenAPI part of network health (joined into app.api.openapi.document). The schemas of a
support and a report are derived from their tables in app/network/record.py."""

from app.api.openapi_files import IMPORT_REFUSED, spreadsheet_upload
from app.network.fields import FISCAL_YEARS
from app.network.health import FIGURES, REASONS
from app.network.record import ANNUAL_REPORT, SUPPORT
from app.records import component_schemas

_SHARE = {
    "type": "object",
    "properties": {
        "count": {"type": "integer"},
        "share": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "description": "A fraction of `organizations`.",
        },
    },
}
_ROW = {"organizations": {"type": "integer"}, **dict.fromkeys(FIGURES, _SHARE)}
_FISCAL_YEAR = {
    "type": "integer",
    "minimum": FISCAL_YEARS[0],
    "maximum": FISCAL_YEARS[1],
    "description": "Buddhist-era fiscal year (October–September, named by its end); absent: the current one.",
}


def schemas():
    return {
        **component_schemas(SUPPORT, ANNUAL_REPORT),
        "NetworkHealth": {
            "type": "object",
            "properties": {
                "fiscal_year": {"type": "integer"},
                **_ROW,
                "by_kind": {
                    "type": "array",
                    "items": {"type": "object", "properties": {"kind": {"type": "string"}, **_ROW}},
                },
                "by_district": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "district": {"type": "string"},
                            "district_code": {"type": ["string", "null"]},
                            **_ROW,
                        },
                    },
                },
            },
        },
        "LosingTouch": {
            "type": "object",
            "properties": {
                "organization_id": {"type": "integer"},
                "name": {"type": "string"},
                "reasons": {"type": "array", "items": {"type": "string", "enum": list(REASONS)}},
                "kind": {"type": "string"},
                "district": {"type": ["string", "null"]},
                "phone": {"type": "string"},
                "email": {"type": "string"},
                "contacts": {"type": "array", "items": {"type": "object"}},
            },
        },
    }


def paths(responses, page_of):
    """The network paths, built with openapi.py's helpers so all parts read alike."""
    org_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}

    def records(ref, what, post_summary):
        return {
            "parameters": [org_id],
            "get": {"summary": f"The organization's {what}, newest fiscal year first",
                    "responses": responses(page_of(ref), 400, 401, 403, 404)},
            "post": {"summary": post_summary,
                     "requestBody": {"content": {"application/json": {"schema": {"$ref": ref + "Create"}}}},
                     "responses": responses({"$ref": ref}, 400, 401, 403, 404, 415, 422, ok="201")},
        }  # fmt: skip

    return {
        "/network-health": {
            "get": {
                "summary": "A fiscal year's figures: counted, took part, Fund money, any support, reported",
                "responses": responses({"$ref": "#/components/schemas/NetworkHealth"}, 400, 401, 403),
            }
        },
        "/network-health/losing-touch": {
            "get": {
                "summary": "The organizations the office is losing touch with, each with its reasons",
                "responses": responses(
                    {"type": "array", "items": {"$ref": "#/components/schemas/LosingTouch"}}, 400, 401, 403
                ),
            }
        },
        "/organizations/{id}/supports": records(
            "#/components/schemas/Support",
            "support",
            "Record support received (only a fund project has a status)",
        ),
        "/organizations/{id}/reports": records(
            "#/components/schemas/AnnualReport",
            "yearly reports",
            "Record a report received (replaces that fiscal year's)",
        ),
        "/supports/import": {
            "post": {
                "summary": "Import the Fund's project list (.xlsx, .xls or .csv; Thai encodings; BE dates)",
                "requestBody": spreadsheet_upload(
                    "fund-projects.csv",
                    mode={"type": "string", "enum": ["all_or_nothing", "good_rows"]},
                    fiscal_year={**_FISCAL_YEAR, "description": "For rows without a fiscal year."},
                ),
                "responses": {
                    **responses({"$ref": "#/components/schemas/ImportResult"}, 400, 401, 403, 413, 415),
                    "422": IMPORT_REFUSED,
                },
            }
        },
    }
