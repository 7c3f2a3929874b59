"""Finding duplicate organizations and merging one into the other.

Values: the kept organization keeps every value it has, and each empty one is filled
from the duplicate. The place (province, district, subdistrict, postal code) counts as
one value, so an address never mixes the two: the duplicate's is taken only when it is
more precise than the kept one's and agrees with it. Contacts are combined: a contact
of the duplicate whose name (compared by search_key) the kept one already has only
fills that contact's empty position, phone and e-mail.

Links: every foreign key to organizations.id found in db.metadata is re-pointed from the
duplicate to the kept organization, so tables added later (invitations, registrations,
notes…) move along with no change here. When a moved row would break a unique
constraint, a unique index (partial ones counted only where their condition holds) or a
primary key — say both organizations were invited to the same forum — the kept
organization's row wins: the duplicate's row is merged into it by the same rule (the
rows that point at it are re-pointed to the winner, recursively) and then deleted.
"""

import json
import re
from collections import Counter
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import PrimaryKeyConstraint, UniqueConstraint, and_, delete, func, or_, select, text, update

from app.directory import geography, service
from app.directory.models import ChangeSource, Organization, OrganizationChange
from app.directory.record import ORGANIZATION
from app.extensions import db
from app.records import FILL, KEEP
from app.thai import THAI_DIGITS, search_key, sort_key

#: Kept from the kept organization whatever the duplicate says.
KEPT_FIELDS = ORGANIZATION.keys(merge=KEEP)
#: Kept when set, else taken from the duplicate.
FILLED_FIELDS = ORGANIZATION.keys(merge=FILL)
#: The place counts as one value; contacts are combined.
PLACE_FIELDS = ("province_code", "district_code", "subdistrict_code", "postal_code")
#: The rows of the preview, in the table's order, the place as one row where its fields begin.
PREVIEW_ORDER = tuple(
    dict.fromkeys(
        "place" if f.key in PLACE_FIELDS else f.key for f in ORGANIZATION if f.merge or f.key in PLACE_FIELDS
    )
)
CONTACT_DETAILS = ("position", "phone", "email")
#: Links nest (organization → invitation → registration → …); deeper than this is a schema bug.
MAX_DEPTH = 8


class MergeError(ValueError):
    """A merge that cannot be done, with a message for people."""


@dataclass
class PlanRow:
    """One value in the preview, as history text: the kept one's, the duplicate's, the result."""

    field: str
    kept: str
    duplicate: str
    merged: str

    @property
    def from_duplicate(self):
        return self.merged != self.kept


@dataclass
class MergePlan:
    """What merging the duplicate into the kept organization will do, for the preview and the merge."""

    keep: Organization
    duplicate: Organization
    data: dict
    rows: list[PlanRow]
    contacts: list[dict]
    #: Rows in other tables that point at the duplicate, by table name (contacts are combined apart).
    linked: dict[str, int]

    @property
    def contacts_changed(self):
        return self.contacts != [c.as_dict() for c in self.keep.contacts]


@dataclass
class MergeResult:
    #: Rows re-pointed to the kept organization (or to a row that won a unique clash), by table.
    moved: Counter = field(default_factory=Counter)
    #: Rows of the duplicate merged into a clashing row of the kept one and deleted, by table.
    merged: Counter = field(default_factory=Counter)


def _is_empty(value):
    return value is None or value == "" or value == []


def _depth(codes):
    return next((i for i, code in enumerate(codes) if not code), len(codes))


def _merged_place(keep, duplicate):
    kept = [getattr(keep, f) for f in PLACE_FIELDS]
    other = [getattr(duplicate, f) for f in PLACE_FIELDS]
    kept_depth, other_depth = _depth(kept[:3]), _depth(other[:3])
    if other_depth > kept_depth and other[:kept_depth] == kept[:kept_depth]:
        return other
    if not kept[3] and kept[:3] == other[:3]:
        return [*kept[:3], other[3]]
    return kept


def _combined_contacts(keep, duplicate):
    combined = [c.as_dict() for c in keep.contacts]
    by_name = {search_key(c["name"]): c for c in combined}
    for contact in duplicate.contacts:
        same = by_name.get(search_key(contact.name))
        if same is None:
            same = by_name[search_key(contact.name)] = contact.as_dict()
            combined.append(same)
        for detail in CONTACT_DETAILS:
            same[detail] = same[detail] or getattr(contact, detail)
    return combined


def _place_text(values):
    return geography.format_address("", values[2], values[1], values[0], values[3])


def merge_plan(keep, duplicate):
    """What the merge would keep, fill in and move; nothing is changed.

    :raise MergeError: when both are the same organization.
    """
    if keep.id == duplicate.id:
        raise MergeError(_l("An organization cannot be merged into itself."))
    kept, other = service.snapshot(keep), service.snapshot(duplicate)
    data, rows = {}, {}
    for name in KEPT_FIELDS:
        rows[name] = PlanRow(name, kept[name], other[name], kept[name])
    for name in FILLED_FIELDS:
        take = _is_empty(getattr(keep, name)) and not _is_empty(getattr(duplicate, name))
        if take:
            data[name] = getattr(duplicate, name)
        rows[name] = PlanRow(name, kept[name], other[name], other[name] if take else kept[name])
    place = _merged_place(keep, duplicate)
    data.update(zip(PLACE_FIELDS, place, strict=True))
    rows["place"] = PlanRow(
        "place",
        _place_text([getattr(keep, f) for f in PLACE_FIELDS]),
        _place_text([getattr(duplicate, f) for f in PLACE_FIELDS]),
        _place_text(place),
    )
    contacts = _combined_contacts(keep, duplicate)
    data["contacts"] = contacts
    linked = {
        table.name: count
        for table, column in _references_to(Organization.__table__)
        if table.name != "contacts"
        and (
            count := db.session.scalar(select(func.count()).select_from(table).where(column == duplicate.id))
        )
    }
    return MergePlan(keep, duplicate, data, [rows[name] for name in PREVIEW_ORDER], contacts, linked)


def merge_organizations(keep, duplicate, actor=None):
    """Merge the duplicate into the kept organization, move everything linked to it, delete it.

    :raise MergeError: when both are the same organization.
    """
    plan = merge_plan(keep, duplicate)
    record = {"id": duplicate.id, "name": duplicate.name, "certification_no": duplicate.certification_no}
    inherited_link = duplicate.self_update_token if keep.self_update_token is None else None
    # Unique values leave the duplicate before the kept one takes them; its contacts live on
    # in the combined list, so they are not moved as rows.
    duplicate.certification_no = None
    duplicate.self_update_token = None
    duplicate.contacts.clear()
    db.session.flush()
    service.update_organization(keep, plan.data, actor, ChangeSource.MERGE)
    if inherited_link:
        # Links already sent to the duplicate's contact keep working.
        keep.self_update_token = inherited_link
    service.record_event(keep, "merged", json.dumps(record, ensure_ascii=False), actor, ChangeSource.MERGE)
    db.session.flush()
    db.session.execute(
        update(OrganizationChange)
        .where(OrganizationChange.organization_id == duplicate.id, OrganizationChange.merged_from == "")
        .values(merged_from=f"{duplicate.name} (#{duplicate.id})"[:400])
    )
    result = MergeResult()
    _merge_rows(Organization.__table__, keep.id, duplicate.id, result, depth=0)
    # The rows changed behind the ORM's back: forget what it holds, reload on next use.
    db.session.expunge(duplicate)
    db.session.expire_all()
    return result


def _references_to(table):
    """(table, column) of every single-column foreign key in the schema that points at the table."""
    for other in db.metadata.sorted_tables:
        for foreign_key in other.foreign_keys:
            if foreign_key.column.table is table and len(foreign_key.constraint.columns) == 1:
                yield other, foreign_key.parent


def _unique_sets(table, column):
    """(columns, condition) of each uniqueness rule of the table that involves the column."""
    dialect = db.engine.dialect.name
    for constraint in table.constraints:
        if isinstance(
            constraint, UniqueConstraint | PrimaryKeyConstraint
        ) and constraint.columns.contains_column(column):
            yield list(constraint.columns), None
    for index in table.indexes:
        if index.unique and index.columns.contains_column(column):
            condition = index.dialect_kwargs.get(f"{dialect}_where")
            yield list(index.columns), text(condition) if isinstance(condition, str) else condition


def _identity(table, row):
    if not table.primary_key.columns:
        raise MergeError(f"table {table.name} has no primary key: its rows cannot be merged")
    return and_(*(c == row[c.name] for c in table.primary_key.columns))


def _clashing_row(table, column, keep_id, row):
    """The kept side's row that the moved row would collide with, if any."""
    for columns, condition in _unique_sets(table, column):
        others = {c: row[c.name] for c in columns if c is not column}
        if any(value is None for value in others.values()):
            continue  # NULLs never collide
        stmt = select(table).where(column == keep_id, *(c == v for c, v in others.items()))
        if condition is not None:
            applies = select(func.count()).select_from(table).where(_identity(table, row), condition)
            if not db.session.scalar(applies):
                continue
            stmt = stmt.where(condition)
        if clash := db.session.execute(stmt.limit(1)).mappings().first():
            return clash
    return None


def _merge_rows(table, keep_id, drop_id, result, depth):
    """Re-point everything that refers to row drop_id of the table to keep_id, then delete drop_id."""
    if depth > MAX_DEPTH:
        raise MergeError(f"links nest deeper than {MAX_DEPTH} levels at table {table.name}")
    (key,) = table.primary_key.columns
    for other, column in _references_to(table):
        for row in db.session.execute(select(other).where(column == drop_id)).mappings().all():
            clash = _clashing_row(other, column, keep_id, row)
            if clash is None:
                db.session.execute(update(other).where(_identity(other, row)).values({column.name: keep_id}))
                result.moved[other.name] += 1
            elif len(other.primary_key.columns) == 1:
                (other_key,) = other.primary_key.columns
                _merge_rows(other, clash[other_key.name], row[other_key.name], result, depth + 1)
                result.merged[other.name] += 1
            else:
                db.session.execute(delete(other).where(_identity(other, row)))
                result.merged[other.name] += 1
    db.session.execute(delete(table).where(key == drop_id))


def _phone_numbers(value):
    """The phone numbers in a phone field, as bare digits (+66 written as 0, extensions dropped)."""
    numbers = set()
    for part in re.split(r"[,;/]|หรือ|\bor\b", (value or "").translate(THAI_DIGITS)):
        digits = re.sub(r"\D", "", re.split(r"ต่อ|ext|#", part)[0])
        if digits.startswith("66") and len(digits) >= 10:
            digits = "0" + digits[2:]
        if len(digits) >= 9:
            numbers.add(digits)
    return numbers


def _certification_digits(value):
    return re.sub(r"\D", "", (value or "").translate(THAI_DIGITS))


def _digits_in_order(digits):
    """A LIKE pattern for text holding these digits in this order, whatever lies between them."""
    return "%" + "%".join(digits) + "%"


def likely_duplicates(organization, limit=20):
    """Organizations that may be the same one: [(organization, reasons)], the likeliest first.

    Reasons: "name" (the same name by search_key), "certification_no" (the same digits),
    "phone" (a phone number in common). The database narrows the candidates with indexed
    or simple patterns; the exact rules are then checked here.
    """
    name = search_key(organization.name)
    digits = _certification_digits(organization.certification_no)
    phones = _phone_numbers(organization.phone)
    # Equal search keys make equal sort keys, so the indexed name_sort finds every same name.
    narrowing = [Organization.name_sort == sort_key(organization.name)[:300]]
    if digits:
        narrowing.append(Organization.certification_no.like(_digits_in_order(digits)))
    # Without the leading 0, a number also matches when written +66.
    narrowing += [Organization.phone.like(_digits_in_order(number[1:])) for number in phones]
    candidates = db.session.scalars(
        select(Organization).where(Organization.id != organization.id, or_(*narrowing))
    )
    found = []
    for candidate in candidates:
        reasons = []
        if search_key(candidate.name) == name:
            reasons.append("name")
        if digits and _certification_digits(candidate.certification_no) == digits:
            reasons.append("certification_no")
        if phones & _phone_numbers(candidate.phone):
            reasons.append("phone")
        if reasons:
            found.append((candidate, reasons))
    found.sort(key=lambda pair: (-len(pair[1]), pair[0].name_sort, pair[0].id))
    return found[:limit]
