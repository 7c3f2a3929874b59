"""A record's table: each field once, and what the rest of the product derives from it.

See docs/records.md. A `Record` is a tuple of `Field`s in the order of the record's
spreadsheet columns; from it come the import's column titles, the labels, the fields
kept in history, changed by self-update or filled in by a merge, the spreadsheet
row, the JSON of the API, parsing of outside data, and the JSON Schemas of the
OpenAPI document (app/records/schema.py).
"""

from dataclasses import dataclass

from flask_babel import gettext as _

from app.records.schema import CREATE, PATCH
from app.records.types import FieldType

#: Merge rules: the kept record's value stays; an empty one is filled from the duplicate.
KEEP, FILL = "keep", "fill"


@dataclass(frozen=True)
class Field:
    #: The field's name outside: in the API's JSON, in import mappings, in error messages.
    name: str
    type: FieldType
    #: What people see for the field (a lazy_gettext string).
    label: object
    #: The column title in the product's own spreadsheets: a file format, not a translation,
    #: so the import still reads old files when the label is reworded. "" for no column.
    thai: str = ""
    english: str = ""
    #: Other titles offices give the column in their own lists.
    aliases: tuple = ()
    #: The model's attribute (and the history's field name); the name when not given.
    attr: str | None = None
    #: A value is needed to create the record (and, when sent, cannot be emptied); with
    #: writable=PATCH, needed in every patch.
    required: bool = False
    #: Read from outside (API, import); False for what only the product sets, PATCH or CREATE
    #: for what only a change or a new record takes (a note's version).
    writable: bool | str = True
    #: Written in the API's JSON.
    readable: bool = True
    #: Each change is kept in the record's history.
    tracked: bool = False
    #: The organization may change it itself (a self-update link).
    self_update: bool = False
    #: KEEP, FILL or None (the merge treats it on its own, or not at all).
    merge: str | None = None
    description: str = ""
    #: The message when a required value is missing ("%(field)s is missing." when not given).
    missing: object = None
    #: A required field a patch may still empty (a note's body, when the note keeps a photo: the
    #: service decides).
    patch_may_empty: bool = False
    #: The JSON's value from the object, for a computed one (a ticket's URL); the attribute otherwise.
    read: object = None

    @property
    def key(self):
        """The model attribute behind the field."""
        return self.attr or self.name

    @property
    def exported(self):
        """A column of the record's spreadsheets (export, template, import)."""
        return bool(self.thai)

    def value(self, obj):
        return self.read(obj) if self.read else self.type.read(obj, self.key)

    def writable_in(self, mode):
        """Read from outside when creating (CREATE) or changing (PATCH) a record."""
        return self.writable is True or self.writable == mode


def _missing(field):
    if field.missing:
        return str(field.missing)
    return _("%(field)s is missing.", field=field.label)


def _null_refused(field):
    """Why JSON's null is no value of the field: its type's own words when it has them."""
    try:
        field.type.parse(None, True)
    except ValueError as error:
        return str(error)
    return _("A value is needed here, not null.")


class RecordDataError(ValueError):
    """Field errors ({field: message}) in a record's data from outside."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class Record:
    """The table of one record's fields, and what is derived from it."""

    def __init__(self, name, fields, clean=None):
        #: The schema's name in the OpenAPI document, e.g. "Organization".
        self.name = name
        self.fields = tuple(fields)
        self.by_name = {f.name: f for f in self.fields}
        self._labels = {}
        for f in self.fields:
            self._labels.setdefault(f.key, f.label)
        #: clean(raw, data, errors, partial, strict, **context): reads what spans fields (an address)
        #: or needs more than one field's value (an unknown legal form kept in its own words).
        self.clean = clean

    def __iter__(self):
        return iter(self.fields)

    def __getitem__(self, name):
        return self.by_name[name]

    # What the other lists of an area come from.

    def columns(self):
        """The spreadsheet columns, in order."""
        return tuple(f for f in self.fields if f.exported)

    def keys(self, **flags):
        """The model attributes of the fields with these flags, e.g. keys(tracked=True), in order."""
        return tuple(f.key for f in self.fields if all(getattr(f, k) == v for k, v in flags.items()))

    def labels(self):
        """Labels by model attribute: the history's and the merge preview's field names."""
        return self._labels

    # JSON and spreadsheets.

    def to_json(self, obj, only=None, **given):
        """The record as the API writes it; `given` values replace a field's own (counts for a whole page).

        `only`: the names of the fields a shorter form of the record keeps (record_schema's `only`).
        """
        fields = self.fields if only is None else (self.by_name[name] for name in only)
        return {
            f.name: given[f.name] if f.name in given else f.type.to_json(f.value(obj))
            for f in fields
            if f.readable
        }

    def row_writer(self):
        """A function: object → the spreadsheet row's cells, with labels looked up once per file."""
        writers = [(f, f.type.cell_writer()) for f in self.columns()]
        return lambda obj: [write(f.value(obj)) for f, write in writers]

    def history_text(self, obj):
        """The tracked fields as the history keeps them: text, by model attribute."""
        return {f.key: f.type.to_text(f.value(obj)) for f in self.fields if f.tracked}

    def describe(self, key, text):
        """A value of the history (by model attribute), written for people."""
        for f in self.fields:
            if f.key == key and f.tracked:
                return f.type.describe(text)
        return text

    # Outside data.

    def parse(self, raw, partial=False, strict=False, **context):
        """Clean model values from outside data (by field name), or RecordDataError naming each bad field.

        With `partial` only the fields present are read (PATCH); `strict` refuses what only a
        spreadsheet may send (numbers for text); `context` goes to the record's clean() (e.g. a
        `warnings` dict it fills with {field: message} for values taken with a doubt).
        """
        data, errors = {}, {}
        mode = PATCH if partial else CREATE
        for f in self.fields:
            if not f.writable_in(mode) or f.name not in raw or f.type.grouped:
                continue
            if raw[f.name] is None and f.required and not (partial and f.patch_may_empty):
                errors[f.name] = _missing(f)
                continue
            if strict and raw[f.name] is None and not f.type.nullable:
                errors[f.name] = _null_refused(f)
                continue
            try:
                value = f.type.parse(raw[f.name], strict)
            except ValueError as error:
                errors[f.name] = str(error)
                continue
            if value is None and not f.type.nullable:
                # Empty where the model holds no None: a default on create, an error otherwise.
                if partial or f.required:
                    errors[f.name] = _missing(f)
            elif f.required and value in ("", []) and not (partial and f.patch_may_empty):
                errors[f.name] = _missing(f)
            else:
                data[f.key] = value
        for f in self.fields:
            # A patch leaves out what it does not change, but not a field only patches take (a version).
            needed = f.writable == PATCH if partial else f.writable_in(CREATE)
            if f.required and needed and f.name not in raw:
                errors[f.name] = _missing(f)
        if self.clean:
            self.clean(raw, data, errors, partial, strict, **context)
        if errors:
            raise RecordDataError(errors)
        return data
