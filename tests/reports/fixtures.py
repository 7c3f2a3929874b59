"""Fixtures of the document tests, shared with the browser tests: seated people, a finished forum, SMTP."""

import pytest


@pytest.fixture
def seated(forum):
    """Make ``count`` confirmed registrations of the forum (every ``checked_in_every``-th checked in)."""
    from app.extensions import db
    from tests.reports.people import make_organizations, seat_people

    organizations = []

    def make(count, checked_in_every=0, **options):
        if not organizations:
            organizations.extend(make_organizations())
        made = seat_people(forum, count, organizations, checked_in_every, **options)
        db.session.commit()
        return made

    return make


@pytest.fixture
def public_base_url(app, monkeypatch):
    """Links in documents (the QR codes) on a fixed address, whether made in a request or a job."""
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://forum.example.go.th")
    return "https://forum.example.go.th"


@pytest.fixture
def finished_forum(forum, clock):
    """The forum held the day before the clock's moment, 09.00–16.00 Bangkok, and marked finished:
    certificates can go out."""
    from datetime import timedelta

    from app.extensions import db
    from app.forums.models import ForumStatus

    start = clock.at(9, 0, days=-1)
    forum.starts_at, forum.ends_at, forum.status = start, start + timedelta(hours=7), ForumStatus.FINISHED
    db.session.commit()
    return forum


@pytest.fixture
def smtp(app, monkeypatch):
    """A real SMTP server on loopback that the app sends through: returns its recorder."""
    from tests.smtp import SmtpServer

    with SmtpServer() as server:
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", server.port)
        yield server.recorder
