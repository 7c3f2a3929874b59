"""With Redis: jobs go through an RQ queue to a worker (the real Redis at 127.0.0.1:6379).

The tests use Redis database 15 and a queue of their own, and delete only the keys they made.
"""

import uuid

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from rq import Queue, SimpleWorker

from app.extensions import db
from app.jobs.models import Job, JobStatus
from tests.mail.helpers import check_received, queue_batch
from tests.mail.test_crash import flask_process, kill_when_held

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def rq_queue(app, monkeypatch):
    name = f"test-jobs-{uuid.uuid4().hex}"
    connection = Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except RedisConnectionError:
        pytest.fail("Redis is not running at 127.0.0.1:6379 (CI starts it in .ci/run)")
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    monkeypatch.setitem(app.config, "JOBS_BACKEND", "rq")
    monkeypatch.setitem(app.config, "JOBS_QUEUE", name)
    yield Queue(name, connection=connection)
    forget_queue(connection, name)
    connection.close()


def forget_queue(connection, name):
    """Delete the keys of this queue, of its RQ jobs and of the workers that served it."""
    ours = set(connection.scan_iter(f"*{name}*"))
    for pattern, field in (("rq:job:*", "origin"), ("rq:worker:*", "queues")):
        for key in connection.scan_iter(pattern):
            if connection.type(key) == b"hash" and connection.hget(key, field) == name.encode():
                ours |= {key, *connection.scan_iter(f"*{key.decode().rpartition(':')[2]}*")}
                connection.srem("rq:workers", key)
    connection.srem("rq:queues", f"rq:queue:{name}")
    if ours:
        connection.delete(*ours)


def test_the_job_waits_in_redis_until_a_worker_takes_it(app, smtp, rq_queue):
    job_id = queue_batch(12)
    assert rq_queue.count == 1
    [rq_job] = rq_queue.jobs
    assert rq_job.args == (job_id,)  # the RQ job carries only our Job's id
    assert db.session.get(Job, job_id).status == JobStatus.QUEUED
    assert smtp.received == []

    SimpleWorker([rq_queue], connection=rq_queue.connection, name=f"{rq_queue.name}-worker").work(burst=True)

    db.session.expire_all()
    job = db.session.get(Job, job_id)
    assert (job.status, job.done) == (JobStatus.DONE, 12)
    assert smtp.by_recipient() == {f"org{n}@example.org": 1 for n in range(1, 13)}
    for received in smtp.received:
        check_received(received, int(received.to.split("@")[0][3:]))


def test_the_worker_command_resumes_a_crashed_job_and_works_the_queue(app, smtp, rq_queue, monkeypatch):
    crashed = queue_batch(5, in_background=False)
    smtp.plan[3] = "hold-before-storing"
    kill_when_held(flask_process(app, "run-job", str(crashed)), smtp)
    queued = queue_batch(4)
    assert rq_queue.count == 1

    worker = flask_process(
        app,
        "worker",
        "--burst",
        REDIS_URL=REDIS_URL,
        JOBS_QUEUE=rq_queue.name,
        JOBS_STALE_AFTER_SECONDS="0",
    )
    output = worker.communicate(timeout=120)[0].decode()
    assert worker.returncode == 0, output
    assert f"resumed job {crashed}" in output

    db.session.expire_all()
    assert db.session.get(Job, crashed).status == JobStatus.DONE
    assert db.session.get(Job, queued).status == JobStatus.DONE
    # 5 + 4 recipients, org1–org4 in both batches; the held message was never accepted.
    assert smtp.by_recipient() == {
        "org1@example.org": 2,
        "org2@example.org": 2,
        "org3@example.org": 2,
        "org4@example.org": 2,
        "org5@example.org": 1,
    }


def test_a_redis_that_is_down_leaves_the_job_queued_to_be_resumed(app, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/15")
    monkeypatch.setitem(app.config, "JOBS_BACKEND", "rq")
    job_id = queue_batch(2)
    assert db.session.get(Job, job_id).status == JobStatus.QUEUED
    assert "flask resume-jobs" in caplog.text
