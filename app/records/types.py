"""The kinds of value a record's field holds: how each is read from outside, shown and described.

A field type knows four things about its values: how to read one from outside (`parse`,
raising ValueError with a message for people), how to write one as JSON (`to_json`), as a
line of history or a spreadsheet cell (`to_text`), and its JSON Schema (`schema`). Types
are small and stateless; a record's table gives each field one.
"""

import re
from datetime import date, datetime
from functools import cache

from email_validator import EmailNotValidError, validate_email
from flask_babel import force_locale
from flask_babel import gettext as _

from app.params import is_record_id
from app.thai import INVISIBLE, THAI_DIGITS, clean_lines, clean_text, parse_date, thai_date, to_bangkok
from app.timeutil import parse_moment

#: The largest integer the API accepts as an id or a number: PostgreSQL's integer.
MAX_INT = 2**31 - 1


def whole(value):
    """A JSON number as an int when it is whole (10.0, as JSON Schema's integer counts it), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) else None


@cache
def filled_pattern(removed):
    """A JSON Schema pattern of text that keeps a character once cleaned: one neither whitespace (as
    Python's str.isspace) nor matched by `removed`, a compiled pattern of one character.

    The characters are spelled as \\uXXXX ranges, which Python, ECMA 262 and Rust read alike. Lone
    surrogates are left out: no UTF-8 a client sends holds one.
    """
    ranges = []
    for code in range(0x10000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF or not (char.isspace() or removed.fullmatch(char)):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    spelled = "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)
    return f"[^{spelled}]"


def cell_text(value):
    """Clean text of a value that may come from a spreadsheet cell: 65000.0 is "65000"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(value)


class FieldType:
    """Text by default; subclasses change what they must."""

    #: Whether an empty value (None, "", []) is stored as None rather than as it is.
    nullable = False
    #: Read by the record's clean() together with other fields, not on its own.
    grouped = False

    def parse(self, value, strict=False):
        """The clean value of `value`; `strict` (JSON) refuses what only a spreadsheet may send."""
        return value

    def read(self, obj, key):
        """The field's value on an object: its model attribute; a computed type works it out."""
        return getattr(obj, key)

    def to_json(self, value):
        return value

    def to_text(self, value):
        """The value as one line of text: the history's record and a spreadsheet's cell."""
        if value is None:
            return ""
        return str(value)

    def describe(self, text):
        """A value as the history stores it (to_text), written for people."""
        return text

    def cell_writer(self):
        """A function writing values as spreadsheet cells; made once per file, so it may look things up."""
        return self.to_text

    def schema(self):
        return {"type": "string"}

    def input_schema(self, mode):
        """The schema of a value sent to CREATE or PATCH a record (default: the read one)."""
        return self.schema()

    def null_schema(self, schema):
        if not self.nullable:
            return schema
        if "enum" in schema:
            return {**schema, "type": [schema["type"], "null"], "enum": [*schema["enum"], None]}
        return {**schema, "type": [schema["type"], "null"]}


class Text(FieldType):
    def __init__(self, max_length, min_length=0, nullable=False, digits=False, lines=False):
        self.max_length, self.min_length, self.nullable = max_length, min_length, nullable
        #: Thai digits written as Arabic ones (numbers people type: certificates, postal codes).
        self.digits = digits
        #: Line breaks and spacing are kept (a description); otherwise spaces are single.
        self.lines = lines

    def parse(self, value, strict=False):
        # An empty cell is empty text; in JSON, null is no text unless the field may be None.
        if value is None and (self.nullable or not strict):
            return None if self.nullable else ""
        if isinstance(value, list | dict | bool) or (strict and not isinstance(value, str)):
            # JSON's null or 0 is no text: never stored as "" or "0".
            raise ValueError(_("Expected text."))
        if strict and len(value) > self.max_length:
            # Counted as sent too, as the schema's maxLength counts: cleaning must not let a longer text in.
            raise ValueError(_("At most %(count)d characters.", count=self.max_length))
        text = clean_lines(value) if self.lines else cell_text(value)
        if self.digits:
            text = text.translate(THAI_DIGITS)
        # JSON's length is the one sent, as the schema's maxLength counts it.
        if len(text) > self.max_length or (strict and len(value) > self.max_length):
            raise ValueError(_("At most %(count)d characters.", count=self.max_length))
        if self.nullable and not text:
            return None
        return text

    def filled_pattern(self):
        """What text a required field takes: some that clean_text keeps."""
        return filled_pattern(INVISIBLE)

    def schema(self):
        schema = {"type": "string", "maxLength": self.max_length}
        if self.min_length:
            schema["minLength"] = self.min_length
        return self.null_schema(schema)


#: Thai numbers without their leading 0, as a spreadsheet keeps a phone number typed
#: as a number: mobiles (06, 08, 09 + 8 digits) and landlines (02–07 + 7 digits).
_PHONE_WITHOUT_ZERO = re.compile(r"[689]\d{8}|[2-7]\d{7}")


class Phone(Text):
    def __init__(self):
        super().__init__(100)

    def parse(self, value, strict=False):
        text = super().parse(value, strict)
        if _PHONE_WITHOUT_ZERO.fullmatch(text):
            return "0" + text
        return text


class Email(Text):
    def __init__(self):
        super().__init__(254)

    def parse(self, value, strict=False):
        text = super().parse(value, strict)
        if not text:
            return ""
        try:
            return validate_email(text, check_deliverability=False).normalized
        except EmailNotValidError as error:
            raise ValueError(_("Not an e-mail address: %(value)s", value=text)) from error

    def schema(self):
        return {"type": "string", "maxLength": 254, "description": "An e-mail address, or empty."}


class Integer(FieldType):
    def __init__(self, minimum=None, maximum=MAX_INT, nullable=False):
        self.minimum, self.maximum, self.nullable = minimum, maximum, nullable

    def parse(self, value, strict=False):
        if value is None and self.nullable:
            return None
        value = whole(value)
        if value is None:
            raise ValueError(_("Expected a whole number."))
        if (self.minimum is not None and value < self.minimum) or value > self.maximum:
            raise ValueError(_("Out of range."))
        return value

    def schema(self):
        schema = {"type": "integer", "maximum": self.maximum}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        return self.null_schema(schema)


class Date(FieldType):
    """A calendar date: ISO in JSON; CE or BE years, d/m/yyyy and Thai month names from files."""

    nullable = True

    _ISO = re.compile(r"\d{4}-\d{2}-\d{2}")

    def parse(self, value, strict=False):
        # In JSON no date is null; an empty string is not a date.
        if strict and value is not None and (not isinstance(value, str) or not value.strip()):
            raise ValueError(_("Expected a date like 2018-10-25."))
        try:
            # An ISO date is Gregorian as written (0001-01-01 is not 2501 BE); other forms as offices write.
            iso = isinstance(value, str) and self._ISO.fullmatch(value.strip())
            parsed = date.fromisoformat(value.strip()) if iso else parse_date(value)
        except (ValueError, OverflowError) as error:
            raise ValueError(
                _(
                    "Cannot read the date “%(value)s”. Write it like 25/10/2561 or 2018-10-25.",
                    value=clean_text(value),
                )
            ) from error
        if parsed is not None and not 1900 <= parsed.year <= 2200:
            raise ValueError(_("A date between the years 1900 and 2200, please."))
        return parsed

    def to_json(self, value):
        return value.isoformat() if value else None

    def to_text(self, value):
        return value.isoformat() if value else ""

    def describe(self, text):
        from app.templating import date_filter  # the app's date for people, in the reader's language

        return date_filter(date.fromisoformat(text)) if text else ""

    def cell_writer(self):
        # Text, not a date cell: it reads the same, in the Buddhist era, in every spreadsheet program.
        return lambda value: thai_date(value, "numeric") if isinstance(value, date) else ""

    def schema(self):
        return {"type": ["string", "null"], "format": "date", "examples": ["2018-10-25"]}


class Timestamp(FieldType):
    """A moment stored in UTC (naive), written with its offset; read-only in the API.

    `bangkok`: written in Bangkok time (+07:00), as the forums' areas write their times.
    """

    def __init__(self, nullable=False, bangkok=False):
        self.nullable, self.bangkok = nullable, bangkok

    def to_json(self, value):
        if not isinstance(value, datetime):
            return None
        return to_bangkok(value).isoformat() if self.bangkok else value.isoformat() + "Z"

    def schema(self):
        return self.null_schema({"type": "string", "format": "date-time"})


class IsoDate(FieldType):
    """A date as YYYY-MM-DD and nothing else (JSON only: no Buddhist years, no d/m/yyyy)."""

    nullable = True

    def __init__(self, message):
        self.message = message

    def parse(self, value, strict=False):
        if value is None:
            return None
        try:
            if not isinstance(value, str) or not Date._ISO.fullmatch(value):
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError as error:
            raise ValueError(str(self.message)) from error

    def to_json(self, value):
        return value.isoformat() if value else None

    def schema(self):
        return {"type": ["string", "null"], "format": "date", "examples": ["2018-10-25"]}


class RecordId(FieldType):
    """The id of another row (an organization, a note), or null; whether the row exists is the caller's.

    `message` is said of a value no row can have; "{value!r}" in it is the value sent.
    """

    def __init__(self, message, nullable=True):
        self.message, self.nullable = message, nullable

    def parse(self, value, strict=False):
        if value is None or (value == "" and not strict):
            return None
        if not strict and isinstance(value, str) and value.isascii() and value.strip().isdigit():
            value = int(value)  # a form's hidden field
        number = whole(value)
        if not is_record_id(number):
            raise ValueError(str(self.message).format(value=value))
        return number

    def schema(self):
        return self.null_schema({"type": "integer", "minimum": 1, "maximum": MAX_INT})


class Value(FieldType):
    """One of an enum's values, exactly: for JSON-only fields (a spreadsheet's Choice reads labels too).

    `default` is taken for an empty value from a form (not from JSON, where the schema has no empty value).
    """

    def __init__(self, enum_class, message=None, default=None):
        self.enum_class, self.message, self.default = enum_class, message, default

    @property
    def values(self):
        return [member.value for member in self.enum_class]

    def parse(self, value, strict=False):
        if value in (None, "") and self.default is not None and not strict:
            return self.default
        if not isinstance(value, str) or value not in self.values:
            raise ValueError(str(self.message or "One of: " + ", ".join(self.values)))
        return self.enum_class(value)

    def to_json(self, value):
        return str(value) if value is not None else None

    def to_text(self, value):
        return str(value) if value is not None else ""

    def schema(self):
        return {"type": "string", "enum": self.values}


class Moment(FieldType):
    """A moment in naive UTC: read as ISO 8601 (Bangkok time without an offset), written at +07:00."""

    def __init__(self, nullable=False):
        self.nullable = nullable

    def parse(self, value, strict=False):
        if value is None and self.nullable:
            return None
        if not isinstance(value, str):
            raise ValueError(_("Expected a time like 2018-10-25T10:00:00+07:00."))
        try:
            return parse_moment(value)
        except ValueError as error:
            raise ValueError(_("Expected a time like 2018-10-25T10:00:00+07:00, from 1970 on.")) from error

    def to_json(self, value):
        return to_bangkok(value).isoformat() if value else None

    def schema(self):
        return self.null_schema(
            {"type": "string", "format": "date-time", "examples": ["2018-10-25T10:00:00+07:00"]}
        )


class Computed(FieldType):
    """A value the product works out (a link, counts), written in the JSON and never read from outside.

    `get(obj)` works it out; without `get` it is the model's attribute (a property). A field of this
    type is `writable=False`.
    """

    def __init__(self, schema, get=None):
        self._schema, self.get = schema, get

    def read(self, obj, key):
        return self.get(obj) if self.get else getattr(obj, key)

    def schema(self):
        return self._schema


def _lookup(labels):
    # Imported here: app.records must not depend on an area at import time.
    from app.directory.labels import lookup_table

    return lookup_table(labels)


class Choice(FieldType):
    """One of the values of an enum, read also from its English or Thai label."""

    def __init__(self, enum_class, labels, nullable=False):
        self.enum_class, self.labels, self.nullable = enum_class, labels, nullable

    @property
    def values(self):
        return [member.value for member in self.enum_class]

    def parse(self, value, strict=False):
        if isinstance(value, self.enum_class):
            return value
        if strict and not isinstance(value, str) and (value is not None or not self.nullable):
            raise ValueError(_("Expected one of: %(values)s.", values=", ".join(self.values)))
        text = clean_text(value)
        if not text:
            if strict and (value is not None or not self.nullable):
                # In JSON an empty value is a mistake, not "not given" as an empty cell is: null
                # says "none" where the field allows it.
                raise ValueError(_("Expected one of: %(values)s.", values=", ".join(self.values)))
            return None
        found = _lookup(self.labels).get(text.lower())
        if found is None:
            raise ValueError(_("Unknown value “%(value)s”.", value=text))
        return self.enum_class(found)

    # str(): a StrEnum member is its value, and a value not yet loaded as a member is the value.
    def to_json(self, value):
        return str(value) if value is not None else None

    def to_text(self, value):
        return str(value) if value is not None else ""

    def describe(self, text):
        return str(self.labels[self.enum_class(text)]) if text in self.values else text

    def cell_writer(self):
        labels = thai_labels(self.labels)
        return lambda value: labels.get(value, "")

    def schema(self):
        return self.null_schema({"type": "string", "enum": self.values})


class ChoiceList(FieldType):
    """Several keys of a label table, in one cell separated by commas."""

    _SEPARATORS = re.compile(r"\s*[,;\n]\s*")

    def __init__(self, labels):
        self.labels = labels

    def parse(self, value, strict=False):
        if strict and not isinstance(value, list):
            raise ValueError(_("Expected a list."))
        items = value if isinstance(value, list | tuple) else self._SEPARATORS.split(clean_text(value))
        table = _lookup(self.labels)
        result = []
        for item in items:
            if strict and not isinstance(item, str):
                raise ValueError(_("Expected a list of text."))
            text = clean_text(item)
            if not text and not strict:
                continue
            key = table.get(text.lower())
            if key is None:
                raise ValueError(_("Unknown value “%(value)s”.", value=text))
            if key not in result:
                result.append(key)
            elif strict:
                # The schema says uniqueItems: a list sent twice the same is a mistake to name, not to mend.
                raise ValueError(_("“%(value)s” is given twice.", value=text))
        return result

    def to_json(self, value):
        return list(value or [])

    def to_text(self, value):
        return ", ".join(str(v) for v in value or [])

    def describe(self, text):
        return ", ".join(str(self.labels.get(key, key)) for key in text.split(", ")) if text else ""

    def cell_writer(self):
        labels = thai_labels(self.labels)
        return lambda value: ", ".join(labels.get(key, key) for key in value or [])

    def schema(self):
        return {"type": "array", "items": {"type": "string", "enum": list(self.labels)}, "uniqueItems": True}


def thai_labels(labels):
    """The labels in Thai, looked up once: spreadsheets are written in Thai whatever the reader's."""
    with force_locale("th"):
        return {value: str(label) for value, label in labels.items()}
