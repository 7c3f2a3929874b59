"""Importing organizations from a spreadsheet: a plan the person previews, then the import itself.

A row updates the organization with its certification number; a row without a known
number updates the one organization of the same name that has no number yet (so a
list without numbers can be imported again); every other row adds an organization.
"""

import enum
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.directory import service
from app.directory.columns import BY_FIELD, guess_mapping
from app.directory.fields import OrganizationDataError, cell_text, parse_organization
from app.directory.models import ChangeSource, ImportUpload, Organization, OrganizationKind
from app.directory.spreadsheets import read_table
from app.extensions import db
from app.thai import parse_date, search_key, thai_date
from app.timeutil import utcnow

UPLOAD_LIFETIME = timedelta(days=1)
PLACE_FIELDS = ("province", "district", "subdistrict", "postal_code")
PLACE_KEYS = ("province_code", "district_code", "subdistrict_code", "postal_code")
#: How many certification numbers go into one IN (…) query.
LOOKUP_CHUNK = 500
#: Rows written per flush.
WRITE_BATCH = 500
PREVIEW_ROWS = 5
EXAMPLE_ROWS = 20


def _display(value):
    """A cell as the preview shows it: dates as they will be read, in the Buddhist era."""
    if isinstance(value, date):
        try:
            return thai_date(parse_date(value), "numeric")
        except ValueError:
            return cell_text(value)
    return cell_text(value)


class ImportMode(enum.StrEnum):
    #: Any bad row and nothing is written.
    ALL_OR_NOTHING = "all_or_nothing"
    #: The good rows are written, the bad ones reported.
    GOOD_ROWS = "good_rows"


class ImportConflict(Exception):
    """Someone else changed the directory while this import ran; nothing of it is kept."""


@dataclass
class RowError:
    row: int
    field: str
    message: str

    @property
    def label(self):
        column = BY_FIELD.get(self.field)
        return column.label if column else self.field

    def as_dict(self):
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class PlannedRow:
    row: int
    #: Clean values, only of the columns the file holds.
    data: dict
    #: The organization the row updates; None for a new one.
    organization: Organization | None
    #: The fields the row changes in that organization.
    changes: list = field(default_factory=list)

    @property
    def action(self):
        if self.organization is None:
            return "create"
        return "update" if self.changes else "unchanged"


@dataclass
class ImportPlan:
    """What an import of a table with a column mapping would do; nothing is written to make it."""

    table: object
    #: The field each column of the table holds, None where a column is ignored.
    mapping: list
    #: The kind given to new organizations whose row names none.
    default_kind: OrganizationKind | None = None
    #: Reasons the mapping cannot be imported at all (no name column, a field twice).
    problems: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    #: Values taken with a doubt (an unknown legal form kept as "other"): the row is imported.
    warnings: list = field(default_factory=list)

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def bad_rows(self):
        return len({error.row for error in self.errors})

    @property
    def can_import(self):
        return not self.problems and any(row.action != "unchanged" for row in self.rows)

    @property
    def mapping_values(self):
        """The mapping as the preview's form sends it: "" for an ignored column."""
        return [name or "" for name in self.mapping]

    @property
    def outcomes(self):
        """Row number → create, update, unchanged or error."""
        outcomes = {row.row: row.action for row in self.rows}
        outcomes.update((error.row, "error") for error in self.errors)
        return outcomes

    @property
    def preview_rows(self):
        """The first rows as read: (row number, outcome, the cells as text)."""
        outcomes = self.outcomes
        return [
            (number, outcomes.get(number, "skipped"), [_display(v) for v in cells])
            for number, cells in self.table.rows[:PREVIEW_ROWS]
        ]

    def example(self, index):
        """A value of the column from the first rows, to help choose what it holds."""
        for _number, cells in self.table.rows[:EXAMPLE_ROWS]:
            if text := _display(cells[index]):
                return text
        return ""


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int
    errors: list
    #: False when all-or-nothing met a bad row and wrote nothing.
    written: bool
    warnings: list = field(default_factory=list)

    def as_dict(self):
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [e.as_dict() for e in self.errors],
            "warnings": [w.as_dict() for w in self.warnings],
        }


def mapping_problems(mapping):
    problems = []
    if "name" not in mapping:
        problems.append(_("No column holds the name of the organization. Choose it below."))
    for field_name in dict.fromkeys(f for f in mapping if f):
        if mapping.count(field_name) > 1:
            problems.append(_("Several columns are set to “%(field)s”.", field=BY_FIELD[field_name].label))
    return problems


def plan_import(table, mapping, province_code, default_kind=None):
    """What importing the table's rows would create, update or leave, and each bad row's errors."""
    plan = ImportPlan(
        table=table, mapping=list(mapping), default_kind=default_kind, problems=mapping_problems(mapping)
    )
    if plan.problems:
        return plan
    columns = [(index, name) for index, name in enumerate(mapping) if name]
    has_place = any(name in PLACE_FIELDS for _, name in columns)
    raws = [(number, {name: cells[index] for index, name in columns}) for number, cells in table.rows]
    raws = [(number, raw) for number, raw in raws if any(cell_text(v) for v in raw.values())]
    matches = _existing_organizations([raw for _, raw in raws])
    first_row_of, row_updating = {}, {}
    for (number, raw), organization in zip(raws, matches, strict=True):
        errors = _duplicate_errors(raw, number, organization, first_row_of, row_updating)
        if not cell_text(raw.get("kind")):
            raw["kind"] = organization.kind if organization is not None else default_kind
        warnings = {}
        try:
            data = parse_organization(raw, province_code, warnings=warnings)
        except OrganizationDataError as error:
            errors = {**error.errors, **errors}
        if errors:
            plan.errors += [RowError(number, name, message) for name, message in errors.items()]
            continue
        plan.warnings += [RowError(number, name, message) for name, message in warnings.items()]
        gives_place = any(cell_text(raw.get(f)) for f in PLACE_FIELDS)
        if not has_place or (organization is not None and not gives_place):
            # A row that gives no place leaves the stored place as it is.
            for key in PLACE_KEYS:
                data.pop(key, None)
        changes = service.pending_changes(organization, data) if organization is not None else []
        plan.rows.append(PlannedRow(number, data, organization, changes))
    return plan


def _match_keys(raw):
    number = service.normalize_certification_no(cell_text(raw.get("certification_no")))
    name = search_key(cell_text(raw.get("name")))
    return number, name


def _duplicate_errors(raw, number, organization, first_row_of, row_updating):
    certification_no, name = _match_keys(raw)
    key = ("certification_no", certification_no) if certification_no else ("name", name)
    errors = {}
    if key[1] and key in first_row_of:
        if certification_no:
            errors["certification_no"] = _(
                "The certification number %(number)s is also on row %(row)d.",
                number=certification_no,
                row=first_row_of[key],
            )
        else:
            errors["name"] = _(
                "The same name without a certification number is also on row %(row)d.", row=first_row_of[key]
            )
    elif organization is not None and organization.id in row_updating:
        errors["name"] = _(
            "Row %(row)d already updates %(name)s.", row=row_updating[organization.id], name=organization.name
        )
    first_row_of.setdefault(key, number)
    if organization is not None:
        row_updating.setdefault(organization.id, number)
    return errors


def _existing_organizations(raws):
    """The stored organization each row matches, or None: a few queries in all, not one per row."""
    keys = [_match_keys(raw) for raw in raws]
    by_number = {
        o.certification_no: o
        for o in _load_in(Organization.certification_no, {number for number, _ in keys if number})
    }
    uncertified = {}
    for org_id, name in db.session.execute(
        select(Organization.id, Organization.name).where(Organization.certification_no.is_(None))
    ):
        uncertified.setdefault(search_key(name), []).append(org_id)
    # A name matches only when exactly one organization without a number bears it.
    by_name = {name: ids[0] for name, ids in uncertified.items() if len(ids) == 1}
    wanted = {by_name[name] for number, name in keys if number not in by_number and name in by_name}
    by_id = {o.id: o for o in _load_in(Organization.id, wanted)}
    return [by_number.get(number) or by_id.get(by_name.get(name)) for number, name in keys]


def _load_in(column, values):
    values = sorted(values)
    for start in range(0, len(values), LOOKUP_CHUNK):
        chunk = values[start : start + LOOKUP_CHUNK]
        yield from db.session.scalars(
            select(Organization).options(selectinload(Organization.contacts)).where(column.in_(chunk))
        )


def run_import(plan, mode, actor):
    """Write the plan's good rows (all-or-nothing: only when no row is bad), recorded as an import.

    :raise ImportConflict: when another change to the directory got in the way.
    """
    unchanged = plan.count("unchanged")
    if plan.problems or (mode == ImportMode.ALL_OR_NOTHING and plan.errors):
        return ImportResult(0, 0, unchanged, plan.errors, written=False, warnings=plan.warnings)
    new = [row.data for row in plan.rows if row.organization is None]
    changed = [(row.organization, row.data) for row in plan.rows if row.action == "update"]
    try:
        for start in range(0, max(len(new), len(changed)), WRITE_BATCH):
            service.create_organizations(new[start : start + WRITE_BATCH], actor, ChangeSource.IMPORT)
            service.update_organizations(changed[start : start + WRITE_BATCH], actor, ChangeSource.IMPORT)
    except IntegrityError as error:
        raise ImportConflict(str(error)) from error
    return ImportResult(len(new), len(changed), unchanged, plan.errors, written=True, warnings=plan.warnings)


def read_mapping(values, table):
    """The mapping chosen in the preview's selects, or the guessed one when they do not fit the table."""
    if len(values) != len(table.headers) or any(v and v not in BY_FIELD for v in values):
        return guess_mapping(table.headers)
    return [v or None for v in values]


def read_default_kind(value):
    return OrganizationKind(value) if value in set(OrganizationKind) else None


def accept_upload(user, filename, content, max_rows):
    """Keep an uploaded file for its preview and import, once it is known to hold a table.

    Expired uploads are removed at the same time. :raise FileProblem: when it holds none.
    """
    read_table(filename, content, max_rows)
    purge_expired_uploads()
    upload = ImportUpload(user_id=user.id, filename=(filename or "upload")[-255:], content=content)
    db.session.add(upload)
    db.session.flush()
    return upload


def find_upload(token, user):
    """The user's own upload with this token, if it has not expired."""
    if not token:
        return None
    return db.session.scalar(
        select(ImportUpload).where(
            ImportUpload.token == token,
            ImportUpload.user_id == user.id,
            ImportUpload.created_at >= utcnow() - UPLOAD_LIFETIME,
        )
    )


def plan_upload(upload, mapping_values, default_kind, province_code, max_rows):
    """The plan of an upload with the mapping chosen in the preview (guessed when none fits)."""
    table = read_table(upload.filename, upload.content, max_rows)
    mapping = read_mapping(mapping_values, table)
    return plan_import(table, mapping, province_code, read_default_kind(default_kind))


def discard_upload(upload):
    db.session.delete(upload)
    db.session.flush()


def purge_expired_uploads(now=None):
    oldest = (now or utcnow()) - UPLOAD_LIFETIME
    db.session.execute(delete(ImportUpload).where(ImportUpload.created_at < oldest))
