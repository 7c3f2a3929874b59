"""Starting jobs once the transaction that created them has committed, never before.

A service asks for a job to start with `start_after_commit(job)`; when the session commits,
the job is handed to a background thread of this process (JOBS_BACKEND "thread", the
default) or to the RQ queue in Redis (JOBS_BACKEND "rq", the default when REDIS_URL is set),
where `flask worker` picks it up. A rollback forgets the request. The RQ job carries only the
id of our Job: everything else is read from the database when it runs.
"""

import logging
import threading

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db
from app.jobs.runner import run_job

log = logging.getLogger(__name__)
PENDING = "jobs.start_after_commit"


def start_after_commit(job):
    """Start the job when the current transaction commits (the job must be flushed)."""
    db.session.info.setdefault(PENDING, []).append(job.id)


@event.listens_for(Session, "after_commit")
def _start_pending(session):
    for job_id in session.info.pop(PENDING, ()):
        start(job_id)


@event.listens_for(Session, "after_rollback")
def _forget_pending(session):
    session.info.pop(PENDING, None)


def start(job_id):
    """Hand a committed job to the configured backend; a failure leaves it queued, to be resumed."""
    app = current_app._get_current_object()
    if app.config["JOBS_BACKEND"] == "rq":
        try:
            enqueue_in_rq(app, job_id)
        except Exception:
            log.exception("could not queue job %s in Redis; `flask resume-jobs` will retry", job_id)
        return
    threading.Thread(target=_run_in_thread, args=(app, job_id), name=f"job-{job_id}").start()


def _run_in_thread(app, job_id):
    with app.app_context():
        run_job(job_id)


def rq_queue(app, connection):
    from rq import Queue

    return Queue(app.config["JOBS_QUEUE"], connection=connection)


def redis_connection(app):
    from redis import Redis

    return Redis.from_url(app.config["REDIS_URL"])


def enqueue_in_rq(app, job_id):
    with redis_connection(app) as connection:
        rq_queue(app, connection).enqueue(
            perform,
            job_id,
            job_timeout=app.config["JOBS_RQ_TIMEOUT"],
            result_ttl=0,
            description=f"job {job_id}",
        )


def perform(job_id):
    """RQ's entry point: run our Job of that id, in a fresh app context (and session)."""
    if has_app_context():
        app = current_app._get_current_object()
    else:
        from app import create_app

        app = create_app()
    with app.app_context():
        run_job(job_id)
