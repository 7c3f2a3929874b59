"""Directory rules: keeping organizations, their history, search and self-update links."""

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

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

#: Fields that are recorded in the history; contacts are recorded as one field.
TRACKED_FIELDS = (
    "name", "kind", "legal_form", "certification_no", "certified_on", "status",
    "province_code", "district_code", "subdistrict_code", "postal_code", "address",
    "phone", "email", "line_id", "fields_of_work", "target_groups", "last_confirmed_on",
)  # fmt: skip
SORTS = {
    "name": (Organization.name_sort, Organization.id),
    "district": (Organization.district_code, Organization.name_sort),
    "confirmed": (Organization.last_confirmed_on.desc(), Organization.name_sort),
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
    for field, new_value in after.items():
        if before.get(field, "") != new_value:
            organization.changes.append(
                OrganizationChange(
                    field=field,
                    old_value=before.get(field, ""),
                    new_value=new_value,
                    user_id=actor.id if actor else None,
                    source=source,
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
    return update_organization(organization, {"last_confirmed_on": today or date.today()}, actor, source)


def find_by_certification_no(certification_no):
    number = normalize_certification_no(certification_no)
    if not number:
        return None
    return db.session.scalar(select(Organization).where(Organization.certification_no == number))


def stale_before(today=None):
    """Organizations confirmed before this date (or never) are stale."""
    return (today or date.today()) - STALE_AFTER


@dataclass
class DirectoryFilter:
    """What the directory list is narrowed to; the same filter serves the page, API and exports."""

    q: str = ""
    kind: str = ""
    district: str = ""
    status: str = ""
    stale: bool = False
    sort: str = "name"

    def as_args(self):
        """The filter as query arguments (empty ones left out), for links that keep it."""
        args = {"q": self.q, "kind": self.kind, "district": self.district, "status": self.status}
        args = {key: value for key, value in args.items() if value}
        if self.stale:
            args["stale"] = "1"
        return args

    def statement(self, today=None):
        stmt = select(Organization)
        key = search_key(self.q)
        if key:
            escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(Organization.search_text.like(f"%{escaped}%", escape="\\"))
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


def list_organizations(directory_filter, page=1, per_page=50):
    """One page of the filtered directory: (organizations, total)."""
    stmt = directory_filter.statement()
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return rows, total


def renew_self_update_link(organization):
    """Give the organization a new self-update token; the old link stops working."""
    organization.self_update_token = secrets.token_urlsafe(24)
    return organization.self_update_token


def revoke_self_update_link(organization):
    organization.self_update_token = None


def find_by_self_update_token(token):
    if not token:
        return None
    return db.session.scalar(select(Organization).where(Organization.self_update_token == token))
