"""The progress of background jobs: a JSON for the progress bar, a page, and its actions."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from app.auth.access import STAFF, role_required
from app.extensions import db
from app.jobs import progress, service
from app.jobs.models import Job
from app.params import page_number

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
PER_PAGE = 50


@bp.app_template_global()
def job_state(job):
    """The progress JSON of a job, for templates (the job_progress macro) to render from."""
    return progress.as_json(job)


def get_job_or_404(job_id):
    job = db.session.get(Job, job_id)
    if job is None:
        abort(404)
    return job


@bp.get("/")
@role_required(*STAFF)
def index():
    page = request.args.get("page", 1, type=page_number)
    jobs, total = service.list_jobs(page, PER_PAGE)
    return render_template("jobs/index.html", jobs=jobs, page=page, pages=max(1, -(-total // PER_PAGE)))


@bp.get("/<int:job_id>")
@role_required(*STAFF)
def status(job_id):
    """The progress JSON that the progress bar polls."""
    response = progress.as_json(get_job_or_404(job_id))
    return response, 200, {"Cache-Control": "no-store"}


@bp.get("/<int:job_id>/page")
@role_required(*STAFF)
def show(job_id):
    job = get_job_or_404(job_id)
    return render_template("jobs/show.html", job=job, problems=service.unfinished_items(job))


def _act(job_id, action, message):
    job = get_job_or_404(job_id)
    try:
        action(job)
    except service.JobError as error:
        flash(str(error), "warning")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for("jobs.show", job_id=job.id))


@bp.post("/<int:job_id>/resume")
@role_required(*STAFF)
def resume(job_id):
    return _act(job_id, service.resume_job, progress.RESUMED)


@bp.post("/<int:job_id>/retry-failed")
@role_required(*STAFF)
def retry_failed(job_id):
    return _act(job_id, service.retry_failed_items, progress.RETRYING)


@bp.post("/<int:job_id>/cancel")
@role_required(*STAFF)
def cancel(job_id):
    return _act(job_id, service.cancel_job, progress.CANCELLED)
