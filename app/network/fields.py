"""The values of the network records: their labels, and the field types app/records lacks (amounts of
baht, counts of people, fiscal years, counts and amounts by key, a report's activities and files).
The records themselves are declared in app/network/record.py.
"""

import re
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.network.models import ReportStatus, SupportKind, SupportStatus
from app.records.types import Date, FieldType, Text
from app.thai import THAI_DIGITS, clean_text

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


def _number_text(value, strict):
    if isinstance(value, bool | list | dict) or (strict and not isinstance(value, int | float)):
        raise ValueError(_("Expected a number."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(value).translate(THAI_DIGITS).replace(",", "").replace(" ", "")


def read_money(value, strict=False):
    """An amount of baht, from 45000, "45,000", "๔๕,๐๐๐.๕๐"; None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and not value.is_integer():
        value = f"{value:.2f}"
        strict = False
    text = _number_text(value, strict).removesuffix("บาท")
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


def read_count(value, strict=False):
    """A whole number of people (0 or more); None when empty."""
    if value is None or value == "":
        return None
    if strict and isinstance(value, float) and not value.is_integer():
        raise ValueError(_("Write a whole number, 0 or more."))
    text = _number_text(value, strict)
    if not text:
        return None
    if not text.isdigit() or int(text) > MAX_COUNT:
        raise ValueError(_("Write a whole number, 0 or more."))
    return int(text)


def read_fiscal_year(value, strict=False):
    """A Buddhist-era fiscal year such as 2562 (a two-digit 62 is 2562)."""
    try:
        number = read_count(value, strict)
    except ValueError:
        number = None
    if number is not None and number < 100 and not strict:
        number += 2500
    if number is None or not FISCAL_YEARS[0] <= number <= FISCAL_YEARS[1]:
        raise ValueError(_("Write the fiscal year in the Buddhist era, like 2562."))
    return number


class Money(FieldType):
    """An amount of baht (Decimal); a number in JSON."""

    nullable = True

    def parse(self, value, strict=False):
        return read_money(value, strict)

    def to_json(self, value):
        return float(value) if value is not None else None

    def schema(self):
        return {"type": ["number", "null"], "minimum": 0, "maximum": int(MAX_MONEY)}


class Count(FieldType):
    """A number of people, 0 or more."""

    nullable = True

    def parse(self, value, strict=False):
        return read_count(value, strict)

    def schema(self):
        return {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_COUNT}


class FiscalYear(FieldType):
    """A Buddhist-era fiscal year (October–September, named by the year it ends in)."""

    def parse(self, value, strict=False):
        return read_fiscal_year(value, strict)

    def schema(self):
        return {"type": "integer", "minimum": FISCAL_YEARS[0], "maximum": FISCAL_YEARS[1]}


class Keyed(FieldType):
    """A number for each of some keys ({target group: people}, {source: baht}); absent keys are none."""

    def __init__(self, labels, money=False):
        self.labels, self.money = labels, money

    def parse(self, value, strict=False):
        if value is None or value == "":
            return {}
        if not isinstance(value, dict):
            raise ValueError(_("Expected an object of %(keys)s.", keys=", ".join(self.labels)))
        result = {}
        for key, item in value.items():
            if key not in self.labels:
                raise ValueError(_("Unknown value “%(value)s”.", value=clean_text(key)))
            if strict and item is None:
                raise ValueError(_("A value is needed here, not null."))
            number = read_money(item, strict) if self.money else read_count(item, strict)
            if number is not None:
                # Amounts are kept as text in the JSON column: a float would round the satang.
                result[key] = str(number) if self.money else number
        return result

    def to_json(self, value):
        return {k: float(v) if self.money else v for k, v in (value or {}).items()}

    def schema(self):
        number = {"type": "number" if self.money else "integer", "minimum": 0}
        return {
            "type": "object",
            "properties": dict.fromkeys(self.labels, number),
            "additionalProperties": False,
        }


class Activities(FieldType):
    """What an organization did in the year: [{title, date}], the date in ISO."""

    _title, _date = Text(300), Date()

    def parse(self, value, strict=False):
        if value is None or value == "":
            return []
        if not isinstance(value, list) or len(value) > MAX_ACTIVITIES:
            raise ValueError(_("Expected a list of at most %(n)s activities.", n=MAX_ACTIVITIES))
        result = []
        for entry in value:
            if not isinstance(entry, dict):
                raise ValueError(_("Each activity needs a title and may have a date."))
            title = self._title.parse(entry.get("title", ""), strict)
            day = self._date.parse(entry.get("date"), strict)
            if not title:
                if day is None:
                    continue
                raise ValueError(_("Each activity needs a title."))
            result.append({"title": title, "date": day.isoformat() if day else None})
        return result

    def to_json(self, value):
        return list(value or [])

    def schema(self):
        item = {
            "title": {"type": "string", "maxLength": 300},
            "date": {"type": ["string", "null"], "format": "date"},
        }
        return {"type": "array", "maxItems": MAX_ACTIVITIES, "items": {"type": "object", "properties": item}}


class Flag(FieldType):
    """Yes or no (read-only here)."""

    def schema(self):
        return {"type": "boolean"}


class Attachments(FieldType):
    """The files of a report (read-only: they come as files through the forms)."""

    def to_json(self, value):
        return [
            {"id": a.id, "name": a.original_name, "content_type": a.content_type, "size": a.size_bytes}
            for a in value or []
        ]

    def schema(self):
        item = {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "content_type": {"type": "string"},
            "size": {"type": "integer"},
        }
        return {"type": "array", "items": {"type": "object", "properties": item}}
