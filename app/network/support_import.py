"""Importing the Social Welfare Promotion Fund's yearly project list (a spreadsheet) as Fund support.

The file is read by the directory import's reader (XLSX, XLS, CSV in any common Thai encoding),
with its care: BE dates, every bad row named with its column, all-or-nothing or good rows only.
A row names its organization by certification number or, failing that, by its exact name (one
organization only). A row whose organization, fiscal year and project title are already recorded
updates that project (so the list of a later stage can be imported again); the others add one.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from app.directory.columns import BY_FIELD as DIRECTORY_COLUMNS
from app.directory.columns import title_key
from app.directory.fields import cell_text
from app.directory.importing import ImportMode, RowError
from app.directory.models import Organization
from app.directory.service import normalize_certification_no
from app.extensions import db
from app.network.fields import SUPPORT_FIELDS, RecordDataError
from app.network.models import Support, SupportKind
from app.network.supports import parse_support
from app.thai import search_key

__all__ = ("ImportMode", "plan_support_import", "run_support_import")

#: The fields of a row: the organization it names, then those of a Fund project (not its kind).
ORGANIZATION_FIELDS = ("certification_no", "organization")
ROW_FIELDS = [f for f in SUPPORT_FIELDS if f.name != "kind"]
_BY_NAME = {f.name: f for f in ROW_FIELDS}


def _titles():
    table = {}
    for name, column in (
        ("certification_no", DIRECTORY_COLUMNS["certification_no"]),
        ("organization", DIRECTORY_COLUMNS["name"]),
    ):
        for title in (name, column.thai, column.english, *column.aliases):
            table.setdefault(title_key(title), name)
    for f in ROW_FIELDS:
        for title in (f.name, f.thai, *f.aliases):
            table.setdefault(title_key(title), f.name)
    return table


TITLES = _titles()


def column_label(name):
    """A column's name for people (in an error list)."""
    if name == "certification_no":
        return DIRECTORY_COLUMNS["certification_no"].label
    if name == "organization":
        return DIRECTORY_COLUMNS["name"].label
    return _BY_NAME[name].label if name in _BY_NAME else name


def guess_mapping(headers):
    """The field each column holds (None: ignored); a field is taken by its first column."""
    mapping, taken = [], set()
    for header in headers:
        name = TITLES.get(title_key(header))
        mapping.append(None if name in taken else name)
        taken.add(name)
    return mapping


@dataclass
class SupportImport:
    """What importing a Fund list would do; nothing is written to make it."""

    problems: list = field(default_factory=list)
    #: (row number, organization, clean data, the Support it updates or None)
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    unchanged: int = 0

    def as_dict(self, created, updated):
        return {
            "created": created,
            "updated": updated,
            "unchanged": self.unchanged,
            "errors": [e.as_dict() for e in self.errors],
        }


def _organizations(raws):
    """Organizations by normalized certification number and by name key (a list: names may repeat)."""
    numbers = {normalize_certification_no(cell_text(r.get("certification_no"))) for r in raws} - {None}
    by_number, by_name = {}, {}
    for organization in db.session.scalars(select(Organization)):
        if organization.certification_no and organization.certification_no in numbers:
            by_number[organization.certification_no] = organization
        by_name.setdefault(search_key(organization.name), []).append(organization)
    return by_number, by_name


def _find_organization(raw, by_number, by_name):
    """(organization, None) or (None, (field, message))."""
    number = normalize_certification_no(cell_text(raw.get("certification_no")))
    name = cell_text(raw.get("organization"))
    if number and number in by_number:
        return by_number[number], None
    named = by_name.get(search_key(name), []) if name else []
    if len(named) == 1:
        return named[0], None
    if len(named) > 1:
        return None, (
            "organization",
            _("Several organizations are named “%(name)s”: give the certification number.", name=name),
        )
    if number:
        return None, (
            "certification_no",
            _("No organization has the certification number %(number)s.", number=number),
        )
    if name:
        return None, ("organization", _("No organization is named “%(name)s” in the directory.", name=name))
    return None, ("organization", _("The row names no organization."))


def _existing_projects(organization_ids):
    found = {}
    if not organization_ids:
        return found
    for support in db.session.scalars(
        select(Support).where(Support.kind == SupportKind.FUND, Support.organization_id.in_(organization_ids))
    ):
        found[(support.organization_id, support.fiscal_year, search_key(support.title))] = support
    return found


def plan_support_import(table, fiscal_year=None):
    """Read the Fund list's rows: each good row's organization and data, each bad row's errors.
    `fiscal_year` is given to rows without one."""
    mapping = guess_mapping(table.headers)
    plan = SupportImport()
    if not {"certification_no", "organization"} & set(mapping):
        plan.problems.append(_("No column holds the organization's certification number or name."))
    if "title" not in mapping:
        plan.problems.append(_("No column holds the project's title (ชื่อโครงการ)."))
    if plan.problems:
        return plan
    raws = []
    for number, cells in table.rows:
        raw = {name: cells[i] for i, name in enumerate(mapping) if name}
        if any(cell_text(v) for v in raw.values()):
            raws.append((number, raw))
    by_number, by_name = _organizations([raw for _, raw in raws])
    parsed, first_row_of = [], {}
    for number, raw in raws:
        organization, problem = _find_organization(raw, by_number, by_name)
        errors = dict([problem]) if problem else {}
        data = {k: v for k, v in raw.items() if k not in ORGANIZATION_FIELDS}
        data["kind"] = SupportKind.FUND.value
        if not cell_text(data.get("fiscal_year")) and fiscal_year:
            data["fiscal_year"] = fiscal_year
        try:
            data = parse_support(data)
        except RecordDataError as error:
            errors.update(error.errors)
        if not errors:
            key = (organization.id, data["fiscal_year"], search_key(data["title"]))
            if key in first_row_of:
                errors["title"] = _(
                    "The same project of the same organization is also on row %(row)d.", row=first_row_of[key]
                )
            first_row_of.setdefault(key, number)
        if errors:
            plan.errors += [RowError(number, name, message) for name, message in errors.items()]
        else:
            parsed.append((number, organization, data))
    existing = _existing_projects({organization.id for _, organization, _ in parsed})
    for number, organization, data in parsed:
        support = existing.get((organization.id, data["fiscal_year"], search_key(data["title"])))
        if support is not None and all(getattr(support, k) == v for k, v in data.items()):
            plan.unchanged += 1
            continue
        plan.rows.append((number, organization, data, support))
    return plan


def run_support_import(plan, mode, actor):
    """Write the plan's good rows (all-or-nothing: only when no row is bad); (created, updated, written)."""
    if plan.problems or (mode == ImportMode.ALL_OR_NOTHING and plan.errors):
        return 0, 0, False
    created = updated = 0
    for _number, organization, data, support in plan.rows:
        if support is None:
            support = Support(organization_id=organization.id, recorded_by_id=actor.id if actor else None)
            db.session.add(support)
            created += 1
        else:
            updated += 1
        for name, value in data.items():
            setattr(support, name, value)
    db.session.flush()
    return created, updated, True
