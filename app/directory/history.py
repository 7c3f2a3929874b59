"""An organization's history as people read it: one entry per save, fields and values in words."""

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from app.directory import geography, labels
from app.directory.models import ChangeSource
from app.templating import date_filter

FIELD_LABELS = {
    "name": _l("Name of the organization"),
    "kind": _l("Kind"),
    "legal_form": _l("Legal form"),
    "certification_no": _l("Certification number"),
    "certified_on": _l("Certified on"),
    "status": _l("Status"),
    "province_code": _l("Province"),
    "district_code": _l("District"),
    "subdistrict_code": _l("Subdistrict"),
    "postal_code": _l("Postal code"),
    "address": _l("Address"),
    "phone": _l("Phone"),
    "email": _l("E-mail"),
    "line_id": _l("LINE ID"),
    "fields_of_work": _l("Fields of work"),
    "target_groups": _l("Target groups"),
    "last_confirmed_on": _l("Last confirmed"),
    "contacts": _l("Contacts"),
}
_CODED = {
    "kind": labels.KIND_LABELS,
    "status": labels.STATUS_LABELS,
    "legal_form": labels.LEGAL_FORM_LABELS,
}
_LISTS = {"fields_of_work": labels.WELFARE_FIELDS, "target_groups": labels.TARGET_GROUPS}
_PLACES = {
    "province_code": geography.province_name,
    "district_code": geography.district_name,
    "subdistrict_code": geography.subdistrict_name,
}


def display_value(field_name, value):
    """A value as the history stores it (codes, ISO dates) in words for people."""
    if not value:
        return ""
    if field_name in _CODED:
        return str(_CODED[field_name].get(value, value))
    if field_name in _LISTS:
        return ", ".join(str(_LISTS[field_name].get(v, v)) for v in value.split(", "))
    if field_name in _PLACES:
        return _PLACES[field_name](value) or value
    if field_name in ("certified_on", "last_confirmed_on"):
        try:
            return date_filter(date.fromisoformat(value))
        except ValueError:
            return value
    return value


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """The fields one save changed: when, by whom, how."""

    changed_at: datetime
    user_id: int | None
    user: object
    source: ChangeSource
    changes: list = field(default_factory=list)
    #: The save that added the organization: every field went from nothing to its first value.
    created: bool = False

    @property
    def by_the_organization(self):
        return self.source == ChangeSource.SELF_UPDATE

    @property
    def source_label(self):
        """How the change came in, when it was not a staff member's edit on the page."""
        return {
            ChangeSource.IMPORT: _l("import"),
            ChangeSource.API: _l("API"),
            ChangeSource.MERGE: _l("merge"),
        }.get(self.source, "")


def history_entries(organization):
    """The organization's changes grouped by save, newest first."""
    entries = []
    newest_first = sorted(organization.changes, key=lambda c: (c.changed_at, c.id or 0), reverse=True)
    for change in newest_first:
        last = entries[-1] if entries else None
        if last is None or (last.changed_at, last.user_id, last.source) != (
            change.changed_at,
            change.user_id,
            change.source,
        ):
            last = HistoryEntry(change.changed_at, change.user_id, change.user, change.source)
            entries.append(last)
        last.changes.append(
            Change(
                str(FIELD_LABELS.get(change.field, change.field)),
                display_value(change.field, change.old_value),
                display_value(change.field, change.new_value),
            )
        )
        if change.field == "name" and not change.old_value:
            last.created = True
    for entry in entries:
        entry.changes.reverse()  # the order of the form, as the changes were recorded
    return entries
