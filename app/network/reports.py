"""Yearly reports of operations: asking many organizations at once, receiving a report through the
self-update link or on paper, and the files that come with it."""

import contextlib
import os
import secrets
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.directory import service as directory_service
from app.directory.labels import self_update_message
from app.extensions import db
from app.mail.service import MailError, prepare_message, send_messages
from app.network.fields import REPORT_FIELDS, RecordDataError, parse_record
from app.network.models import AnnualReport, ReportAttachment
from app.notes.photos import PhotoError, clean_jpeg
from app.thai import fiscal_year_of, thai_date
from app.timeutil import local_today
from app.urls import external_url

PDF_MAGIC = b"%PDF-"
MAX_ATTACHMENTS = 10


class ReportError(ValueError):
    """A report or file that cannot be taken; the message is for people."""


@dataclass(frozen=True)
class Reached:
    """An organization asked for something: the link it got, and the address e-mailed ("" if none)."""

    organization: object
    link: str
    email: str


def contact_email(organization):
    """The address to write to: the organization's own, else its first contact's that has one."""
    if organization.email:
        return organization.email
    return next((c.email for c in organization.contacts if c.email), "")


def expected_fiscal_year(today):
    """The fiscal year whose report an organization sends by default: the last one that has ended."""
    return fiscal_year_of(today) - 1


def report_of(organization, fiscal_year):
    return db.session.scalar(
        select(AnnualReport).where(
            AnnualReport.organization_id == organization.id, AnnualReport.fiscal_year == fiscal_year
        )
    )


def _link_token(organization, actor):
    return organization.self_update_token or directory_service.renew_self_update_link(organization, actor)


def report_link(organization, fiscal_year, actor=None):
    """The link (also for LINE) to the organization's report form for the year; issues the
    organization a self-update link when it has none."""
    return external_url("self_update.report", token=_link_token(organization, actor), fiscal_year=fiscal_year)


# Asking


def _ask_message(organization, report, link, office):
    with force_locale("th"):
        lines = [
            _("Dear %(name)s,", name=organization.name),
            _(
                "%(office)s asks your organization for its report of operations for the fiscal year"
                " %(year)s: what you did, whom you served, the money spent and the support you need.",
                office=office,
                year=report.fiscal_year,
            ),
        ]
        if report.due_on:
            lines.append(_("Please send it by %(date)s.", date=thai_date(report.due_on)))
        lines += [
            _("You can fill it in at this link, with no account, and attach files or photos:"),
            link,
            _("Thank you."),
        ]
        subject = _("Report of operations for the fiscal year %(year)s", year=report.fiscal_year)
        return subject, "\n".join(lines)


def ask_for_reports(organizations, fiscal_year, due_on, sender, today=None) -> list[AnnualReport]:
    """Ask the organizations for their report of the year (or remind them): an "asked" row each, due
    on `due_on`, and an e-mail to those with an address (one background job for all). Organizations
    whose report was already received are left alone and not in the result."""
    today = today or local_today()
    office = current_app.config["OFFICE_NAME"]
    reports, messages = [], []
    for organization in organizations:
        report = report_of(organization, fiscal_year)
        if report is None:
            report = AnnualReport(organization_id=organization.id, fiscal_year=fiscal_year)
            db.session.add(report)
        elif report.received_on is not None:
            continue
        report.asked_on, report.due_on, report.asked_by_id = today, due_on, sender.id if sender else None
        db.session.flush()
        reports.append(report)
        link = report_link(organization, fiscal_year, sender)  # for LINE too, so every one gets a link
        email = contact_email(organization)
        if email:
            subject, text = _ask_message(organization, report, link, office)
            with contextlib.suppress(MailError):  # a malformed address: the LINE link remains
                messages.append(
                    prepare_message(
                        email,
                        subject,
                        text,
                        recipient_name=organization.name,
                        reference=f"annual_report:{report.id}",
                    )
                )
    if messages:
        with force_locale("th"):
            title = _(
                "Asking %(n)s organizations for their report of %(year)s", n=len(messages), year=fiscal_year
            )
        send_messages(messages, title=title, created_by=sender)
    return reports


def ask_for_details_check(organizations, sender) -> list[Reached]:
    """Ask the organizations to check their details in the directory: the directory's own message
    with their self-update link (issued where missing), e-mailed to those with an address."""
    office = current_app.config["OFFICE_NAME"]
    reached, messages = [], []
    for organization in organizations:
        link = external_url("self_update.edit", token=_link_token(organization, sender))
        email = contact_email(organization)
        if email:
            with force_locale("th"):
                subject = _("Please check your organization's data in the network directory")
            with contextlib.suppress(MailError):
                messages.append(
                    prepare_message(
                        email,
                        subject,
                        self_update_message(organization.name, office, link),
                        recipient_name=organization.name,
                        reference=f"details_check:{organization.id}",
                    )
                )
        reached.append(Reached(organization, link, email))
    if messages:
        with force_locale("th"):
            title = _("Asking %(n)s organizations to check their data", n=len(messages))
        send_messages(messages, title=title, created_by=sender)
    return reached


# Receiving


def record_report(organization, data, staff=None, today=None) -> AnnualReport:
    """Take a report (clean data from parse_record) as received: sent through the link (no staff) or
    typed in from paper by `staff`. A second report for the same year replaces the first's contents.

    :raise RecordDataError: bad fields.
    """
    today = today or local_today()
    report = report_of(organization, data["fiscal_year"])
    if report is None:
        report = AnnualReport(organization_id=organization.id, fiscal_year=data["fiscal_year"])
        db.session.add(report)
    received_on = data.get("received_on") or today
    if received_on > today:
        raise RecordDataError({"received_on": _("The date cannot be in the future.")})
    for field in REPORT_FIELDS:
        if field.name in data and field.name != "received_on":
            setattr(report, field.name, data[field.name])
    report.received_on = received_on
    report.entered_by_id = staff.id if staff else None
    db.session.flush()
    return report


def parse_report(data, partial=False):
    return parse_record(REPORT_FIELDS, data, partial=partial)


def form_data(form):
    """A report's data as parse_report takes it, from a submitted form (the public one and the
    staff's paper one share the field names: served-children, sources-own, activities-0-title…)."""
    data = {name: form.get(name, "") for name in ("fiscal_year", "spent", "volunteers", "problems", "note")}
    if "received_on" in form:
        data["received_on"] = form.get("received_on", "")
    for field in REPORT_FIELDS:
        if field.type in ("counts", "amounts"):
            data[field.name] = {key: form.get(f"{field.name}-{key}", "") for key in field.choices}
        elif field.type == "choices":
            data[field.name] = form.getlist(field.name)
    activities, index = [], 0
    while f"activities-{index}-title" in form and index < 100:
        activities.append(
            {
                "title": form.get(f"activities-{index}-title", ""),
                "date": form.get(f"activities-{index}-date", ""),
            }
        )
        index += 1
    data["activities"] = activities
    return data


# Files


def attachment_folder():
    return os.path.join(current_app.config["UPLOAD_FOLDER"], "reports")


def attachment_path(filename):
    return os.path.join(attachment_folder(), os.path.basename(filename))


def _clean_file(data, name):
    """(extension, content type, bytes) of a PDF kept as sent or a photo re-encoded without metadata."""
    if data.startswith(PDF_MAGIC):
        return "pdf", "application/pdf", data
    try:
        _size, jpeg = clean_jpeg(data)
    except PhotoError as error:
        raise ReportError(_("“%(name)s” is neither a PDF nor a photo.", name=name)) from error
    return "jpg", "image/jpeg", jpeg


def add_attachment(report, stream, original_name="", uploaded_by=None) -> ReportAttachment:
    """Check a file sent with a report (a PDF or a JPEG/PNG/WebP photo) and keep it.

    :raise ReportError: empty, too large, too many files, or neither a PDF nor a photo.
    """
    name = os.path.basename((original_name or "").replace("\\", "/"))[:255]
    if len(report.attachments) >= MAX_ATTACHMENTS:
        raise ReportError(_("A report takes at most %(n)s files.", n=MAX_ATTACHMENTS))
    limit = current_app.config["NOTE_PHOTO_MAX_BYTES"]
    data = stream.read(limit + 1)
    if not data:
        raise ReportError(_("The file “%(name)s” is empty.", name=name))
    if len(data) > limit:
        raise ReportError(_("“%(name)s” is larger than %(mb)s MB.", name=name, mb=f"{limit / 1048576:g}"))
    extension, content_type, content = _clean_file(data, name)
    filename = f"{secrets.token_urlsafe(16)}.{extension}"
    os.makedirs(attachment_folder(), exist_ok=True)
    with open(attachment_path(filename), "xb") as file:
        file.write(content)
    attachment = ReportAttachment(
        filename=filename,
        original_name=name,
        content_type=content_type,
        size_bytes=len(content),
        uploaded_by_id=uploaded_by.id if uploaded_by else None,
    )
    report.attachments.append(attachment)
    db.session.flush()
    return attachment


def discard_files(filenames):
    """Remove stored files whose rows a failed request did not keep."""
    for filename in filenames:
        with contextlib.suppress(FileNotFoundError):
            os.remove(attachment_path(filename))
