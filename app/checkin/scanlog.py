"""The scan log of a forum: its pages and its exports (CSV and XLSX) for the record."""

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.checkin import labels
from app.checkin.models import Scan
from app.extensions import db
from app.tables import csv_bytes, xlsx_bytes
from app.templating import date_filter
from app.thai import to_bangkok


def _statement(forum):
    return (
        select(Scan)
        .where(Scan.forum_id == forum.id)
        .options(selectinload(Scan.user), selectinload(Scan.registration))
        .order_by(Scan.received_at.desc(), Scan.id.desc())
    )


def list_scans(forum, page=1, per_page=100):
    """One page of the log, newest first: (scans, total)."""
    total = db.session.scalar(select(func.count()).select_from(Scan).where(Scan.forum_id == forum.id))
    rows = db.session.scalars(_statement(forum).limit(per_page).offset((page - 1) * per_page)).all()
    return rows, total


def _seconds(value):
    """A Bangkok time to the second: the log is read for the order of scans a moment apart."""
    return f"{date_filter(value, 'short')} {to_bangkok(value):%H:%M:%S}" if value else ""


def export_rows(forum):
    """The header and one row per line of the log, oldest first, as people read them (Thai, BE)."""
    header = [
        _("Received at"), _("Scanned at (device)"), _("Staff"), _("Device"), _("What"), _("How"),
        _("Result"), _("Participant"), _("Organization"), _("Day"), _("Offline conflict"),
        _("Superseded by an earlier scan"), _("Note"), _("What was scanned"), _("Nonce"),
    ]  # fmt: skip
    rows = []
    for scan in db.session.scalars(_statement(forum).order_by(None).order_by(Scan.received_at, Scan.id)):
        person = scan.registration
        rows.append(
            [
                _seconds(scan.received_at),
                _seconds(scan.scanned_at),
                scan.user.display_name if scan.user else "",
                scan.device,
                str(labels.ACTION_LABELS[scan.action]),
                str(labels.METHOD_LABELS[scan.method]),
                str(labels.RESULT_LABELS[scan.result]),
                person.full_name if person else "",
                person.organization_display if person else "",
                date_filter(scan.day, "short") if scan.day else "",
                _("Yes") if scan.conflict else "",
                _("Yes") if scan.superseded else "",
                scan.note,
                scan.scan_text,
                scan.nonce or "",
            ]
        )
    return header, rows


def export_xlsx(forum):
    header, rows = export_rows(forum)
    return xlsx_bytes(_("Scan log"), header, rows, widths=(22, 22, 20, 14, 14, 16, 22, 28, 32))


def export_csv(forum):
    return csv_bytes(*export_rows(forum))
