"""Erasing participants' details once the privacy notice's retention period is over (PDPA).

The notice tells each person their details are kept PERSONAL_DATA_RETENTION_DAYS after the
forum. What stays afterwards is what the office's statistics need and what names nobody: the
organization, the status, the check-in, the dates. The e-mails written to the person go too.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, exists, select

from app.extensions import db
from app.forums.models import Forum
from app.mail.models import MailAttachment, MailBlob, MailMessage
from app.registration.models import Dietary, Registration, new_manage_token, new_ticket_code
from app.timeutil import utcnow

BATCH_SIZE = 500


def retention_cutoff(now=None):
    """Forums that ended before this moment have had their details kept long enough."""
    return (now or utcnow()) - timedelta(days=current_app.config["PERSONAL_DATA_RETENTION_DAYS"])


def expired_registrations(now=None):
    """The query of registrations whose forum ended before the cutoff and whose details are still kept."""
    return (
        select(Registration)
        .join(Forum, Registration.forum_id == Forum.id)
        .where(Forum.ends_at < retention_cutoff(now), Registration.erased_at.is_(None))
        .order_by(Registration.id)
    )


def erase(registration, now=None):
    """Blank the person's details and end their links; the old ticket and manage links stop working."""
    registration.prefix = ""
    registration.first_name = ""
    registration.last_name = ""
    registration.position = ""
    registration.phone = None
    registration.email = None
    registration.dietary = Dietary.NONE
    registration.dietary_other = ""
    registration.accessibility_needs = ""
    registration.answers = {}
    registration.search_text = ""
    registration.ticket_code = new_ticket_code()
    registration.manage_token = new_manage_token()
    registration.erased_at = now or utcnow()
    _forget_messages_to(registration)


def _forget_messages_to(registration):
    # Deleted by hand, not by the foreign key's cascade, which SQLite does not enforce here.
    messages = select(MailMessage.id).where(
        MailMessage.reference.startswith(f"registration:{registration.id}:", autoescape=True)
    )
    for statement in (
        delete(MailAttachment).where(MailAttachment.message_id.in_(messages)),
        delete(MailMessage).where(MailMessage.id.in_(messages)),
    ):
        db.session.execute(statement.execution_options(synchronize_session=False))


def _forget_unused_attachments():
    still_attached = exists().where(MailAttachment.blob_sha256 == MailBlob.sha256)
    db.session.execute(delete(MailBlob).where(~still_attached).execution_options(synchronize_session=False))


def erase_expired(now=None):
    """Erase every expired registration, a batch per transaction; returns how many were erased."""
    now = now or utcnow()
    erased = 0
    while batch := db.session.scalars(expired_registrations(now).limit(BATCH_SIZE)).all():
        for registration in batch:
            erase(registration, now)
        _forget_unused_attachments()
        db.session.commit()
        erased += len(batch)
    return erased


def count_expired(now=None):
    return len(db.session.scalars(expired_registrations(now).with_only_columns(Registration.id)).all())
