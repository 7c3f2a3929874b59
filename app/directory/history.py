"""An organization's history as people read it: labels, Buddhist-era dates, who, one entry per save."""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.auth.models import User
from app.directory import labels
from app.directory.models import ChangeSource, OrganizationChange
from app.directory.record import ORGANIZATION
from app.extensions import db

#: Entries this close together, by the same person and the same way, are one save.
SAME_SAVE = timedelta(seconds=2)
PER_PAGE = 10
_ORDER = {name: i for i, name in enumerate(("merged", "self_update_link", *ORGANIZATION.keys(tracked=True)))}


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
    if field == "self_update_link":
        return str(labels.LINK_EVENT_LABELS.get(value, value))
    if field == "merged":
        return _merged_record(value)
    return ORGANIZATION.describe(field, value)


@dataclass
class HistoryItem:
    field: str
    old_value: str
    new_value: str

    @property
    def label(self):
        return str(labels.field_label(self.field))

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
