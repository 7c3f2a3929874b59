"""Directory rules: keeping organizations, their history, search and self-update links."""

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Boolean, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.functions import FunctionElement

from app.directory.models import (
    STALE_AFTER,
    ChangeSource,
    Contact,
    Organization,
    OrganizationChange,
    OrganizationKind,
    OrganizationStatus,
)
from app.extensions import db
from app.thai import THAI_DIGITS, clean_text, search_key
from app.timeutil import local_today, utcnow

#: Fields that are recorded in the history; contacts are recorded as one field.
TRACKED_FIELDS = (
    "name", "kind", "legal_form", "certification_no", "certified_on", "status",
    "province_code", "district_code", "subdistrict_code", "postal_code", "address",
    "phone", "email", "line_id", "fields_of_work", "target_groups", "last_confirmed_on",
)  # fmt: skip
#: What an organization may change itself through its self-update link; its name, kind,
#: certification and status stay with the office.
SELF_UPDATE_FIELDS = frozenset(
    {
        "address", "province_code", "district_code", "subdistrict_code", "postal_code",
        "phone", "email", "line_id", "fields_of_work", "target_groups", "contacts",
    }
)  # fmt: skip
SORTS = {
    "name": (Organization.name_sort, Organization.id),
    "district": (Organization.district_code, Organization.name_sort),
    # Never confirmed goes last on both databases (PostgreSQL puts NULL first when descending).
    "confirmed": (Organization.last_confirmed_on.desc().nulls_last(), Organization.name_sort),
    "updated": (Organization.updated_at.desc(), Organization.id.desc()),
}


def normalize_certification_no(value):
    """Certificate numbers compare equal whatever digits or spacing they were typed with."""
    return clean_text(value).translate(THAI_DIGITS) or None


def _history_value(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _contacts_value(contacts):
    return "; ".join(
        " / ".join(p for p in (c["name"], c["position"], c["phone"], c["email"]) if p) for c in contacts
    )


def snapshot(organization):
    """The tracked fields of an organization as history text."""
    values = {field: _history_value(getattr(organization, field)) for field in TRACKED_FIELDS}
    values["contacts"] = _contacts_value([c.as_dict() for c in organization.contacts])
    return values


def _record_changes(organization, before, actor, source):
    after = snapshot(organization)
    # One time for the whole save, so the page can show the save as one entry.
    now = utcnow()
    for field, new_value in after.items():
        if before.get(field, "") != new_value:
            organization.changes.append(
                OrganizationChange(
                    changed_at=now,
                    field=field,
                    old_value=before.get(field, ""),
                    new_value=new_value,
                    user_id=actor.id if actor else None,
                    source=source,
                )
            )


def record_event(organization, field, new_value, actor=None, source=ChangeSource.STAFF):
    """Add a history entry for something that is not a field value (a link, a merge)."""
    organization.changes.append(
        OrganizationChange(
            field=field, new_value=new_value, user_id=actor.id if actor else None, source=source
        )
    )


def _apply(organization, data):
    for field, value in data.items():
        if field == "contacts":
            _replace_contacts(organization, value)
        elif field == "certification_no":
            organization.certification_no = normalize_certification_no(value)
        elif isinstance(value, str):
            setattr(organization, field, clean_text(value))
        else:
            setattr(organization, field, value)
    organization.refresh_search_fields()


def _replace_contacts(organization, contacts):
    cleaned = []
    for entry in contacts:
        entry = {k: clean_text(entry.get(k, "")) for k in ("name", "position", "phone", "email")}
        if entry["name"]:
            cleaned.append(entry)
    current = [c.as_dict() for c in organization.contacts]
    if current == cleaned:
        return
    organization.contacts.clear()
    for order, entry in enumerate(cleaned):
        organization.contacts.append(Contact(position_order=order, **entry))


def create_organization(data, actor=None, source=ChangeSource.STAFF):
    """Add an organization from clean field values; the creation is recorded in its history."""
    organization = Organization(
        kind=data.get("kind", OrganizationKind.OTHER),
        status=data.get("status", OrganizationStatus.ACTIVE),
        fields_of_work=[],
        target_groups=[],
    )
    before = snapshot(organization)
    _apply(organization, data)
    db.session.add(organization)
    _record_changes(organization, before, actor, source)
    db.session.flush()
    return organization


def update_organization(organization, data, actor=None, source=ChangeSource.STAFF):
    """Change an organization and record each changed field (who, when, old → new)."""
    before = snapshot(organization)
    _apply(organization, data)
    _record_changes(organization, before, actor, source)
    db.session.flush()
    return organization


def confirm_organization(organization, actor=None, source=ChangeSource.STAFF, today=None):
    """Mark the organization's data as confirmed today."""
    return update_organization(organization, {"last_confirmed_on": today or local_today()}, actor, source)


def self_update(organization, changes, today=None):
    """The organization's own word through its link: its corrections, if any, and confirmation.

    :raise ValueError: for a field the organization may not change itself.
    """
    forbidden = set(changes) - SELF_UPDATE_FIELDS
    if forbidden:
        raise ValueError(f"not changeable through a self-update link: {', '.join(sorted(forbidden))}")
    data = {**changes, "last_confirmed_on": today or local_today()}
    return update_organization(organization, data, source=ChangeSource.SELF_UPDATE)


def find_by_certification_no(certification_no):
    number = normalize_certification_no(certification_no)
    if not number:
        return None
    return db.session.scalar(select(Organization).where(Organization.certification_no == number))


def stale_before(today=None):
    """Organizations confirmed before this date (or never) are stale."""
    return (today or local_today()) - STALE_AFTER


class occurs_in(FunctionElement):
    """occurs_in(text, part): the part occurs in the text as it is (no wildcards, no case folding).

    A plain substring search: PostgreSQL's strpos() runs about three times faster
    than LIKE '%…%' over Thai text, and neither needs wildcards escaped.
    """

    type = Boolean()
    name = "occurs_in"
    inherit_cache = True


@compiles(occurs_in)
def _occurs_in(element, compiler, **kw):
    text, part = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(instr({text}, {part}) > 0)"


@compiles(occurs_in, "postgresql")
def _occurs_in_postgresql(element, compiler, **kw):
    text, part = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(strpos({text}, {part}) > 0)"


@dataclass
class DirectoryFilter:
    """What the directory list is narrowed to; the same filter serves the page, API and exports."""

    q: str = ""
    kind: str = ""
    district: str = ""
    status: str = ""
    stale: bool = False
    sort: str = "name"

    @property
    def searches_text(self):
        return bool(search_key(self.q))

    def statement(self, today=None):
        stmt = select(Organization)
        key = search_key(self.q)
        if key:
            stmt = stmt.where(occurs_in(Organization.search_text, key))
        if self.kind in set(OrganizationKind):
            stmt = stmt.where(Organization.kind == OrganizationKind(self.kind))
        if self.status in set(OrganizationStatus):
            stmt = stmt.where(Organization.status == OrganizationStatus(self.status))
        if self.district:
            stmt = stmt.where(Organization.district_code == self.district)
        if self.stale:
            stmt = stmt.where(
                or_(
                    Organization.last_confirmed_on.is_(None),
                    Organization.last_confirmed_on < stale_before(today),
                )
            )
        return stmt.order_by(*SORTS.get(self.sort, SORTS["name"]))


def list_organizations(directory_filter, page=1, per_page=50, with_contacts=False):
    """One page of the filtered directory: (organizations, total).

    The page's ids are found first and their rows loaded after, so that a deep page
    sorts narrow (name, id) pairs instead of whole rows.
    """
    stmt = directory_filter.statement()
    matching_ids = stmt.with_only_columns(Organization.id)
    offset = (page - 1) * per_page
    if directory_filter.searches_text:
        # A text search reads every row anyway: one pass gives both the total and the page.
        matches = db.session.scalars(matching_ids).all()
        total, ids = len(matches), matches[offset : offset + per_page]
    else:
        count = stmt.order_by(None).with_only_columns(func.count(), maintain_column_froms=True)
        total = db.session.scalar(count)
        ids = db.session.scalars(matching_ids.limit(per_page).offset(offset)).all()
    if not ids:
        return [], total
    rows = select(Organization).where(Organization.id.in_(ids))
    if with_contacts:
        rows = rows.options(selectinload(Organization.contacts))
    by_id = {organization.id: organization for organization in db.session.scalars(rows)}
    return [by_id[i] for i in ids], total


def renew_self_update_link(organization, actor=None):
    """Give the organization a new self-update token (192 random bits); the old link stops working."""
    event = "renewed" if organization.self_update_token else "issued"
    organization.self_update_token = secrets.token_urlsafe(24)
    record_event(organization, "self_update_link", event, actor)
    db.session.flush()
    return organization.self_update_token


def revoke_self_update_link(organization, actor=None):
    """Make the organization's self-update link stop working."""
    if organization.self_update_token is None:
        return
    organization.self_update_token = None
    record_event(organization, "self_update_link", "revoked", actor)
    db.session.flush()


def find_by_self_update_token(token):
    if not token:
        return None
    return db.session.scalar(select(Organization).where(Organization.self_update_token == token))
