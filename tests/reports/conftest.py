"""Templates that exist only for the tests of the PDF base (tests/templates/pdf/); the documents' fixtures."""

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


from tests.reports.fixtures import finished_forum, public_base_url, seated, smtp  # noqa: E402,F401
