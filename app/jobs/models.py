"""A background job and the record of each of its items."""

import enum
from datetime import datetime

from flask import current_app
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import utcnow


def _enum_column(enum_class):
    return db.Enum(
        enum_class,
        native_enum=False,
        length=20,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
        create_constraint=True,
    )


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class ItemState(enum.StrEnum):
    PENDING = "pending"
    #: Handed to the handler and not yet recorded as sent: after a crash, the one uncertain state.
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(db.Model):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_heartbeat_at", "status", "heartbeat_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The name of a kind in app.jobs.registry, e.g. "mail.send".
    kind: Mapped[str] = mapped_column(String(50))
    #: What the job does, in the words of the person who started it.
    title: Mapped[str] = mapped_column(String(300), default="")
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(_enum_column(JobStatus), default=JobStatus.QUEUED)
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    #: Set once the kind has listed the job's items (done by the runner, not the request).
    items_listed: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    #: Renewed while a runner works; also set when the job is queued, to tell a lost dispatch.
    heartbeat_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    #: Random per run: the runner holding it owns the job, so two runners never share one.
    run_token: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str] = mapped_column(Text, default="")

    created_by = relationship("User")

    @property
    def pending(self):
        return max(self.total - self.done - self.failed, 0)

    @property
    def percent(self):
        """How much is finished, sent or failed, as a whole percent."""
        if not self.total:
            return 100 if self.status == JobStatus.DONE else 0
        return int(100 * (self.done + self.failed) / self.total)

    @property
    def is_finished(self):
        return self.status not in ACTIVE

    @property
    def is_stalled(self):
        """Queued or running, but nobody has worked on it lately: its process is gone."""
        if self.status not in ACTIVE or self.heartbeat_at is None:
            return self.status in ACTIVE
        age = (utcnow() - self.heartbeat_at).total_seconds()
        return age > current_app.config["JOBS_STALE_AFTER_SECONDS"]

    @property
    def can_resume(self):
        stopped = self.status in (JobStatus.FAILED, JobStatus.CANCELLED)
        return self.is_stalled or (stopped and (self.pending > 0 or not self.items_listed))

    @property
    def can_cancel(self):
        return self.status in ACTIVE

    @property
    def can_retry_failed(self):
        return self.is_finished and self.failed > 0

    def __repr__(self):
        return f"<Job {self.id} {self.kind} {self.status}>"


class JobItem(db.Model):
    """One item of a job (one e-mail, one page range): handled at most once once recorded sent."""

    __tablename__ = "job_items"
    __table_args__ = (
        UniqueConstraint("job_id", "key"),
        Index("ix_job_items_job_id_state", "job_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    #: The kind's own name for the item, e.g. the id of a mail message.
    key: Mapped[str] = mapped_column(String(100))
    state: Mapped[ItemState] = mapped_column(_enum_column(ItemState), default=ItemState.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None]

    def __repr__(self):
        return f"<JobItem {self.job_id}/{self.key} {self.state}>"
