"""What printed documents leave behind: issued certificates and documents made in the background."""

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.directory.models import _enum_column
from app.extensions import db
from app.forums.models import CertificateRule
from app.timeutil import utcnow


def new_certificate_code():
    """A certificate's code: 128 random bits, URL-safe (22 characters), in its verify URL and QR."""
    return secrets.token_urlsafe(16)


class Certificate(db.Model):
    """A certificate of participation issued to one registration (made when first printed)."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), unique=True
    )
    #: The secret of the public verify page /certificates/<code>; see new_certificate_code.
    code: Mapped[str] = mapped_column(String(64), unique=True, default=new_certificate_code)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The forum's rule when it was issued: a rule changed later applies to new certificates only.
    rule: Mapped[CertificateRule] = mapped_column(_enum_column(CertificateRule))
    #: When it went to the participant by e-mail; None while not sent.
    emailed_at: Mapped[datetime | None]

    registration = relationship("Registration")


class GeneratedDocument(db.Model):
    """A document made by a background job for one state of its data, kept as a file until that changes."""

    __tablename__ = "generated_documents"
    __table_args__ = (UniqueConstraint("scope", "kind", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What the document is about, e.g. "forum:12".
    scope: Mapped[str] = mapped_column(String(50))
    #: The name of its kind in app.reports.generated, e.g. "badges".
    kind: Mapped[str] = mapped_column(String(50))
    #: A digest of the data it was made from: a change of the data makes a new document.
    fingerprint: Mapped[str] = mapped_column(String(64))
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    #: The file's name in GENERATED_DOCUMENTS_DIR once made.
    filename: Mapped[str] = mapped_column(String(200), default="")
    pages: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    job = relationship("Job")
