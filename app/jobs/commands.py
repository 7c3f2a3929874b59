"""flask run-job, resume-jobs and worker."""

import click
from flask import Blueprint, current_app

from app.extensions import db
from app.jobs import dispatch, service
from app.jobs.models import Job
from app.jobs.runner import run_job

bp = Blueprint("jobs_commands", __name__, cli_group=None)


@bp.cli.command("run-job")
@click.argument("job_id", type=int)
def run_job_command(job_id):
    """Run one job here, in the foreground (resuming it if it stopped)."""
    job = db.session.get(Job, job_id)
    if job is None:
        raise click.ClickException(f"no job {job_id}")
    if job.can_resume:
        service.resume_job(job, in_background=False)
        db.session.commit()
    elif job.is_finished:
        raise click.ClickException(f"job {job_id} is {job.status.value}: nothing left to run")
    status = run_job(job_id)
    if status is None:
        raise click.ClickException(f"job {job_id} is being run by another process")
    job = db.session.get(Job, job_id)
    click.echo(f"job {job.id}: {status} — {job.done} of {job.total} done, {job.failed} failed")
    if job.last_error:
        click.echo(job.last_error)


@bp.cli.command("resume-jobs")
def resume_jobs():
    """Resume every job whose process stopped (queued or running, no heartbeat lately)."""
    jobs = service.resume_stalled_jobs()
    db.session.commit()
    for job in jobs:
        click.echo(f"resumed job {job.id} ({job.kind}): {job.done} of {job.total} done before")
    if not jobs:
        click.echo("no stalled job")


@bp.cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst):
    """Run the jobs queued in Redis (REDIS_URL) until stopped; stalled jobs are resumed first."""
    from rq import Worker

    app = current_app._get_current_object()
    if app.config["JOBS_BACKEND"] != "rq":
        raise click.ClickException("background jobs run in the web process: set REDIS_URL to use a worker")
    for job in service.resume_stalled_jobs():
        click.echo(f"resumed job {job.id} ({job.kind})")
    db.session.commit()
    # The work horses are forked from this process: they must not share its database connections.
    db.session.remove()
    db.engine.dispose()
    with dispatch.redis_connection(app) as connection:
        queue = dispatch.rq_queue(app, connection)
        Worker([queue], connection=connection).work(burst=burst, with_scheduler=False)
