"""Certificates of participation by e-mail, as a background job: one message per eligible participant.

Each participant with an address gets their own certificate as a PDF, once: the item
records the certificate as e-mailed in the same transaction as its delivery, and a
certificate already e-mailed is not sent again by a later job.
"""

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.forums.display import when_text
from app.jobs import service as jobs
from app.jobs.registry import JobKind
from app.mail.message import Attachment, message_id_for
from app.mail.service import deliver, prepare_message
from app.mail.transport import open_transport
from app.registration.models import Registration
from app.registration.tickets import ticket_url
from app.reports.certificates import (
    certificate_eligible,
    certificate_pdf,
    eligible_registrations,
    forum_is_over,
    issue_certificates,
    verify_url,
)
from app.timeutil import utcnow
from app.urls import link_base, links_based_on

KIND = "reports.certificate_mail"


class CertificateMailError(Exception):
    """The certificates cannot be e-mailed now (the view shows why)."""


def email_certificates(forum, created_by=None):
    """Queue a job e-mailing each eligible participant with an address their certificate; None if nobody.

    Those who already got theirs by e-mail are left out. The caller commits.
    """
    if not forum_is_over(forum):
        raise CertificateMailError(_("Certificates are sent once the forum is over."))
    with_address = [r for r in eligible_registrations(forum) if r.email]
    issued = issue_certificates(with_address)
    chosen = [r.id for r in with_address if issued[r.id].emailed_at is None]
    if not chosen:
        return None
    return jobs.create_job(
        KIND,
        title=_("Certificates by e-mail: %(title)s", title=forum.title),
        parameters={"registrations": chosen, "base_url": link_base()},
        created_by=created_by,
    )


def _send(job, item, transport):
    registration = db.session.get(Registration, int(item.key))
    # The check-in may have been undone, or the address removed, since the job was queued.
    if registration is None or not registration.email or not certificate_eligible(registration):
        return
    certificate = issue_certificates([registration])[registration.id]
    if certificate.emailed_at is not None:
        return
    forum = registration.forum
    with links_based_on(job.parameters.get("base_url") or ""), force_locale("th"):
        text = render_template(
            "reports/email/certificate.txt",
            registration=registration,
            forum=forum,
            when=when_text(forum),
            verify_url=verify_url(certificate),
            ticket_url=ticket_url(registration),
        )
        message = prepare_message(
            registration.email,
            _("Certificate of participation · %(title)s", title=forum.title)[:200],
            text,
            attachments=[Attachment(f"เกียรติบัตร-{forum.public_code}.pdf", certificate_pdf(registration))],
            recipient_name=registration.full_name,
            reference=f"certificate:{certificate.id}",
            message_id=message_id_for("certificate", certificate.code, job.id),
        )
    deliver(message, transport)
    certificate.emailed_at = utcnow()


def _describe(job, keys):
    rows = db.session.execute(
        select(Registration.id, Registration.first_name, Registration.last_name, Registration.email).where(
            Registration.id.in_([int(key) for key in keys])
        )
    )
    return {str(rid): f"{first} {last} <{email}>" for rid, first, last, email in rows}


SEND_CERTIFICATES = JobKind(
    KIND,
    _l("Certificates by e-mail"),
    items=lambda job: [str(i) for i in job.parameters["registrations"]],
    handle=_send,
    resource=lambda job: open_transport(),
    describe=_describe,
)
