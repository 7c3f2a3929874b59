"""Prepared messages waiting in the outbox table, and their attachments."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import utcnow


class MailMessage(db.Model):
    """One e-mail composed up-front by an area and sent by a "mail.send" job."""

    __tablename__ = "mail_messages"
    __table_args__ = (Index("ix_mail_messages_reference", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"), index=True)
    #: Made once when the message is prepared, so that every attempt carries the same one.
    message_id: Mapped[str] = mapped_column(String(250), unique=True)
    recipient: Mapped[str] = mapped_column(String(254))
    recipient_name: Mapped[str] = mapped_column(String(200), default="")
    reply_to: Mapped[str] = mapped_column(String(254), default="")
    subject: Mapped[str] = mapped_column(String(500))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    #: What the message is about, for the area that wrote it: "invitation:42", "ticket:17".
    reference: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Set in the same transaction that records the job item as sent.
    sent_at: Mapped[datetime | None]

    attachments: Mapped[list["MailAttachment"]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="MailAttachment.id"
    )

    def __repr__(self):
        return f"<MailMessage {self.id} to {self.recipient}>"


class MailBlob(db.Model):
    """The bytes of an attachment, stored once however many messages carry them."""

    __tablename__ = "mail_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int]


class MailAttachment(db.Model):
    __tablename__ = "mail_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("mail_messages.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("mail_blobs.sha256"), index=True)

    message: Mapped[MailMessage] = relationship(back_populates="attachments")
    blob: Mapped[MailBlob] = relationship()
