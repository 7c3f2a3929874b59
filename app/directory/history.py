"""An organization's history as people read it: labels, Buddhist-era dates, who, one entry per save."""

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.auth.models import User
from app.directory import geography, labels
from app.directory.models import (
    ChangeSource,
    LegalForm,
    OrganizationChange,
    OrganizationKind,
    OrganizationStatus,
)
from app.directory.service import TRACKED_FIELDS
from app.extensions import db
from app.templating import date_filter

#: Entries this close together, by the same person and the same way, are one save.
SAME_SAVE = timedelta(seconds=2)
PER_PAGE = 10
_ORDER = {name: i for i, name in enumerate(("merged", "self_update_link", *TRACKED_FIELDS, "contacts"))}
_ENUMS = {
    "kind": (OrganizationKind, labels.KIND_LABELS),
    "status": (OrganizationStatus, labels.STATUS_LABELS),
    "legal_form": (LegalForm, labels.LEGAL_FORM_LABELS),
}
_LISTS = {"fields_of_work": labels.WELFARE_FIELDS, "target_groups": labels.TARGET_GROUPS}
_PLACES = {
    "province_code": geography.province_name,
    "district_code": geography.district_name,
    "subdistrict_code": geography.subdistrict_name,
}


def _merged_record(value):
    record = json.loads(value)
    if record.get("certification_no"):
        return _(
            "%(name)s (no. %(id)s, certification no. %(certification_no)s)",
            name=record["name"],
            id=record["id"],
            certification_no=record["certification_no"],
        )
    return _("%(name)s (no. %(id)s)", name=record["name"], id=record["id"])


def describe_value(field, value):
    """A value as the history stores it (text), written for people."""
    if not value:
        return ""
    if field in _ENUMS:
        enum_class, label_map = _ENUMS[field]
        return str(label_map[enum_class(value)]) if value in set(enum_class) else value
    if field in _LISTS:
        return ", ".join(str(_LISTS[field].get(key, key)) for key in value.split(", "))
    if field in ("certified_on", "last_confirmed_on"):
        return date_filter(date.fromisoformat(value))
    if field in _PLACES:
        return _PLACES[field](value) or value
    if field == "self_update_link":
        return str(labels.LINK_EVENT_LABELS.get(value, value))
    if field == "merged":
        return _merged_record(value)
    return value


@dataclass
class HistoryItem:
    field: str
    old_value: str
    new_value: str

    @property
    def label(self):
        return str(labels.FIELD_LABELS.get(self.field, self.field))

    @property
    def old(self):
        return describe_value(self.field, self.old_value)

    @property
    def new(self):
        return describe_value(self.field, self.new_value)


@dataclass
class HistoryEvent:
    """One save: when, who, how, and the fields it changed."""

    at: datetime
    source: ChangeSource
    user: User | None
    #: The merged duplicate these entries came from, or "".
    merged_from: str
    items: list[HistoryItem]

    @property
    def who(self):
        if self.source == ChangeSource.SELF_UPDATE:
            return _("the organization itself")
        return self.user.display_name if self.user else _("the system")

    @property
    def mark(self):
        return labels.SOURCE_MARKS.get(self.source)

    @property
    def is_creation(self):
        return any(item.field == "name" and not item.old_value for item in self.items)


@dataclass
class HistoryPage:
    events: list[HistoryEvent]
    page: int
    pages: int
    total: int


def _same_save(event, change):
    return (
        event.source == change.source
        and (event.user.id if event.user else None) == change.user_id
        and event.merged_from == change.merged_from
        and event.at - change.changed_at <= SAME_SAVE
    )


def history_events(organization):
    """Every save of the organization, newest first."""
    changes = db.session.scalars(
        select(OrganizationChange)
        .where(OrganizationChange.organization_id == organization.id)
        .options(joinedload(OrganizationChange.user))
        .order_by(OrganizationChange.changed_at.desc(), OrganizationChange.id.desc())
    )
    events = []
    for change in changes:
        if not events or not _same_save(events[-1], change):
            events.append(HistoryEvent(change.changed_at, change.source, change.user, change.merged_from, []))
        events[-1].items.append(HistoryItem(change.field, change.old_value, change.new_value))
    for event in events:
        event.items.sort(key=lambda item: _ORDER.get(item.field, len(_ORDER)))
    return events


def history_page(organization, page=1, per_page=PER_PAGE):
    """One page of the organization's saves, newest first."""
    events = history_events(organization)
    pages = max(1, -(-len(events) // per_page))
    page = min(max(page, 1), pages)
    return HistoryPage(events[(page - 1) * per_page : page * per_page], page, pages, len(events))
