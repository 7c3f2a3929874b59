import pytest

from app.extensions import db
from app.jobs import registry, service
from app.jobs.registry import ItemFailed, JobCannotContinue, JobKind

KIND = "test.record"


class Crash(BaseException):
    """What a killed process looks like to the code after it: nothing runs any more."""


@pytest.fixture
def recording_kind():
    """A job kind whose items behave as job.parameters["plan"] says; returns the keys handled,
    in order. Plans: "crash" (on the first attempt), "flaky" (fails once), "bad", "down",
    "stop", "cancel" (the job is cancelled while this item is handled)."""
    handled = []

    def handle(job, item, resource):
        handled.append(item.key)
        plan = job.parameters.get("plan", {}).get(item.key)
        if plan == "crash" and item.attempts == 1:
            raise Crash()
        if plan == "flaky" and item.attempts == 1:
            raise ConnectionResetError("connection reset")
        if plan == "bad":
            raise ItemFailed("this one can never work")
        if plan == "down":
            raise ConnectionRefusedError("nobody listening")
        if plan == "stop":
            raise JobCannotContinue("wrong password")
        if plan == "cancel":
            service.cancel_job(job)

    registry.register(
        JobKind(
            name=KIND,
            label="Test kind",
            items=lambda job: job.parameters["keys"],
            handle=handle,
            describe=lambda job, keys: {key: f"item {key}" for key in keys},
        )
    )
    yield handled
    registry.unregister(KIND)


@pytest.fixture
def create_job(recording_kind):
    def make(count=5, plan=None, in_background=False, **options):
        keys = [f"k{n}" for n in range(1, count + 1)]
        parameters = {"keys": keys, "plan": plan or {}}
        job = service.create_job(
            KIND, title="งานทดสอบ", parameters=parameters, in_background=in_background, **options
        )
        db.session.commit()
        return job

    return make
