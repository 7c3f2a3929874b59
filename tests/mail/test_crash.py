"""A sending process killed in the middle, then resumed: every recipient gets one message.

`flask run-job` runs in a real subprocess; the loopback SMTP server holds one message
until the test has killed that process with SIGKILL.
"""

import os
import signal
import subprocess
import sys

import pytest
from sqlalchemy import select

from app.extensions import db
from app.jobs.models import ItemState, Job, JobItem, JobStatus
from tests.conftest import wait_for_background_jobs
from tests.mail.helpers import check_received, queue_batch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def flask_process(app, *args, **env):
    """`flask --app app ARGS` in a subprocess on the test database and the test's mail server."""
    environment = {
        **os.environ,
        "APP_ENV": "development",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "MAIL_SERVER": app.config["MAIL_SERVER"],
        "MAIL_PORT": str(app.config["MAIL_PORT"]),
        "JOBS_HEARTBEAT_SECONDS": "1",
        **env,
    }
    flask = os.path.join(os.path.dirname(sys.executable), "flask")
    return subprocess.Popen(
        [flask, "--app", "app", *args],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def kill_when_held(process, smtp):
    if not smtp.holding.wait(60):
        process.kill()
        output = process.communicate(timeout=10)[0].decode()
        pytest.fail("the SMTP server never got the message to hold: " + output)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=10)
    smtp.release.set()


def item_states(job_id):
    db.session.expire_all()
    items = db.session.scalars(select(JobItem).where(JobItem.job_id == job_id).order_by(JobItem.id))
    return [item.state for item in items]


def resume_and_finish(app, runner, monkeypatch):
    # The killed process left a heartbeat; a heartbeat older than 0 s counts as stopped.
    monkeypatch.setitem(app.config, "JOBS_STALE_AFTER_SECONDS", 0)
    result = runner.invoke(args=["resume-jobs"])
    assert "resumed job" in result.output, result.output
    wait_for_background_jobs()
    db.session.expire_all()


def test_killed_before_the_server_took_the_message(app, smtp, runner, monkeypatch):
    job_id = queue_batch(10, in_background=False)
    smtp.plan[5] = "hold-before-storing"
    kill_when_held(flask_process(app, "run-job", str(job_id)), smtp)

    assert item_states(job_id) == [ItemState.SENT] * 4 + [ItemState.SENDING] + [ItemState.PENDING] * 5
    assert db.session.get(Job, job_id).status == JobStatus.RUNNING

    resume_and_finish(app, runner, monkeypatch)
    job = db.session.get(Job, job_id)
    assert (job.status, job.done, job.failed) == (JobStatus.DONE, 10, 0)
    assert smtp.by_recipient() == {f"org{n}@example.org": 1 for n in range(1, 11)}
    for received in smtp.received:
        check_received(received, int(received.to.split("@")[0][3:]))


def test_killed_after_the_server_took_the_message_but_before_our_commit(app, smtp, runner, monkeypatch):
    """The one window: the repeat is the same message, with the same Message-ID."""
    job_id = queue_batch(6, in_background=False)
    smtp.plan[3] = "hold-after-storing"
    kill_when_held(flask_process(app, "run-job", str(job_id)), smtp)
    assert item_states(job_id)[2] == ItemState.SENDING

    resume_and_finish(app, runner, monkeypatch)
    assert db.session.get(Job, job_id).status == JobStatus.DONE
    counts = smtp.by_recipient()
    assert counts.pop("org3@example.org") == 2
    assert counts == {f"org{n}@example.org": 1 for n in (1, 2, 4, 5, 6)}
    first, repeat = [r for r in smtp.received if r.to == "org3@example.org"]
    assert first.data == repeat.data
    assert len({r.message["Message-ID"] for r in smtp.received}) == 6
