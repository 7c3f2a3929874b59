"""Helpers of the registration tests: a person's form data and registering them through the service."""

import email
import email.policy
import itertools

import pytest

from app.extensions import db
from app.registration import service
from app.registration.fields import parse_registration
from app.registration.questions import questions_of
from tests.conftest import wait_for_background_jobs
from tests.smtp import SmtpServer

_numbers = itertools.count(1)


def person(**overrides):
    """Outside data of one person, as a form or the API sends it; each call has its own phone number."""
    n = next(_numbers)
    body = {
        "prefix": "นาย",
        "first_name": f"สมชาย{n}",
        "last_name": "ใจดี",
        "position": "ประธาน",
        "phone": f"08{n:08d}",
        "email": "",
    }
    body.update(overrides)
    return body


@pytest.fixture
def register():
    """Register a person for a forum through the service and commit, as a request would."""

    def make(forum, invitation=None, commit=True, **overrides):
        data = parse_registration(person(**overrides), questions_of(forum))
        registration = service.register(forum, data, invitation)
        if commit:
            db.session.commit()
        return registration

    return make


@pytest.fixture
def outbox(app, tmp_path, monkeypatch):
    """The folder the e-mails go to in this test; `outbox.messages()` waits for the sending and reads them."""
    monkeypatch.setitem(app.config, "MAIL_OUTBOX_DIR", str(tmp_path / "outbox"))
    return Outbox(tmp_path / "outbox")


class Outbox:
    def __init__(self, folder):
        self.folder = folder

    def messages(self):
        """Every e-mail sent so far, once the background jobs are done, by recipient."""
        wait_for_background_jobs()
        found = {}
        for path in sorted(self.folder.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            found.setdefault(message["To"].addresses[0].addr_spec, []).append(message)
        return found


@pytest.fixture
def smtp(app, monkeypatch):
    """A real SMTP server on loopback that the app sends through: returns its recorder."""
    with SmtpServer() as server:
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", server.port)
        yield server.recorder
