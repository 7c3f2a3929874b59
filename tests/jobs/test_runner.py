"""The runner's rules, with a job kind made for the tests: each item once, resumable, cancellable."""

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.jobs import registry, service
from app.jobs.models import ItemState, Job, JobItem, JobStatus
from app.jobs.registry import JobKind
from app.jobs.runner import run_job
from app.timeutil import utcnow
from tests.conftest import wait_for_background_jobs
from tests.jobs.conftest import Crash


def states(job):
    db.session.expire_all()
    items = db.session.scalars(select(JobItem).where(JobItem.job_id == job.id).order_by(JobItem.id))
    return {item.key: (item.state, item.attempts) for item in items}


def reload(job):
    db.session.expire_all()
    return db.session.get(Job, job.id)


@pytest.fixture
def stale_immediately(app, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_STALE_AFTER_SECONDS", 0)


def test_each_item_is_handled_once_and_counted(create_job, recording_kind):
    job = create_job(5)
    assert run_job(job.id) == JobStatus.DONE
    job = reload(job)
    assert recording_kind == ["k1", "k2", "k3", "k4", "k5"]
    assert (job.total, job.done, job.failed, job.percent) == (5, 5, 0, 100)
    assert job.started_at <= job.finished_at and job.run_token is None
    assert run_job(job.id) is None
    assert recording_kind == ["k1", "k2", "k3", "k4", "k5"]


def test_a_crash_is_resumed_where_it_stopped(create_job, recording_kind, stale_immediately):
    job = create_job(6, plan={"k4": "crash"})
    with pytest.raises(Crash):
        run_job(job.id)
    job = reload(job)
    assert job.status == JobStatus.RUNNING and job.is_stalled and job.can_resume
    assert states(job)["k3"] == (ItemState.SENT, 1)
    assert states(job)["k4"] == (ItemState.SENDING, 1)
    assert states(job)["k5"] == (ItemState.PENDING, 0)

    assert run_job(job.id) == JobStatus.DONE
    # k4 was in the hands of the crashed run: it is the one item handled twice.
    assert recording_kind == ["k1", "k2", "k3", "k4", "k5", "k6", "k4"]
    assert reload(job).done == 6


def test_a_job_with_a_live_runner_is_not_taken(create_job, recording_kind):
    job = create_job(3)
    job.status, job.heartbeat_at, job.run_token = JobStatus.RUNNING, utcnow(), "someone-else"
    db.session.commit()
    assert run_job(job.id) is None
    assert recording_kind == []
    assert service.stalled_jobs() == []


def test_a_failing_item_is_retried_then_given_up(app, create_job, recording_kind, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_MAX_ATTEMPTS", 2)
    job = create_job(4, plan={"k2": "flaky", "k3": "down"})
    assert run_job(job.id) == JobStatus.DONE
    assert states(job) == {
        "k1": (ItemState.SENT, 1),
        "k2": (ItemState.SENT, 2),
        "k3": (ItemState.FAILED, 2),
        "k4": (ItemState.SENT, 1),
    }
    job = reload(job)
    assert (job.done, job.failed, job.can_retry_failed) == (3, 1, True)
    [(item, description)] = service.unfinished_items(job)
    assert description == "item k3"
    assert item.error == "ConnectionRefusedError: nobody listening"


def test_an_item_that_can_never_work_fails_at_once(create_job):
    job = create_job(3, plan={"k2": "bad"})
    run_job(job.id)
    assert states(job)["k2"] == (ItemState.FAILED, 1)


def test_errors_in_a_row_stop_the_job(app, create_job, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_MAX_ERRORS_IN_A_ROW", 2)
    job = create_job(5, plan={"k2": "down", "k3": "down"})
    assert run_job(job.id) == JobStatus.FAILED
    job = reload(job)
    assert job.last_error == "ConnectionRefusedError: nobody listening"
    assert (job.done, job.failed, job.pending, job.can_resume) == (1, 0, 4, True)


def test_a_job_that_cannot_continue_stops_with_its_items_pending(create_job, recording_kind):
    job = create_job(3, plan={"k1": "stop"})
    assert run_job(job.id) == JobStatus.FAILED
    job = reload(job)
    assert job.last_error == "wrong password"
    assert states(job)["k1"] == (ItemState.PENDING, 1)
    assert recording_kind == ["k1"]


def test_cancel_stops_after_the_item_in_hand(create_job, recording_kind):
    job = create_job(5, plan={"k2": "cancel"})
    assert run_job(job.id) == JobStatus.CANCELLED
    job = reload(job)
    assert recording_kind == ["k1", "k2"]
    assert (job.done, job.pending, job.can_resume, job.can_cancel) == (2, 3, True, False)

    service.resume_job(job, in_background=False)
    db.session.commit()
    assert run_job(job.id) == JobStatus.DONE
    assert recording_kind == ["k1", "k2", "k3", "k4", "k5"]


def test_cancel_and_resume_rules(create_job):
    job = create_job(2)
    with pytest.raises(service.JobError):
        service.resume_job(job)  # queued and fresh: nothing to resume
    service.cancel_job(job)
    db.session.commit()
    with pytest.raises(service.JobError):
        service.cancel_job(job)
    with pytest.raises(service.JobError):
        service.retry_failed_items(job)


def test_retry_failed_items(create_job, recording_kind):
    job = create_job(3, plan={"k2": "bad"})
    run_job(job.id)
    job = reload(job)
    job.parameters = {"keys": job.parameters["keys"]}  # the address was corrected
    service.retry_failed_items(job)
    db.session.commit()
    wait_for_background_jobs()
    job = reload(job)
    assert recording_kind == ["k1", "k2", "k3", "k2"]
    assert (job.status, job.done, job.failed) == (JobStatus.DONE, 3, 0)


def test_stalled_jobs_are_found_and_resumed(create_job, recording_kind):
    stalled = create_job(2)
    stalled.heartbeat_at = utcnow() - timedelta(hours=1)
    fresh = create_job(2)
    db.session.commit()
    assert service.stalled_jobs() == [stalled]
    assert service.resume_stalled_jobs() == [stalled]
    db.session.commit()
    wait_for_background_jobs()
    assert reload(stalled).status == JobStatus.DONE
    assert reload(fresh).status == JobStatus.QUEUED


def test_an_unknown_kind_fails_the_job(create_job):
    job = create_job(1)
    job.kind = "nobody.registered.this"
    db.session.commit()
    assert run_job(job.id) == JobStatus.FAILED
    assert "nobody.registered.this" in reload(job).last_error


def test_a_kind_must_be_registered_to_be_queued():
    with pytest.raises(ValueError):
        service.create_job("nobody.registered.this")


def test_the_heartbeat_goes_on_during_a_long_item(app, monkeypatch, clock):
    """The item moves the clock on by an hour itself and waits for a heartbeat that carries the new
    time: no assumption that the real clock moved between two reads (a coarse or faked clock may not)."""
    monkeypatch.setitem(app.config, "JOBS_HEARTBEAT_SECONDS", 0.05)
    seen = []

    def heartbeat(job_id):
        with db.engine.connect() as connection:
            return connection.execute(select(Job.heartbeat_at).where(Job.id == job_id)).scalar()

    def slow(job, item, resource):
        seen.append(heartbeat(job.id))
        clock.shift(timedelta(hours=1))
        deadline = time.monotonic() + 60  # a bound for a broken runner, not a measure
        while heartbeat(job.id) < clock.moment + timedelta(hours=1) and time.monotonic() < deadline:
            time.sleep(0.05)
        seen.append(heartbeat(job.id))

    registry.register(JobKind("test.slow", "slow", items=lambda job: ["one"], handle=slow))
    try:
        job = service.create_job("test.slow", in_background=False)
        db.session.commit()
        assert run_job(job.id) == JobStatus.DONE
    finally:
        registry.unregister("test.slow")
    started, during = seen
    assert started < clock.moment + timedelta(hours=1) <= during
