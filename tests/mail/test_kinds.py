"""A job kind that makes each message in its handler (a letter PDF per organization is too slow
to render in the request), with a Message-ID that is the same on every attempt."""

import secrets

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.jobs import registry, service
from app.jobs.models import JobStatus
from app.jobs.registry import JobKind
from app.jobs.runner import run_job
from app.mail.message import Attachment, message_id_for
from app.mail.models import MailMessage
from app.mail.service import deliver, prepare_message
from app.mail.transport import open_transport
from tests.jobs.conftest import Crash
from tests.mail.helpers import body_for, letter_for, subject_for


@pytest.fixture
def letters_kind():
    def handle(job, item, transport):
        number = int(item.key)
        message = prepare_message(
            f"org{number}@example.org",
            subject_for(number),
            body_for(number),
            attachments=[Attachment(f"หนังสือเชิญ {number}.pdf", letter_for(number))],
            reference=f"letter:{number}",
            message_id=message_id_for("test-letter", job.parameters["token"], item.key),
        )
        deliver(message, transport)
        if number == job.parameters.get("crash_after") and item.attempts == 1:
            raise Crash()

    registry.register(
        JobKind(
            "test.letters",
            "letters",
            items=lambda job: ["1", "2", "3"],
            handle=handle,
            resource=lambda job: open_transport(),
        )
    )
    yield
    registry.unregister("test.letters")


def test_made_in_the_handler_and_resumed_after_a_crash(app, smtp, letters_kind, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_STALE_AFTER_SECONDS", 0)
    parameters = {"token": secrets.token_hex(8), "crash_after": 2}
    job = service.create_job("test.letters", parameters=parameters, in_background=False)
    db.session.commit()
    with pytest.raises(Crash):
        run_job(job.id)
    assert run_job(job.id) == JobStatus.DONE

    # The crash came after the server took letter 2: it went twice, as the same Message-ID.
    assert smtp.by_recipient() == {"org1@example.org": 1, "org2@example.org": 2, "org3@example.org": 1}
    ids = [r.message["Message-ID"] for r in smtp.received if r.to == "org2@example.org"]
    assert ids[0] == ids[1] == message_id_for("test-letter", parameters["token"], "2")
    # Each letter is recorded once, as sent.
    assert db.session.scalar(select(func.count()).select_from(MailMessage)) == 3
    assert db.session.scalar(select(func.count()).where(MailMessage.sent_at.is_(None))) == 0


def test_message_ids_for_different_deliveries_differ(app):
    first = message_id_for("invitation", "token-a", "first")
    assert first == message_id_for("invitation", "token-a", "first")
    assert first != message_id_for("invitation", "token-a", "reminder")
    assert first.startswith("<") and first.endswith("@localhost>")
