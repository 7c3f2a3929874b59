"""What people and the progress bar see of a job: labels, a summary, the progress JSON."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.jobs import registry
from app.jobs.models import JobStatus
from app.thai import to_bangkok

RESUMED = _l("The job goes on from where it stopped.")
RETRYING = _l("The failed items are being tried again.")
CANCELLED = _l("The job is cancelled. What was already sent stays sent.")


def kind_label(job):
    kind = registry.get(job.kind)
    return str(kind.label) if kind else job.kind


def status_label(job):
    if job.is_stalled:
        return _("Stopped unexpectedly") if job.status == JobStatus.RUNNING else _("Not started")
    return {
        JobStatus.QUEUED: _("Waiting to start"),
        JobStatus.RUNNING: _("Running"),
        JobStatus.DONE: _("Done"),
        JobStatus.FAILED: _("Stopped by an error"),
        JobStatus.CANCELLED: _("Cancelled"),
    }[job.status]


def notice(job):
    """What a person should know about a job that seems stuck, or ""."""
    if not job.is_stalled:
        return ""
    if job.status == JobStatus.RUNNING:
        return _(
            "Nobody has worked on this job for a while: the program that ran it has probably stopped. "
            "Resume it to go on from where it stopped; nothing that was sent is sent again."
        )
    return _(
        "This job has waited a long time to start. Resume it to start it now; if it still waits, "
        "ask the administrator whether the background worker (flask worker) is running."
    )


def style(job):
    """The Bootstrap colour of the job's status."""
    if job.is_stalled:
        return "warning"
    return {
        JobStatus.QUEUED: "secondary",
        JobStatus.RUNNING: "primary",
        JobStatus.DONE: "warning" if job.failed else "success",
        JobStatus.FAILED: "danger",
        JobStatus.CANCELLED: "secondary",
    }[job.status]


def summary(job):
    if not job.items_listed:
        return _("Preparing the list of items…") if job.status == JobStatus.RUNNING else ""
    text = _("%(done)s of %(total)s done", done=job.done, total=job.total)
    if job.failed:
        text += " · " + _("%(failed)s failed", failed=job.failed)
    return text


def _iso(moment):
    return to_bangkok(moment).isoformat(timespec="seconds") if moment else None


def as_json(job):
    """The job's state as the progress JSON of GET /jobs/<id>."""
    return {
        "id": job.id,
        "kind": job.kind,
        "kind_label": kind_label(job),
        "title": job.title,
        "status": job.status.value,
        "status_label": status_label(job),
        "style": style(job),
        "summary": summary(job),
        "total": job.total,
        "done": job.done,
        "failed": job.failed,
        "pending": job.pending,
        "percent": job.percent,
        "finished": job.is_finished,
        "stalled": job.is_stalled,
        "notice": notice(job),
        "can_resume": job.can_resume,
        "can_cancel": job.can_cancel,
        "can_retry_failed": job.can_retry_failed,
        "last_error": job.last_error,
        "created_at": _iso(job.created_at),
        "started_at": _iso(job.started_at),
        "finished_at": _iso(job.finished_at),
        "heartbeat_at": _iso(job.heartbeat_at),
    }
