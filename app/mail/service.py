"""Mail rules: preparing messages in the outbox table and sending them as a background job.

Any area composes its messages up-front (`prepare_message`, the text rendered from its own
templates) and hands the batch to `send_messages`, which queues one "mail.send" job: the
request that asked returns at once, and the job sends each message exactly once (see
app/jobs/runner.py for the one window where a repeat is possible, and why it is recognisable).
The area finds out what was sent through MailMessage.reference and MailMessage.sent_at.
"""

import hashlib
import os
import smtplib

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.jobs import service as jobs
from app.jobs.models import Job, JobItem
from app.jobs.registry import ItemFailed, JobCannotContinue, JobKind, TryAgainLater
from app.mail.message import Attachment, compose, new_message_id
from app.mail.models import MailAttachment, MailBlob, MailMessage
from app.mail.transport import OutboxTransport, open_transport
from app.timeutil import utcnow

SEND_KIND = "mail.send"


class MailError(ValueError):
    """A message that cannot be prepared (a malformed address)."""


def normalize_address(address):
    """The address as SMTP needs it (ASCII, the domain in punycode); MailError if it is not one."""
    try:
        return validate_email(address, check_deliverability=False, allow_smtputf8=False).ascii_email
    except EmailNotValidError as error:
        raise MailError(_l("%(address)s is not a valid e-mail address.", address=address)) from error


def prepare_message(
    recipient,
    subject,
    text,
    *,
    html=None,
    attachments=(),
    recipient_name="",
    reference="",
    reply_to="",
    message_id=None,
):
    """Store a message to send later; attachments are app.mail.message.Attachment values.

    A job kind that prepares its message inside handle() passes message_id_for(…), so that a
    retry of the same delivery carries the same Message-ID.
    """
    message = MailMessage(
        message_id=message_id or new_message_id(),
        recipient=normalize_address(recipient),
        recipient_name=recipient_name[:200],
        reply_to=normalize_address(reply_to) if reply_to else "",
        subject=subject[:500],
        text_body=text,
        html_body=html,
        reference=reference[:100],
    )
    for attachment in attachments:
        message.attachments.append(
            MailAttachment(
                filename=attachment.filename[:255],
                content_type=attachment.mime_type,
                blob_sha256=_store_blob(attachment.data),
            )
        )
    db.session.add(message)
    db.session.flush()
    return message


def _store_blob(data):
    """Keep the bytes once by their SHA-256 (one agenda PDF for 134 invitations)."""
    digest = hashlib.sha256(data).hexdigest()
    if db.session.scalar(select(MailBlob.sha256).where(MailBlob.sha256 == digest)) is None:
        dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
        # Another request may store the same bytes at the same moment: that is not an error.
        db.session.execute(
            dialect.insert(MailBlob).values(sha256=digest, data=data, size=len(data)).on_conflict_do_nothing()
        )
    return digest


def send_messages(messages, title="", created_by=None, in_background=True):
    """Queue one job sending the prepared messages; it starts once the caller commits."""
    if not messages:
        raise MailError(_l("There is no message to send."))
    if any(message.job_id is not None for message in messages):
        raise MailError(_l("A message is already being sent by another job."))
    job = jobs.create_job(SEND_KIND, title=title, created_by=created_by, in_background=in_background)
    for message in messages:
        message.job_id = job.id
    db.session.flush()
    return job


def to_email(message):
    """The stored message as an EmailMessage: the same bytes on every attempt."""
    attachments = [Attachment(a.filename, a.blob.data, a.content_type) for a in message.attachments]
    return compose(
        message.recipient,
        message.subject,
        message.text_body,
        html=message.html_body,
        attachments=attachments,
        recipient_name=message.recipient_name,
        message_id=message.message_id,
        date=message.created_at,
        reply_to=message.reply_to or None,
    )


def forget_messages(message_ids):
    """Delete the messages (a select of their ids), the .eml files written for them, the attachments'
    bytes no other message carries, and what their job items say of them (PDPA erasure)."""
    ids = list(db.session.scalars(message_ids))
    if not ids:
        return
    outbox = OutboxTransport(current_app.config["MAIL_OUTBOX_DIR"])
    for message in db.session.scalars(select(MailMessage).where(MailMessage.id.in_(ids))):
        path = outbox.path_for(to_email(message))
        if os.path.isfile(path):
            os.remove(path)
    keys = [str(id_) for id_ in ids]
    items = select(JobItem.id).join(Job).where(Job.kind == SEND_KIND, JobItem.key.in_(keys))
    for statement in (
        update(JobItem).where(JobItem.id.in_(items)).values(error=""),
        # Deleted by hand, not by the foreign key's cascade, which SQLite does not enforce here.
        delete(MailAttachment).where(MailAttachment.message_id.in_(ids)),
        delete(MailMessage).where(MailMessage.id.in_(ids)),
        delete(MailBlob).where(~exists().where(MailAttachment.blob_sha256 == MailBlob.sha256)),
    ):
        db.session.execute(statement.execution_options(synchronize_session=False))


def _list_messages(job):
    return db.session.scalars(
        select(MailMessage.id).where(MailMessage.job_id == job.id).order_by(MailMessage.id)
    )


def deliver(message, transport):
    """Send a stored message now through an open transport (inside a job's handle()).

    Raises what the job runner understands: ItemFailed, TryAgainLater, JobCannotContinue.
    """
    try:
        transport.send(to_email(message))
    except OSError as error:  # smtplib's errors are OSErrors too
        raise _verdict(error) from error
    message.sent_at = utcnow()


def _send_one(job, item, transport):
    message = db.session.get(MailMessage, int(item.key))
    if message is None:
        raise ItemFailed(_("The message was deleted before it was sent."))
    if message.sent_at is None:
        deliver(message, transport)


def _server_reply(code, text):
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


def _verdict(error):
    """What a failed delivery means: ItemFailed when only this address is at fault,
    JobCannotContinue when every message would fail (our login or sender is refused),
    TryAgainLater for what may pass (server busy, connection lost, server unreachable)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = list(error.recipients.values())
        reply = "; ".join(_server_reply(code, text) for code, text in replies)
        if replies and all(code >= 500 for code, _text in replies):
            return ItemFailed(_("The mail server refused the address: %(reply)s", reply=reply))
        return TryAgainLater(_("The mail server asked us to try again later: %(reply)s", reply=reply))
    if isinstance(error, smtplib.SMTPAuthenticationError):
        reply = _server_reply(error.smtp_code, error.smtp_error)
        return JobCannotContinue(_("The mail server did not accept our login: %(reply)s", reply=reply))
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return JobCannotContinue(_("The mail server does not support this: %(reply)s", reply=str(error)))
    if isinstance(error, smtplib.SMTPResponseException):
        reply = _server_reply(error.smtp_code, error.smtp_error)
        if error.smtp_code < 500:
            return TryAgainLater(_("The mail server asked us to try again later: %(reply)s", reply=reply))
        if isinstance(error, smtplib.SMTPSenderRefused):
            return JobCannotContinue(_("The mail server refused our sender address: %(reply)s", reply=reply))
        return ItemFailed(_("The mail server refused the message: %(reply)s", reply=reply))
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return TryAgainLater(_("The mail server closed the connection."))
    config = current_app.config
    reason = error.strerror or str(error) or type(error).__name__
    if not config["MAIL_SERVER"]:
        folder = config["MAIL_OUTBOX_DIR"]
        return TryAgainLater(
            _("Could not write to the outbox %(folder)s: %(reason)s", folder=folder, reason=reason)
        )
    server = f"{config['MAIL_SERVER']}:{config['MAIL_PORT']}"
    return TryAgainLater(
        _("Could not reach the mail server %(server)s: %(reason)s", server=server, reason=reason)
    )


def _describe(job, keys):
    ids = [int(key) for key in keys]
    rows = db.session.execute(
        select(MailMessage.id, MailMessage.recipient_name, MailMessage.recipient).where(
            MailMessage.id.in_(ids)
        )
    )
    return {str(id_): f"{name} <{address}>" if name else address for id_, name, address in rows}


SEND_MESSAGES = JobKind(
    name=SEND_KIND,
    label=_l("Sending e-mail"),
    items=_list_messages,
    handle=_send_one,
    resource=lambda job: open_transport(),
    describe=_describe,
)
