"""Reading organization data from outside (API, imports, self-update): clean values or named errors.

The rules are the organization's table (app/directory/record.py); this is its directory-side door.
"""

from app.directory.record import ORGANIZATION
from app.records import RecordDataError as OrganizationDataError
from app.records.types import cell_text

#: Every field an organization takes from a file, in the order of the export's columns.
FIELDS = tuple(column.name for column in ORGANIZATION.columns())

__all__ = ["FIELDS", "OrganizationDataError", "cell_text", "parse_organization"]


def parse_organization(raw, default_province_code, partial=False, strict=False):
    """Clean model values from raw outside data, or OrganizationDataError naming each bad field.

    `raw` holds the API's field names (province, district and subdistrict as names
    or DOPA codes). With `partial`, only the fields present are read (PATCH); `strict`
    is for JSON, where text must be a string and a list a list.
    """
    return ORGANIZATION.parse(raw, partial, strict, default_province_code=default_province_code)
