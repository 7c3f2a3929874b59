"""Helpers of the registration tests: a person's form data and registering them through the service."""

import itertools

import pytest

from app.extensions import db
from app.registration import service
from app.registration.fields import parse_registration
from app.registration.questions import questions_of

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
def outbox(app, tmp_path):
    """The folder the e-mails go to, for this test."""
    app.config["MAIL_OUTBOX_DIR"] = str(tmp_path / "outbox")
    yield tmp_path / "outbox"
    app.config.pop("MAIL_OUTBOX_DIR")
