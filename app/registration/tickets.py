"""Tickets: the ticket's address, a one-page PDF with its QR code in the Thai font, and a calendar file.

A ticket's QR (app/qr.py) holds its ticket_url: the scanner page takes the code from it, and a
phone's ordinary camera opens the ticket page.
"""

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import load_only

from app.extensions import db
from app.forums import links
from app.forums.calendar import escape_text, fold
from app.forums.models import ForumStatus
from app.qr import PNG_CACHE_SIZE, qr_data_uri, qr_png_uri
from app.registration.models import Registration, RegistrationStatus
from app.reports.pdf import local_html
from app.timeutil import utcnow
from app.urls import external_url


def ticket_url(registration):
    """The ticket's page: /t/<ticket code>. This URL is what the QR code holds."""
    return external_url("registration_public.ticket", code=registration.ticket_code)


def draw_qr_codes(forums):
    """Draw the QR codes of the forums' confirmed tickets ahead, into this process's cache of them
    (app/qr.py), as many as it holds; how many were drawn.

    Call it in a request context on the address the ticket pages will be asked on: without
    PUBLIC_BASE_URL a ticket's URL, and so its QR, is built on the request's host.
    """
    forum_ids = [forum.id for forum in forums]
    if not forum_ids:
        return 0
    confirmed = db.session.scalars(
        select(Registration)
        .options(load_only(Registration.ticket_code))
        .where(Registration.forum_id.in_(forum_ids), Registration.status == RegistrationStatus.CONFIRMED)
        .order_by(Registration.id)
        .limit(PNG_CACHE_SIZE)
    ).all()
    for registration in confirmed:
        qr_png_uri(ticket_url(registration))
    return len(confirmed)


def manage_url(registration):
    """The person's own page to change their details or cancel: /m/<manage token>."""
    return external_url("registration_public.manage", token=registration.manage_token)


def ticket_pdf(registration):
    """The ticket as a one-page A5 PDF in Thai, with the QR code when the seat is confirmed.

    The fonts shipped in static/fonts (Forums Thai, made from Sarabun) are embedded: a PDF never relies on the
    reader's fonts (Thai would print as empty boxes).
    """
    url = ticket_url(registration)
    with force_locale("th"):
        html = render_template(
            "registration/ticket_pdf.html",
            registration=registration,
            forum=registration.forum,
            url=url,
            qr=qr_data_uri(url, label=_("Ticket")) if registration.has_ticket else None,
        )
    return local_html(html).write_pdf()


def ticket_calendar(registration, now=None):
    """The forum as a calendar event (RFC 5545) that carries the person's ticket link."""
    forum = registration.forum
    url = ticket_url(registration)
    host = url.split("://", 1)[-1].split("/", 1)[0]
    location = ", ".join(part for part in (forum.venue_name, forum.venue_address) if part)
    with force_locale("th"):
        description = "\n".join(
            (
                registration.full_name,
                _("Your ticket: %(url)s", url=url),
                _("The forum's page: %(url)s", url=links.public_url(forum)),
            )
        )
    stamp = "%Y%m%dT%H%M%SZ"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Welfare network forums//TH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:ticket-{registration.id}-forum-{forum.public_code}@{host}",
        f"DTSTAMP:{(now or utcnow()).strftime(stamp)}",
        f"SEQUENCE:{forum.sequence}",
        f"DTSTART:{forum.starts_at.strftime(stamp)}",
        f"DTEND:{forum.ends_at.strftime(stamp)}",
        f"SUMMARY:{escape_text(forum.title)}",
        f"LOCATION:{escape_text(location)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        "STATUS:" + ("CANCELLED" if forum.status == ForumStatus.CANCELLED else "CONFIRMED"),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return b"".join(fold(line) for line in lines)
