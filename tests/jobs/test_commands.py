"""flask run-job and resume-jobs."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.jobs.models import Job, JobStatus
from app.jobs.runner import run_job
from app.timeutil import utcnow
from tests.conftest import wait_for_background_jobs
from tests.jobs.conftest import Crash


def test_run_job_runs_a_queued_job_in_the_foreground(runner, create_job, recording_kind):
    job = create_job(3, plan={"k2": "bad"})
    result = runner.invoke(args=["run-job", str(job.id)])
    assert result.exit_code == 0, result.output
    assert f"job {job.id}: done — 2 of 3 done, 1 failed" in result.output
    assert recording_kind == ["k1", "k2", "k3"]


def test_run_job_resumes_a_crashed_job(runner, create_job, recording_kind):
    job = create_job(3, plan={"k2": "crash"})
    with pytest.raises(Crash):
        run_job(job.id)
    db.session.get(Job, job.id).heartbeat_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    result = runner.invoke(args=["run-job", str(job.id)])
    assert "done — 3 of 3 done" in result.output
    assert recording_kind == ["k1", "k2", "k3", "k2"]


def test_run_job_refuses_what_it_cannot_run(runner, create_job):
    assert "no job 999" in runner.invoke(args=["run-job", "999"]).output
    job = create_job(1)
    run_job(job.id)
    result = runner.invoke(args=["run-job", str(job.id)])
    assert result.exit_code == 1
    assert "is done: nothing left to run" in result.output

    busy = create_job(1)
    busy.status, busy.heartbeat_at, busy.run_token = JobStatus.RUNNING, utcnow(), "another"
    db.session.commit()
    assert "being run by another process" in runner.invoke(args=["run-job", str(busy.id)]).output


def test_resume_jobs(runner, create_job, recording_kind):
    assert "no stalled job" in runner.invoke(args=["resume-jobs"]).output
    job = create_job(2)
    job.heartbeat_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert f"resumed job {job.id} (test.record)" in runner.invoke(args=["resume-jobs"]).output
    wait_for_background_jobs()
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == JobStatus.DONE


def test_the_worker_needs_redis(runner):
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code == 1
    assert "set REDIS_URL" in result.output
