"""Job rules: creating, cancelling, resuming and retrying jobs, and reporting their progress.

Like every service these flush and never commit; a job starts only once the caller commits.
"""

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select, update

from app.extensions import db
from app.jobs import registry
from app.jobs.dispatch import start_after_commit
from app.jobs.models import ACTIVE, ItemState, Job, JobItem, JobStatus
from app.timeutil import utcnow


class JobError(Exception):
    """The job is not in a state that allows this."""


def create_job(kind_name, title="", parameters=None, created_by=None, in_background=True):
    """Queue a job of a registered kind; it starts when the transaction commits.

    With in_background=False it waits for `flask run-job` or app.jobs.runner.run_job.
    """
    if registry.get(kind_name) is None:
        raise ValueError(f"unknown job kind {kind_name!r}")
    job = Job(kind=kind_name, title=title[:300], parameters=parameters or {}, created_by=created_by)
    db.session.add(job)
    db.session.flush()
    if in_background:
        start_after_commit(job)
    return job


def _requeue(job, in_background=True):
    job.status = JobStatus.QUEUED
    job.heartbeat_at = utcnow()
    job.finished_at = None
    job.run_token = None
    db.session.flush()
    if in_background:
        start_after_commit(job)


def resume_job(job, in_background=True):
    """Go on with a job that crashed, failed or was cancelled, from where it stopped.

    With in_background=False the caller runs it itself (`flask run-job`).
    """
    if not job.can_resume:
        raise JobError(_l("This job is not stopped, so there is nothing to resume."))
    job.last_error = ""
    _requeue(job, in_background)


def refresh_counts(job):
    """Recount done and failed from the items."""
    counts = dict(
        db.session.execute(
            select(JobItem.state, func.count()).where(JobItem.job_id == job.id).group_by(JobItem.state)
        ).all()
    )
    job.done = counts.get(ItemState.SENT, 0)
    job.failed = counts.get(ItemState.FAILED, 0)


def retry_failed_items(job):
    """Try again the items that failed (after the address or the server was fixed)."""
    if not job.can_retry_failed:
        raise JobError(_l("This job has no failed items to try again."))
    db.session.execute(
        update(JobItem)
        .where(JobItem.job_id == job.id, JobItem.state == ItemState.FAILED)
        .values(state=ItemState.PENDING, attempts=0, error="")
        .execution_options(synchronize_session=False)
    )
    refresh_counts(job)
    job.last_error = ""
    _requeue(job)


def cancel_job(job):
    """Stop a queued or running job after the item in hand; what is sent stays sent."""
    result = db.session.execute(
        update(Job)
        .where(Job.id == job.id, Job.status.in_(ACTIVE))
        .values(status=JobStatus.CANCELLED, finished_at=utcnow(), run_token=None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise JobError(_l("This job has already finished."))
    db.session.refresh(job)


def stalled_jobs():
    """Jobs that are queued or running but whose heartbeat stopped: their process is gone."""
    cutoff = utcnow() - timedelta(seconds=current_app.config["JOBS_STALE_AFTER_SECONDS"])
    return db.session.scalars(
        select(Job)
        .where(Job.status.in_(ACTIVE), or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < cutoff))
        .order_by(Job.id)
    ).all()


def resume_stalled_jobs():
    """Requeue every stalled job; returns them."""
    jobs = stalled_jobs()
    for job in jobs:
        _requeue(job)
    return jobs


def list_jobs(page, per_page):
    """The latest jobs first, and how many there are."""
    total = db.session.scalar(select(db.func.count(Job.id)))
    jobs = db.session.scalars(
        select(Job).order_by(Job.id.desc()).offset((page - 1) * per_page).limit(per_page)
    ).all()
    return jobs, total


def unfinished_items(job, limit=200):
    """Items that failed, or whose outcome is unknown, each with what the kind says it is."""
    items = db.session.scalars(
        select(JobItem)
        .where(
            JobItem.job_id == job.id,
            or_(
                JobItem.state == ItemState.FAILED,
                and_(JobItem.state == ItemState.PENDING, JobItem.error != ""),
            ),
        )
        .order_by(JobItem.id)
        .limit(limit)
    ).all()
    kind = registry.get(job.kind)
    descriptions = kind.describe(job, [item.key for item in items]) if kind else {}
    return [(item, descriptions.get(item.key, item.key)) for item in items]
