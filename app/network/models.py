"""The records of network health: yearly reports of operations, support received, follow-up calls.

A report's status is derived, never stored: no row = not asked; a received date = received; else
asked, and late once its due date has passed.
"""

import datetime as dt
import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.directory.models import _enum_column
from app.extensions import db
from app.timeutil import local_today, utcnow

MONEY = Numeric(14, 2)


class ReportStatus(enum.StrEnum):
    ASKED = "asked"
    RECEIVED = "received"
    LATE = "late"


class SupportKind(enum.StrEnum):
    FUND = "fund"
    OTHER_MONEY = "other_money"
    TECHNICAL = "technical"
    VISIT = "visit"


class SupportStatus(enum.StrEnum):
    """The stages of a Fund project; other kinds of support have no status."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    NOT_APPROVED = "not_approved"
    DONE = "done"
    REPORTED = "reported"


#: A Fund project counts as money received from these stages on.
FUND_GRANTED = (SupportStatus.APPROVED, SupportStatus.DONE, SupportStatus.REPORTED)


class AnnualReport(db.Model):
    """An organization's report of operations (รายงานผลการดำเนินงาน) for one fiscal year."""

    __tablename__ = "annual_reports"
    __table_args__ = (
        UniqueConstraint("organization_id", "fiscal_year", name="uq_annual_reports_organization_year"),
        Index("ix_annual_reports_year_received", "fiscal_year", "received_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    #: Buddhist-era fiscal year (October to September, named by its end).
    fiscal_year: Mapped[int]
    asked_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    #: [{"title": str, "date": "YYYY-MM-DD" or None}]
    activities: Mapped[list] = mapped_column(JSON, default=list)
    #: {target group: people served}, keys of fields.TARGET_GROUPS.
    served: Mapped[dict] = mapped_column(JSON, default=dict)
    spent: Mapped[Decimal | None] = mapped_column(MONEY)
    #: {source: amount}, keys of fields.MONEY_SOURCES.
    sources: Mapped[dict] = mapped_column(JSON, default=dict)
    volunteers: Mapped[int | None]
    problems: Mapped[str] = mapped_column(Text, default="")
    #: Keys of fields.NEEDS.
    needs: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    #: The staff member who typed it in (a paper report); None when sent through the self-update link.
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organization = relationship("Organization")
    entered_by = relationship("User", foreign_keys=[entered_by_id])
    asked_by = relationship("User", foreign_keys=[asked_by_id])
    attachments: Mapped[list["ReportAttachment"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportAttachment.id"
    )

    def status_on(self, day):
        if self.received_on is not None:
            return ReportStatus.RECEIVED
        if self.due_on is not None and self.due_on < day:
            return ReportStatus.LATE
        return ReportStatus.ASKED

    @property
    def status(self):
        return self.status_on(local_today())

    def __repr__(self):
        return f"<AnnualReport {self.organization_id} {self.fiscal_year}>"


class ReportAttachment(db.Model):
    """A PDF or a photo sent with a report (or the scan of a paper one), stored under a random name."""

    __tablename__ = "annual_report_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("annual_reports.id", ondelete="CASCADE"), index=True)
    #: The random file name under instance/uploads/reports/ (also its address).
    filename: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(255), default="")
    #: "application/pdf" or "image/jpeg", from the file's content, never from the browser.
    content_type: Mapped[str] = mapped_column(String(60))
    size_bytes: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    report: Mapped[AnnualReport] = relationship(back_populates="attachments")


class Support(db.Model):
    """Support an organization received: a Fund project, other money, technical support, a staff visit."""

    __tablename__ = "supports"
    __table_args__ = (
        Index("ix_supports_year_kind_status", "fiscal_year", "kind", "status"),
        Index("ix_supports_organization_year", "organization_id", "fiscal_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    kind: Mapped[SupportKind] = mapped_column(_enum_column(SupportKind))
    fiscal_year: Mapped[int]
    #: What: the project's title, the subject of the advice or of the visit.
    title: Mapped[str] = mapped_column(String(300))
    amount_requested: Mapped[Decimal | None] = mapped_column(MONEY)
    amount_approved: Mapped[Decimal | None] = mapped_column(MONEY)
    #: The stage of a Fund project; None for the other kinds.
    status: Mapped[SupportStatus | None] = mapped_column(_enum_column(SupportStatus))
    date: Mapped[dt.date | None] = mapped_column(Date)
    #: Who gave it: the staff who visited or advised, the source of other money.
    given_by: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organization = relationship("Organization")
    recorded_by = relationship("User")

    @property
    def counts_as_support(self):
        """Whether it is support received: any kind but a Fund project not (yet) approved."""
        return self.kind != SupportKind.FUND or self.status in FUND_GRANTED

    def __repr__(self):
        return f"<Support {self.id} {self.kind} {self.fiscal_year}>"


class FollowUpCall(db.Model):
    """A phone call staff made to an organization the office is losing (a visit is a Support)."""

    __tablename__ = "follow_up_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    called_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization = relationship("Organization")
    recorded_by = relationship("User")
