"""Erasing participants' details once the privacy notice's retention period is over (PDPA).

The notice tells each person their details are kept PERSONAL_DATA_RETENTION_DAYS after the
forum. What stays afterwards is what the office's statistics need and what names nobody: the
organization, the status, the check-in, the dates, the feedback scores. What goes besides the
registration's own fields: every e-mail written to the person (their .eml files and attachments
too), the free text typed about them at the door (undo reasons, scan notes, what was scanned),
their feedback comments, and the forum's documents kept in GENERATED_DOCUMENTS_DIR.
tests/security/test_erasure.py searches a whole dump and the folders for what is left.
"""

import os
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, or_, select, update

from app.checkin.models import CheckIn, Scan
from app.extensions import db
from app.forums.models import Forum
from app.mail.models import MailMessage
from app.mail.service import forget_messages
from app.notes.models import FeedbackResponse
from app.registration.models import Dietary, Registration, new_manage_token, new_ticket_code
from app.reports.models import Certificate, GeneratedDocument
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
    certificates = db.session.scalars(
        select(Certificate.id).where(Certificate.registration_id == registration.id)
    )
    forget_messages(
        select(MailMessage.id).where(
            or_(
                MailMessage.reference.startswith(f"registration:{registration.id}:", autoescape=True),
                MailMessage.reference.in_([f"certificate:{id_}" for id_ in certificates]),
            )
        )
    )
    _execute(
        update(FeedbackResponse)
        .where(FeedbackResponse.registration_id == registration.id)
        .values(comment="", search_text="")
    )


def forget_door_and_documents(cutoff):
    """Free text typed at the door of forums that ended before `cutoff`, and their kept documents.

    Run for every such forum each time, so what an earlier erasure left behind goes too.
    """
    expired = select(Forum.id).where(Forum.ends_at < cutoff)
    _execute(
        update(CheckIn).where(CheckIn.forum_id.in_(expired), CheckIn.undo_reason != "").values(undo_reason="")
    )
    _execute(
        update(Scan)
        .where(Scan.forum_id.in_(expired), or_(Scan.note != "", Scan.scan_text != ""))
        .values(note="", scan_text="")
    )
    scopes = [f"forum:{forum_id}" for forum_id in db.session.scalars(expired)]
    for start in range(0, len(scopes), BATCH_SIZE):
        documents = db.session.scalars(
            select(GeneratedDocument).where(GeneratedDocument.scope.in_(scopes[start : start + BATCH_SIZE]))
        ).all()
        for document in documents:
            path = os.path.join(current_app.config["GENERATED_DOCUMENTS_DIR"], document.filename)
            if document.filename and os.path.isfile(path):
                os.remove(path)
        _execute(delete(GeneratedDocument).where(GeneratedDocument.id.in_([d.id for d in documents])))


def _execute(statement):
    db.session.execute(statement.execution_options(synchronize_session=False))


def erase_expired(now=None):
    """Erase every expired registration, a batch per transaction; returns how many were erased."""
    now = now or utcnow()
    erased = 0
    while batch := db.session.scalars(expired_registrations(now).limit(BATCH_SIZE)).all():
        for registration in batch:
            erase(registration, now)
        db.session.commit()
        erased += len(batch)
    forget_door_and_documents(retention_cutoff(now))
    db.session.commit()
    return erased


def count_expired(now=None):
    return len(db.session.scalars(expired_registrations(now).with_only_columns(Registration.id)).all())
