"""The sign-in sheet (แบบลงทะเบียน): who is expected, grouped by kind of organization, to sign at the door.

Printed before the forum with empty rows at the end for people who come without
registering; printed after it (``attendance=True``) with who checked in marked, as the
record of who came: the first arrival's time, or for a forum of several days the days
each person was checked in on.
"""

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.checkin.attendance import days_attended
from app.directory.labels import KIND_LABELS
from app.directory.models import OrganizationKind
from app.extensions import db
from app.registration.models import Registration, RegistrationStatus
from app.reports.pdf import build_pdf_in_parts
from app.reports.sheet_pages import foretell
from app.thai import sort_key

TEMPLATE = "pdf/sign_in_sheet.html"
NOT_IN_DIRECTORY = "not_in_directory"
WALK_INS = "walk_ins"
GROUP_LABELS = {
    **{kind.value: label for kind, label in KIND_LABELS.items()},
    NOT_IN_DIRECTORY: _l("Organizations not in the directory and individuals"),
    WALK_INS: _l("Participants who did not register in advance"),
}
#: Groups in the order they are printed: the directory's kinds, then the rest, then the empty rows.
GROUP_ORDER = [kind.value for kind in OrganizationKind] + [NOT_IN_DIRECTORY, WALK_INS]


@dataclass
class SheetRow:
    """One line of the sheet: a registration, or an empty line (``registration`` None) to fill in."""

    group: str
    group_size: int
    registration: Registration | None = None
    #: The forum days the person has a standing check-in for (filled on a record of a forum of several days).
    days: frozenset = frozenset()

    @property
    def group_label(self):
        return GROUP_LABELS[self.group]

    @property
    def attended(self):
        return self.registration is not None and self.registration.checked_in_at is not None


def group_of(registration):
    organization = registration.organization
    return organization.kind.value if organization is not None else NOT_IN_DIRECTORY


def _order(registration):
    return (
        sort_key(registration.organization_display or "\uffff"),
        sort_key(registration.first_name),
        sort_key(registration.last_name),
        registration.id,
    )


def expected_registrations(forum):
    """Those with a confirmed seat: the people the sheet lists."""
    return db.session.scalars(
        select(Registration)
        .where(Registration.forum_id == forum.id, Registration.status == RegistrationStatus.CONFIRMED)
        .options(selectinload(Registration.organization))
    ).all()


def sheet_rows(forum, attendance=False, blank_rows=None):
    """The sheet's lines in order: each group of organizations in dictionary order, then empty lines.

    The sheet printed after the forum (``attendance``) has no empty lines: walk-ins are then
    registrations of their own.
    """
    groups = {}
    for registration in sorted(expected_registrations(forum), key=_order):
        groups.setdefault(group_of(registration), []).append(registration)
    if blank_rows is None:
        blank_rows = current_app.config["SIGN_IN_BLANK_ROWS"]
    if not attendance and blank_rows:
        groups[WALK_INS] = [None] * blank_rows
    attended_on = days_attended(forum) if attendance and forum.is_multi_day else {}
    rows = []
    for group in GROUP_ORDER:
        members = groups.get(group, [])
        rows += [
            SheetRow(group, len(members), member, frozenset(attended_on.get(member.id, ()) if member else ()))
            for member in members
        ]
    return rows


def by_group(numbered_rows):
    """A part's (number, row) pairs cut where the group changes: [(group's first row, [(number, row)])].

    The sheet prints each group as a table of its own, whose head (the group's name, then the
    column headings) WeasyPrint repeats at the top of every page the group runs onto.
    """
    runs = []
    for number, row in numbered_rows:
        if not runs or runs[-1][0].group != row.group:
            runs.append((row, []))
        runs[-1][1].append((number, row))
    return runs


def build_sign_in_sheet(forum, attendance=False):
    """Build the sheet's PDF (landscape A4): a generator of progress returning the PDF."""
    rows = sheet_rows(forum, attendance)
    people = [row for row in rows if row.registration is not None]
    return (
        yield from build_pdf_in_parts(
            TEMPLATE,
            rows,
            page_tops=foretell(rows),
            by_group=by_group,
            forum=forum,
            attendance=attendance,
            expected=len(people),
            attended=sum(row.attended for row in people),
            per_day=[sum(day in row.days for row in people) for day in forum.days],
        )
    )
