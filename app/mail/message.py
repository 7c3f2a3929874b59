"""Composing one e-mail: Thai subject and body, an optional HTML part, attachments."""

import hashlib
import mimetypes
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, make_msgid

from flask import current_app

from app.thai import to_bangkok


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    content_type: str = ""

    @property
    def mime_type(self):
        guessed = mimetypes.guess_type(self.filename)[0]
        return self.content_type or guessed or "application/octet-stream"


def sender_domain(sender):
    return sender.rpartition("@")[2] or "localhost"


def new_message_id():
    """A Message-ID for one logical delivery; kept with the message, so every retry reuses it."""
    return make_msgid(domain=sender_domain(current_app.config["MAIL_DEFAULT_SENDER"]))


def message_id_for(*parts):
    """The same Message-ID every time for the same parts, which must name one delivery and be
    unique beyond this database: ("invitation", invitation.token, "first") rather than a row id."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:40]
    return f"<{digest}@{sender_domain(current_app.config['MAIL_DEFAULT_SENDER'])}>"


def compose(
    recipient,
    subject,
    text,
    *,
    html=None,
    attachments=(),
    recipient_name="",
    message_id=None,
    date=None,
    reply_to=None,
):
    """An EmailMessage from the office, ready for SMTP: headers encoded by RFC 2047, UTF-8 body.

    Pass the same message_id and date on every attempt of the same delivery: a repeat is then
    byte for byte the same message, and a receiver can tell it is one.
    """
    config = current_app.config
    message = EmailMessage(policy=SMTP)
    message.set_raw("From", _address(config["OFFICE_NAME"], config["MAIL_DEFAULT_SENDER"], "From"))
    message.set_raw("To", _address(recipient_name, recipient, "To"))
    if reply_to:
        message["Reply-To"] = reply_to
    message.set_raw("Subject", _encoded(subject, "Subject"))
    message["Date"] = format_datetime(to_bangkok(date or datetime.now().astimezone()))
    message["Message-ID"] = message_id or new_message_id()
    message.set_content(text, charset="utf-8")
    if html:
        message.add_alternative(html, subtype="html", charset="utf-8")
    for attachment in attachments:
        maintype, _, subtype = attachment.mime_type.partition("/")
        message.add_attachment(
            attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    _fix_boundaries(message)
    return message


# The policy would fold Thai headers itself, but its encoded-word folding takes ~40 ms a
# header (CPython's _fold_as_ew tries every split); email.header does the same in microseconds.
def _encoded(text, header_name):
    """RFC 2047 encoded words folded to lines of at most 78 characters; ASCII text as it is."""
    if text.isascii():
        return text
    return Header(text, "utf-8", header_name=header_name).encode(linesep="\n")


def _address(name, address, header_name):
    if not name or name.isascii():
        return formataddr((name, address))
    encoded = _encoded(name, header_name)
    fits = len(encoded.rpartition("\n")[2]) + len(address) + 3 <= 78
    return f"{encoded}{' ' if fits else chr(10) + ' '}<{address}>"


def _fix_boundaries(message):
    """MIME boundaries derived from the Message-ID instead of random ones, so that every
    attempt of one delivery is the same bytes."""
    digest = hashlib.sha256(message["Message-ID"].encode()).hexdigest()[:24]
    for number, part in enumerate(p for p in message.walk() if p.is_multipart()):
        part.set_boundary(f"=_{digest}_{number}")
