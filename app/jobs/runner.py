"""Running one job to its end: claim it, list its items once, handle each, record each outcome.

Exactly-once, and its one limit: an item is recorded as `sending` (committed) before its
handler runs and as `sent` (committed, with the handler's own changes) after. A process that
dies between the two leaves the item `sending`, and a resumed run hands it to the handler
again, because it cannot know whether the outside world (the SMTP server) got it. For e-mail,
that window is the few milliseconds between the server's "250 OK" and our commit; a repeat
sent from it carries the same Message-ID, so a receiving system can recognise it. Everything
recorded `sent` is never handled again.
"""

import logging
import secrets
import threading
import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, case, func, or_, select, update

from app.extensions import db
from app.jobs import registry
from app.jobs.models import ItemState, Job, JobItem, JobStatus
from app.jobs.registry import ItemFailed, JobCannotContinue, TryAgainLater
from app.timeutil import utcnow

log = logging.getLogger(__name__)


def run_job(job_id):
    """Run a job in this thread until it is done, failed or cancelled.

    Returns the status it ended in, or None when it was not ours to run (finished already,
    or another runner's heartbeat is fresh).
    """
    token = _claim(job_id)
    if token is None:
        return None
    stop_beating = threading.Event()
    beat = threading.Thread(
        target=_heartbeat,
        args=(db.engine, job_id, token, stop_beating, current_app.config["JOBS_HEARTBEAT_SECONDS"]),
        name=f"job-{job_id}-heartbeat",
        daemon=True,
    )
    beat.start()
    try:
        status, error = _run(db.session.get(Job, job_id), token)
    except BaseException:
        # Interrupted (Ctrl+C, SystemExit): like a crash, nothing half done is committed, and
        # the job, whose heartbeat stops below, may be resumed.
        db.session.rollback()
        raise
    finally:
        stop_beating.set()
        beat.join()
    if status is None:
        return db.session.get(Job, job_id).status
    _finish(job_id, token, status, error)
    return status


def _claim(job_id):
    """Take the job if it is queued or its runner has stopped beating; None if it isn't ours."""
    now = utcnow()
    stale = now - timedelta(seconds=current_app.config["JOBS_STALE_AFTER_SECONDS"])
    token = secrets.token_hex(16)
    claimable = or_(
        Job.status == JobStatus.QUEUED,
        and_(Job.status == JobStatus.RUNNING, or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < stale)),
    )
    result = db.session.execute(
        update(Job)
        .where(Job.id == job_id, claimable)
        .values(
            status=JobStatus.RUNNING,
            run_token=token,
            heartbeat_at=now,
            started_at=func.coalesce(Job.started_at, now),
            finished_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return token if result.rowcount == 1 else None


def _run(job, token):
    """Work through the job; (final status, error) or (None, "") when it stopped being ours."""
    job_id, kind = job.id, registry.get(job.kind)
    if kind is None:
        return JobStatus.FAILED, f"unknown job kind {job.kind!r}"
    try:
        if not job.items_listed:
            _list_items(job, kind)
        with kind.resource(job) as resource:
            if not _work_through(job, kind, resource, token):
                return None, ""
    except JobCannotContinue as error:
        return JobStatus.FAILED, str(error)
    except Exception as error:
        db.session.rollback()
        log.exception("job %s (%s) failed", job_id, kind.name)
        return JobStatus.FAILED, _describe_error(error)
    return JobStatus.DONE, ""


def _list_items(job, kind):
    keys = list(dict.fromkeys(str(key) for key in kind.items(job)))
    db.session.add_all(JobItem(job_id=job.id, key=key) for key in keys)
    job.items_listed = True
    job.total = len(keys)
    db.session.commit()


def _work_through(job, kind, resource, token):
    """Handle every item still to do; False when the job was cancelled or taken over."""
    config = current_app.config
    job_id = job.id
    errors_in_a_row = 0
    while (item := _next_item(job_id)) is not None:
        item.state = ItemState.SENDING
        item.attempts += 1
        db.session.commit()
        done = failed = pause = 0
        try:
            kind.handle(job, item, resource)
        except ItemFailed as error:
            db.session.rollback()
            item.state, item.error = ItemState.FAILED, str(error)
            failed, errors_in_a_row = 1, 0
        except JobCannotContinue as error:
            db.session.rollback()
            item.state, item.error = ItemState.PENDING, str(error)
            _record_outcome(job_id, token)
            db.session.commit()
            raise
        except Exception as error:
            db.session.rollback()
            log.warning("job %s item %s: %s", job_id, item.key, error)
            item.error = _describe_error(error)
            if item.attempts >= config["JOBS_MAX_ATTEMPTS"]:
                item.state, failed = ItemState.FAILED, 1
            else:
                item.state = ItemState.PENDING
            errors_in_a_row += 1
            if errors_in_a_row >= config["JOBS_MAX_ERRORS_IN_A_ROW"]:
                _record_outcome(job_id, token, failed=failed)
                db.session.commit()
                raise JobCannotContinue(item.error) from error
            pause = config["JOBS_RETRY_DELAY_SECONDS"] * item.attempts
        else:
            item.state, item.sent_at, item.error = ItemState.SENT, utcnow(), ""
            done, errors_in_a_row = 1, 0
        still_ours = _record_outcome(job_id, token, done, failed)
        db.session.commit()
        if not still_ours:
            return False
        time.sleep(pause)
    db.session.commit()
    return True


def _next_item(job_id):
    return db.session.scalars(
        select(JobItem)
        .where(JobItem.job_id == job_id, JobItem.state.in_((ItemState.PENDING, ItemState.SENDING)))
        .order_by(JobItem.attempts, JobItem.id)
        .limit(1)
    ).first()


def _record_outcome(job_id, token, done=0, failed=0):
    """Count the item's outcome in the job (in the item's own transaction) and beat the heart;
    False when the job was cancelled or another runner took it over."""
    row = db.session.execute(
        update(Job)
        .where(Job.id == job_id)
        .values(
            done=Job.done + done,
            failed=Job.failed + failed,
            heartbeat_at=case((Job.run_token == token, utcnow()), else_=Job.heartbeat_at),
        )
        .returning(Job.status, Job.run_token)
        .execution_options(synchronize_session=False)
    ).one()
    return row.status == JobStatus.RUNNING and row.run_token == token


def _finish(job_id, token, status, error):
    now = utcnow()
    db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.run_token == token, Job.status == JobStatus.RUNNING)
        .values(status=status, finished_at=now, heartbeat_at=now, run_token=None, last_error=error)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _heartbeat(engine, job_id, token, stop, interval):
    """Keep the job's heartbeat fresh while one item takes long (a big PDF)."""
    while not stop.wait(interval):
        try:
            with engine.begin() as conn:
                conn.execute(
                    update(Job)
                    .where(Job.id == job_id, Job.run_token == token, Job.status == JobStatus.RUNNING)
                    .values(heartbeat_at=utcnow())
                )
        except Exception:
            log.exception("heartbeat of job %s", job_id)


def _describe_error(error):
    if isinstance(error, TryAgainLater):
        return str(error)[:2000]
    text = str(error) or type(error).__name__
    return f"{type(error).__name__}: {text}"[:2000]
