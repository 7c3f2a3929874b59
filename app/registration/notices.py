"""The e-mails of registration: the ticket, a seat given from the waitlist, a cancellation, a message to all.

Each builder returns Notice values (or none for a person without an e-mail address); the
view hands them to `deliver` after its commit. `deliver` is the one place that plugs into
the mail module (app/mail, issue "mail"): until it is merged it writes each message as an
.eml file into the outbox folder, the local default of ../shared/DESIGN.md.
"""

import os
import uuid
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.forums.display import when_text
from app.registration import capacity, tickets
from app.registration.models import Registration, RegistrationStatus
from app.thai import to_bangkok
from app.timeutil import utcnow

#: Key in the database session's info: ids given a seat by a committed transaction, still to be told.
TO_TELL = "registration_seats_to_tell"
AUDIENCES = {
    "active": (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED),
    "confirmed": (RegistrationStatus.CONFIRMED,),
    "waitlisted": (RegistrationStatus.WAITLISTED,),
}


@dataclass
class Notice:
    """One e-mail to one person, with the arguments app.mail.service.prepare_message takes."""

    recipient: str
    recipient_name: str
    subject: str
    text: str
    #: (file name, bytes, MIME type)
    attachments: list = field(default_factory=list)
    #: What the message is about, for finding it again (registration:<id>:<kind>).
    reference: str = ""


def _render(template, registration, **context):
    return render_template(
        f"registration/email/{template}",
        registration=registration,
        forum=registration.forum,
        when=when_text(registration.forum),
        ticket_url=tickets.ticket_url(registration),
        manage_url=tickets.manage_url(registration),
        **context,
    )


def _notice(registration, subject, template, kind, attachments=(), **context):
    """A notice in Thai (the office's language, whatever the page was in), or None without an address."""
    if not registration.email:
        return None
    return Notice(
        recipient=registration.email,
        recipient_name=registration.full_name,
        subject=f"{subject} · {registration.forum.title}"[:200],
        text=_render(template, registration, **context),
        attachments=list(attachments),
        reference=f"registration:{registration.id}:{kind}",
    )


def _ticket_files(registration):
    if not registration.has_ticket:
        return []
    return [
        ("ticket.pdf", tickets.ticket_pdf(registration), "application/pdf"),
        ("forum.ics", tickets.ticket_calendar(registration), "text/calendar"),
    ]


def ticket_notice(registration):
    """A new registration's confirmation: the ticket (PDF, calendar) for a seat, else the place in line."""
    if not registration.email:
        return None
    with force_locale("th"):
        subject = _("Your ticket") if registration.has_ticket else _("You are on the waitlist")
        return _notice(registration, subject, "ticket.txt", "ticket", _ticket_files(registration))


def promoted_notice(registration):
    """A seat freed up and went to this person from the waitlist."""
    if not registration.email:
        return None
    with force_locale("th"):
        return _notice(
            registration, _("A seat is now yours"), "promoted.txt", "promoted", _ticket_files(registration)
        )


def cancelled_notice(registration):
    with force_locale("th"):
        return _notice(registration, _("Your registration is cancelled"), "cancelled.txt", "cancelled")


def recipients(forum, audience):
    """The registrations a message to the forum's registrants reaches (those with an e-mail address)."""
    return db.session.scalars(
        select(Registration)
        .where(
            Registration.forum_id == forum.id,
            Registration.status.in_(AUDIENCES[audience]),
            Registration.email.is_not(None),
        )
        .order_by(Registration.id)
    ).all()


def message_notices(forum, audience, subject, body):
    """An organizer's message to the forum's registrants, each with their own ticket link."""
    with force_locale("th"):
        return [
            _notice(registration, subject, "message.txt", "message", body=body)
            for registration in recipients(forum, audience)
        ]


def outbox_dir():
    return current_app.config.get("MAIL_OUTBOX_DIR") or os.path.join(current_app.instance_path, "outbox")


def deliver(notices):
    """Send the notices; call after the commit. Returns how many went out.

    Plug point for the mail module: with app/mail merged, this becomes
    ``send_messages([prepare_message(n.recipient, n.subject, n.text, recipient_name=...,
    attachments=[Attachment(*a) for a in n.attachments], reference=n.reference) for n in notices])``
    called before the commit. Until then each message is written to the outbox folder.
    """
    notices = [n for n in notices if n is not None]
    if not notices:
        return 0
    folder = outbox_dir()
    os.makedirs(folder, exist_ok=True)
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    for notice in notices:
        message = EmailMessage()
        message["From"] = Address(current_app.config["OFFICE_NAME"], addr_spec=sender)
        message["To"] = Address(notice.recipient_name, addr_spec=notice.recipient)
        message["Subject"] = notice.subject
        message["Date"] = format_datetime(to_bangkok(utcnow()))
        message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
        message.set_content(notice.text, charset="utf-8")
        for filename, data, mime_type in notice.attachments:
            maintype, _sep, subtype = mime_type.partition("/")
            message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
        name = f"{utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
        with open(os.path.join(folder, name), "wb") as file:
            file.write(message.as_bytes())
    return len(notices)


# Whoever frees a seat (a participant, an organizer, the API, a change of the forum's seats), the
# person it goes to is told: capacity notes them in the transaction, and once it commits, the
# request tells them on its way out.


@event.listens_for(Session, "after_commit")
def _seats_given_are_kept(session):
    given = session.info.pop(capacity.SEATS_GIVEN, None)
    if given:
        session.info.setdefault(TO_TELL, []).extend(given)


@event.listens_for(Session, "after_rollback")
def _seats_given_are_undone(session):
    session.info.pop(capacity.SEATS_GIVEN, None)


def tell_seats_given():
    """E-mail everybody a committed transaction gave a seat from the waitlist. Returns how many."""
    ids = db.session.info.pop(TO_TELL, [])
    if not ids:
        return 0
    registrations = db.session.scalars(select(Registration).where(Registration.id.in_(ids))).all()
    return deliver([promoted_notice(r) for r in registrations if r.is_confirmed])
