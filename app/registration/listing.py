"""The organizer's table of a forum's registrations: filters, Thai search, and its XLSX and CSV exports."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from app.directory import labels as directory_labels
from app.directory.models import Organization, OrganizationKind
from app.extensions import db
from app.registration import labels
from app.registration.models import Registration, RegistrationStatus
from app.registration.questions import questions_of
from app.tables import csv_bytes, xlsx_bytes
from app.templating import datetime_filter
from app.thai import search_query_key

_STATUS_ORDER = case(
    (Registration.status == RegistrationStatus.CONFIRMED, 0),
    (Registration.status == RegistrationStatus.WAITLISTED, 1),
    else_=2,
)


@dataclass
class RegistrationFilter:
    """Which registrations the table shows; the same filter serves the page and the exports."""

    status: str = ""
    organization_id: int | None = None
    kind: str = ""
    q: str = ""
    unlisted: bool = False

    def statement(self, forum):
        stmt = select(Registration).where(Registration.forum_id == forum.id)
        if self.status == "active":
            stmt = stmt.where(Registration.status != RegistrationStatus.CANCELLED)
        elif self.status in set(RegistrationStatus):
            stmt = stmt.where(Registration.status == RegistrationStatus(self.status))
        if self.organization_id:
            stmt = stmt.where(Registration.organization_id == self.organization_id)
        if self.kind in set(OrganizationKind):
            stmt = stmt.where(
                Registration.organization_id.in_(
                    select(Organization.id).where(Organization.kind == OrganizationKind(self.kind))
                )
            )
        if self.unlisted:
            stmt = stmt.where(Registration.organization_id.is_(None))
        if key := search_query_key(self.q)[:200]:
            escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(Registration.search_text.like(f"%{escaped}%", escape="\\"))
        return stmt.order_by(_STATUS_ORDER, Registration.waitlist_position, Registration.id)


def list_registrations(forum, registration_filter, page=1, per_page=100):
    """One page of the filtered table: (registrations, total)."""
    stmt = registration_filter.statement(forum)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return rows, total


def organizations_registered(forum):
    """The directory's organizations with registrations at the forum, for the table's filter."""
    return db.session.execute(
        select(Organization.id, Organization.name)
        .where(
            Organization.id.in_(select(Registration.organization_id).where(Registration.forum_id == forum.id))
        )
        .order_by(Organization.name_sort)
    ).all()


def _answer_text(value):
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(value)
    return value or ""


def _yes(value):
    return _("Yes") if value else ""


def export_rows(forum, registration_filter):
    """The header and one row per registration, as people read them (Thai labels, BE dates)."""
    questions = questions_of(forum)
    header = [
        _("No."), _("Status"), _("Waitlist"), _("Prefix"), _("First name"), _("Last name"), _("Position"),
        _("Organization"), _("Kind of organization"), _("Phone"), _("E-mail"), _("Meal"),
        _("Other meal needs"), _("Accessibility needs"), *(q.label for q in questions),
        _("Photos may be published"), _("LINE group"),
        _("Mailing list"), _("Registered through"), _("Registered at"), _("Checked in at"),
    ]  # fmt: skip
    rows = []
    registrations = db.session.scalars(registration_filter.statement(forum)).all()
    for number, r in enumerate(registrations, start=1):
        kind = r.organization.kind if r.organization is not None else None
        rows.append(
            [
                number,
                str(labels.STATUS_LABELS[r.status]),
                r.waitlist_position or "",
                r.prefix,
                r.first_name,
                r.last_name,
                r.position,
                r.organization_display,
                str(directory_labels.KIND_LABELS[kind]) if kind else "",
                r.phone_display,
                r.email or "",
                str(labels.DIETARY_LABELS[r.dietary.value]) if r.dietary.value != "none" else "",
                r.dietary_other,
                r.accessibility_needs,
                *(_answer_text((r.answers or {}).get(q.key)) for q in questions),
                _yes(r.photo_consent_at),
                _yes(r.line_consent_at),
                _yes(r.mailing_consent_at),
                str(labels.SOURCE_LABELS[r.source]),
                datetime_filter(r.created_at),
                datetime_filter(r.checked_in_at),
            ]
        )
    return header, rows


def export_xlsx(forum, registration_filter):
    header, rows = export_rows(forum, registration_filter)
    return xlsx_bytes(_("Registrations"), header, rows, widths=(6, 12, 8, 8, 16, 16, 20, 36, 24, 14))


def export_csv(forum, registration_filter):
    return csv_bytes(*export_rows(forum, registration_filter))
