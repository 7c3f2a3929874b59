"""The e-mails of registration: the ticket, a seat given from the waitlist, a cancellation, a message to all.

A registration's e-mail is queued in the same transaction as the change it tells of and sent
by a background job once that commits (app/jobs, app/mail): the request never waits for a
PDF or a mail server, and a rolled-back change sends nothing. A seat given from the waitlist
is told wherever it happens (a cancellation, more seats, the API, the forum's form).
"""

from dataclasses import dataclass, field

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.forums.display import when_text
from app.jobs import service as jobs
from app.jobs.registry import ItemFailed, JobCannotContinue, JobKind
from app.mail.message import Attachment, message_id_for
from app.mail.service import deliver, prepare_message, send_messages
from app.mail.transport import open_transport
from app.registration import capacity, tickets
from app.registration.models import Registration, RegistrationStatus
from app.urls import link_base

KIND = "registration.notices"
AUDIENCES = {
    "active": (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED),
    "confirmed": (RegistrationStatus.CONFIRMED,),
    "waitlisted": (RegistrationStatus.WAITLISTED,),
}


@dataclass
class Notice:
    """One e-mail to one person, as app.mail.service.prepare_message takes it."""

    recipient: str
    recipient_name: str
    subject: str
    text: str
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
        Attachment("ticket.pdf", tickets.ticket_pdf(registration), "application/pdf"),
        Attachment("forum.ics", tickets.ticket_calendar(registration), "text/calendar"),
    ]


def ticket_notice(registration):
    """A new registration's confirmation: the ticket (PDF, calendar) for a seat, else the place in line."""
    if not registration.email or not registration.is_active:
        return None
    with force_locale("th"):
        subject = _("Your ticket") if registration.has_ticket else _("You are on the waitlist")
        return _notice(registration, subject, "ticket.txt", "ticket", _ticket_files(registration))


def promoted_notice(registration):
    """A seat freed up and went to this person from the waitlist."""
    if not registration.email or not registration.is_confirmed:
        return None
    with force_locale("th"):
        return _notice(
            registration, _("A seat is now yours"), "promoted.txt", "promoted", _ticket_files(registration)
        )


def cancelled_notice(registration):
    with force_locale("th"):
        return _notice(registration, _("Your registration is cancelled"), "cancelled.txt", "cancelled")


BUILDERS = {"ticket": ticket_notice, "promoted": promoted_notice, "cancelled": cancelled_notice}


# Sending in the background


def queue(notice, registrations, created_by=None):
    """Queue the e-mail `notice` (ticket, promoted, cancelled) to those with an address; None if nobody.

    Sent by a job that starts when the current transaction commits.
    """
    ids = [r.id for r in registrations if r.email]
    if not ids:
        return None
    base_url = link_base() or None
    return jobs.create_job(
        KIND,
        title=str(NOTICE_TITLES[notice]),
        parameters={"notice": notice, "registrations": ids, "base_url": base_url},
        created_by=created_by,
    )


NOTICE_TITLES = {
    "ticket": _l("Sending tickets"),
    "promoted": _l("Telling people they have a seat"),
    "cancelled": _l("Confirming cancellations"),
}


def _items(job):
    return [str(registration_id) for registration_id in job.parameters["registrations"]]


def _send(job, item, transport):
    registration = db.session.get(Registration, int(item.key))
    if registration is None:
        raise ItemFailed(_("The registration was deleted before its e-mail was sent."))
    # Links in the e-mail point where people reach the app: PUBLIC_BASE_URL, else the queuing request's host.
    base_url = current_app.config.get("PUBLIC_BASE_URL") or job.parameters.get("base_url")
    if not base_url:
        raise JobCannotContinue(_("Set PUBLIC_BASE_URL: the links in the e-mails need the app's address."))
    with current_app.test_request_context(base_url=base_url):
        notice = BUILDERS[job.parameters["notice"]](registration)
        if notice is None:  # the address was removed, or the place changed before the job ran
            return
        message = prepare_message(
            notice.recipient,
            notice.subject,
            notice.text,
            attachments=notice.attachments,
            recipient_name=notice.recipient_name,
            reference=notice.reference,
            message_id=message_id_for(
                "registration", job.parameters["notice"], registration.ticket_code, job.id
            ),
        )
    deliver(message, transport)


def _describe(job, keys):
    rows = db.session.execute(
        select(Registration.id, Registration.first_name, Registration.last_name, Registration.email).where(
            Registration.id.in_([int(key) for key in keys])
        )
    )
    return {str(rid): f"{first} {last} <{email}>" for rid, first, last, email in rows}


SEND_NOTICES = JobKind(
    KIND,
    _l("Registration e-mails"),
    items=_items,
    handle=_send,
    resource=lambda job: open_transport(),
    describe=_describe,
)


@event.listens_for(Session, "before_commit")
def _tell_seats_given(session):
    """Whoever freed a seat, the person it went to is told: the e-mail is queued with the change."""
    given = session.info.pop(capacity.SEATS_GIVEN, None)
    if given:
        queue("promoted", session.scalars(select(Registration).where(Registration.id.in_(given))).all())


@event.listens_for(Session, "after_rollback")
def _seats_given_are_undone(session):
    session.info.pop(capacity.SEATS_GIVEN, None)


# A message from the organizers


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


def send_message(forum, audience, subject, body, created_by=None):
    """An organizer's message to the forum's registrants, each with their own ticket link: a job, or None."""
    with force_locale("th"):
        notices = [
            _notice(registration, subject, "message.txt", "message", body=body)
            for registration in recipients(forum, audience)
        ]
    if not notices:
        return None
    messages = [
        prepare_message(
            n.recipient, n.subject, n.text, recipient_name=n.recipient_name, reference=n.reference
        )
        for n in notices
    ]
    return send_messages(messages, title=subject, created_by=created_by)
