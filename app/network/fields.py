"""The fields of the network records, declared once per record: the title people see, the column of a
spreadsheet, the kind of value with its limits and allowed values. The API's JSON and OpenAPI schema,
the forms' checks and the Fund-list import are all derived from these tables.

(Written to move into the app/records pattern once it lands: one table per record.)
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.directory import labels
from app.network.models import ReportStatus, SupportKind, SupportStatus
from app.thai import THAI_DIGITS, clean_text, parse_date

SUPPORT_KINDS = {
    SupportKind.FUND: _l("Social Welfare Promotion Fund project"),
    SupportKind.OTHER_MONEY: _l("Other money"),
    SupportKind.TECHNICAL: _l("Technical support"),
    SupportKind.VISIT: _l("Visit by staff"),
}
SUPPORT_STATUSES = {
    SupportStatus.PROPOSED: _l("Proposed"),
    SupportStatus.APPROVED: _l("Approved"),
    SupportStatus.NOT_APPROVED: _l("Not approved"),
    SupportStatus.DONE: _l("Done"),
    SupportStatus.REPORTED: _l("Reported"),
}
REPORT_STATUSES = {
    ReportStatus.ASKED: _l("Asked"),
    ReportStatus.RECEIVED: _l("Received"),
    ReportStatus.LATE: _l("Late"),
}
#: Whom a report says the organization served.
TARGET_GROUPS = {
    "children": _l("Children"),
    "youth": _l("Youth"),
    "elderly": _l("Older people"),
    "disabled": _l("People with disabilities"),
    "women": _l("Women"),
    "family": _l("Families"),
    "other": _l("Others"),
}
#: Where a report's money came from.
MONEY_SOURCES = {
    "own": _l("Own funds"),
    "local_government": _l("Local administration"),
    "fund": _l("Social Welfare Promotion Fund"),
    "other": _l("Other sources"),
}
#: The support a report says the organization needs.
NEEDS = {
    "money": _l("Money"),
    "know_how": _l("Know-how"),
    "training": _l("Training"),
    "contacts": _l("Contacts with others"),
}

MAX_MONEY = Decimal("1000000000")
MAX_COUNT = 10_000_000
MAX_ACTIVITIES = 100
FISCAL_YEARS = (2500, 2700)
_MONEY_TEXT = re.compile(r"^\d+(\.\d{1,2})?$")


@dataclass(frozen=True)
class Field:
    name: str
    #: What forms and pages call it, in the reader's language.
    label: object
    #: text | money | count | date | fiscal_year | choice | choices | counts | amounts | activities
    type: str
    #: The longest text, for text fields.
    limit: int | None = None
    #: Allowed values → their labels, for choice, choices, counts and amounts.
    choices: dict | None = None
    required: bool = False
    #: The column's title in spreadsheets (a file format: Thai, never translated) and other titles met.
    thai: str = ""
    aliases: tuple = ()


SUPPORT_FIELDS = (
    Field("kind", _l("Kind of support"), "choice", choices=SUPPORT_KINDS, required=True, thai="ประเภท"),
    Field("fiscal_year", _l("Fiscal year"), "fiscal_year", required=True, thai="ปีงบประมาณ",
          aliases=("ปีงบ", "ปี", "fiscal year")),
    Field("title", _l("What"), "text", limit=300, required=True, thai="ชื่อโครงการ",
          aliases=("โครงการ", "project", "project title", "title")),
    Field("amount_requested", _l("Amount asked (baht)"), "money", thai="งบประมาณที่ขอ",
          aliases=("จำนวนเงินที่ขอ", "งบที่ขอ", "เงินที่เสนอขอ", "amount requested")),
    Field("amount_approved", _l("Amount approved (baht)"), "money", thai="งบประมาณที่อนุมัติ",
          aliases=("จำนวนเงินที่อนุมัติ", "งบที่ได้รับอนุมัติ", "เงินที่ได้รับ", "amount approved")),
    Field("status", _l("Status of the project"), "choice", choices=SUPPORT_STATUSES, thai="สถานะ",
          aliases=("สถานะโครงการ", "ผลการพิจารณา", "status")),
    Field("date", _l("Date"), "date", thai="วันที่", aliases=("วันที่อนุมัติ", "date")),
    Field("given_by", _l("Who"), "text", limit=200, thai="ผู้ให้การสนับสนุน", aliases=("ผู้ดำเนินการ", "who")),
    Field("note", _l("Note"), "text", limit=2000, thai="หมายเหตุ", aliases=("note",)),
)  # fmt: skip

REPORT_FIELDS = (
    Field("fiscal_year", _l("Fiscal year"), "fiscal_year", required=True),
    Field("received_on", _l("Received on"), "date"),
    Field("activities", _l("Activities"), "activities"),
    Field("served", _l("People served"), "counts", choices=TARGET_GROUPS),
    Field("spent", _l("Money spent (baht)"), "money"),
    Field("sources", _l("Where the money came from (baht)"), "amounts", choices=MONEY_SOURCES),
    Field("volunteers", _l("Volunteers"), "count"),
    Field("problems", _l("Problems"), "text", limit=4000),
    Field("needs", _l("Support needed"), "choices", choices=NEEDS),
    Field("note", _l("Note"), "text", limit=2000),
)


class RecordDataError(ValueError):
    """Field errors ({field: message}) in a record's data from outside."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


# Reading one value


def _text(field, value):
    if isinstance(value, list | dict | bool):
        raise ValueError(_("Expected text."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value)
    if len(text) > field.limit:
        raise ValueError(_("At most %(n)s characters.", n=field.limit))
    return text


def _number_text(value):
    if isinstance(value, bool | list | dict):
        raise ValueError(_("Expected a number."))
    return clean_text(value).translate(THAI_DIGITS).replace(",", "").replace(" ", "")


def read_money(value):
    """An amount of baht, from 45000, "45,000", "๔๕,๐๐๐.๕๐"; None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        value = f"{value:.2f}"
    text = _number_text(value).removesuffix("บาท")
    if not text:
        return None
    if not _MONEY_TEXT.match(text):
        raise ValueError(_("Write an amount of baht, like 45000 or 45,000.50."))
    try:
        amount = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(_("Write an amount of baht, like 45000 or 45,000.50.")) from error
    if amount > MAX_MONEY:
        raise ValueError(_("The amount is too large."))
    return amount


def read_count(value):
    """A whole number of people (0 or more); None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _number_text(value)
    if not text:
        return None
    if not text.isdigit() or int(text) > MAX_COUNT:
        raise ValueError(_("Write a whole number, 0 or more."))
    return int(text)


def read_fiscal_year(value):
    """A Buddhist-era fiscal year such as 2562 (a two-digit 62 is 2562)."""
    number = read_count(value)
    if number is not None and number < 100:
        number += 2500
    if number is None or not FISCAL_YEARS[0] <= number <= FISCAL_YEARS[1]:
        raise ValueError(_("Write the fiscal year in the Buddhist era, like 2562."))
    return number


def _date(value):
    if isinstance(value, list | dict | bool):
        raise ValueError(_("Expected a date."))
    try:
        return parse_date(value)
    except (ValueError, OverflowError) as error:
        raise ValueError(
            _(
                "Cannot read the date “%(value)s”. Write it like 25/10/2561 or 2018-10-25.",
                value=clean_text(value),
            )
        ) from error


def _choice(field, value):
    if isinstance(value, list | dict | bool):
        raise ValueError(_("Expected one of the allowed values."))
    text = clean_text(value)
    if not text:
        return None
    found = labels.lookup_table(field.choices).get(text.lower())
    if found is None:
        raise ValueError(_("Unknown value “%(value)s”.", value=text))
    return found


def _choices(field, value):
    items = value if isinstance(value, list | tuple) else re.split(r"\s*[,;\n]\s*", clean_text(value))
    result = []
    for item in items:
        key = _choice(field, item)
        if key is not None and key not in result:
            result.append(key)
    return result


def _keyed(field, value, read):
    if value is None or value == "":
        return {}
    if not isinstance(value, dict):
        raise ValueError(_("Expected an object of %(keys)s.", keys=", ".join(field.choices)))
    result = {}
    for key, item in value.items():
        if key not in field.choices:
            raise ValueError(_("Unknown value “%(value)s”.", value=clean_text(key)))
        number = read(item)
        if number is not None:
            result[key] = number
    return result


def _activities(value):
    if value is None or value == "":
        return []
    if not isinstance(value, list) or len(value) > MAX_ACTIVITIES:
        raise ValueError(_("Expected a list of at most %(n)s activities.", n=MAX_ACTIVITIES))
    result = []
    for entry in value:
        if not isinstance(entry, dict):
            raise ValueError(_("Each activity needs a title and may have a date."))
        title = clean_text(entry.get("title") if isinstance(entry.get("title"), str) else "")[:300]
        day = _date(entry.get("date"))
        if not title:
            if day is None:
                continue
            raise ValueError(_("Each activity needs a title."))
        result.append({"title": title, "date": day.isoformat() if day else None})
    return result


def read_value(field, value):
    """The clean value of one field, or ValueError with a message for people."""
    if field.type == "text":
        return _text(field, value)
    if field.type == "money":
        return read_money(value)
    if field.type == "count":
        return read_count(value)
    if field.type == "fiscal_year":
        return read_fiscal_year(value)
    if field.type == "date":
        return _date(value)
    if field.type == "choice":
        return _choice(field, value)
    if field.type == "choices":
        return _choices(field, value)
    if field.type == "counts":
        return _keyed(field, value, read_count)
    if field.type == "amounts":
        return {k: str(v) for k, v in _keyed(field, value, read_money).items()}
    if field.type == "activities":
        return _activities(value)
    raise AssertionError(field.type)


def parse_record(fields, data, partial=False):
    """Clean values of the fields present in `data` (all required ones unless partial), or
    RecordDataError naming each bad field. Unknown keys are ignored."""
    clean, errors = {}, {}
    for field in fields:
        if field.name not in data:
            if field.required and not partial:
                errors[field.name] = _("Required.")
            continue
        try:
            value = read_value(field, data[field.name])
        except ValueError as error:
            errors[field.name] = str(error)
            continue
        if field.required and value in (None, ""):
            errors[field.name] = _("Required.")
            continue
        clean[field.name] = value
    if errors:
        raise RecordDataError(errors)
    return clean


# Writing out


def json_value(field, value):
    if value is None:
        return (
            []
            if field.type in ("choices", "activities")
            else {}
            if field.type in ("counts", "amounts")
            else None
        )
    if field.type == "money":
        return float(value)
    if field.type == "date":
        return value.isoformat()
    if field.type == "choice":
        return str(value)
    if field.type == "amounts":
        return {k: float(v) for k, v in value.items()}
    return value


def record_json(fields, record):
    return {field.name: json_value(field, getattr(record, field.name)) for field in fields}


def display_value(field, value):
    """A value as a page shows it (labels in the reader's language)."""
    if value in (None, "", [], {}):
        return ""
    if field.type == "choice":
        return str(field.choices.get(value, value))
    if field.type == "choices":
        return ", ".join(str(field.choices.get(v, v)) for v in value)
    return value


_SCHEMA_TYPES = {
    "text": {"type": "string"},
    "money": {"type": ["number", "null"], "minimum": 0},
    "count": {"type": ["integer", "null"], "minimum": 0},
    "date": {"type": ["string", "null"], "format": "date"},
    "fiscal_year": {"type": "integer", "minimum": FISCAL_YEARS[0], "maximum": FISCAL_YEARS[1]},
}


def _schema(field):
    if field.type in _SCHEMA_TYPES:
        schema = dict(_SCHEMA_TYPES[field.type])
        if field.limit:
            schema["maxLength"] = field.limit
    elif field.type == "choice":
        values = [str(v) for v in field.choices]
        schema = {"type": "string", "enum": values}
        if not field.required:
            schema = {"type": ["string", "null"], "enum": [*values, None]}
    elif field.type == "choices":
        schema = {"type": "array", "items": {"type": "string", "enum": [str(v) for v in field.choices]}}
    elif field.type in ("counts", "amounts"):
        number = {"type": "integer" if field.type == "counts" else "number", "minimum": 0}
        schema = {
            "type": "object",
            "properties": dict.fromkeys(field.choices, number),
            "additionalProperties": False,
        }
    else:  # activities
        schema = {
            "type": "array",
            "maxItems": MAX_ACTIVITIES,
            "items": {
                "type": "object",
                "properties": {
                    "title": {"type": "string", "maxLength": 300},
                    "date": {"type": ["string", "null"], "format": "date"},
                },
            },
        }
    schema["title"] = _english(field.label)
    return schema


def _english(label):
    with force_locale("en"):
        return str(label)


def json_schema(fields, extra=None):
    """The OpenAPI (JSON Schema) object of a record, from its fields and `extra` read-only properties."""
    properties = {field.name: _schema(field) for field in fields}
    properties.update(extra or {})
    return {
        "type": "object",
        "required": [field.name for field in fields if field.required],
        "properties": properties,
    }
