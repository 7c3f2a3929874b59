"""Declarative tables of a record's fields; see docs/records.md.

from app.records import Field, Record, KEEP, FILL
from app.records.types import Text, Choice, Date
"""

from app.records.schema import CREATE, PATCH, READ, component_schemas, record_schema
from app.records.table import FILL, KEEP, Field, Record, RecordDataError

__all__ = [
    "CREATE",
    "FILL",
    "KEEP",
    "PATCH",
    "READ",
    "Field",
    "Record",
    "RecordDataError",
    "component_schemas",
    "record_schema",
]
