"""Templates that exist only for the tests of the PDF base (tests/templates/pdf/)."""

import os

import pytest
from jinja2 import ChoiceLoader, FileSystemLoader

TEST_TEMPLATES = os.path.join(os.path.dirname(__file__), "..", "templates")


@pytest.fixture(scope="session", autouse=True)
def test_templates(app):
    original = app.jinja_env.loader
    app.jinja_env.loader = ChoiceLoader([original, FileSystemLoader(TEST_TEMPLATES)])
    yield
    app.jinja_env.loader = original


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
