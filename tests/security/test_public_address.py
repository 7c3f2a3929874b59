"""Production knows its public address: links e-mailed to people never take a client's Host header."""

import email
import email.policy

import pytest

from app import ConfigurationError, create_app
from app.extensions import db
from tests.conftest import wait_for_background_jobs
from tests.registration.conftest import person

PUBLIC = "https://forum.example.go.th"


def _production(app, tmp_path, **settings):
    """A production app on the test database, mail to a folder of the test's own."""
    overrides = {
        "SECRET_KEY": "production-test-secret",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
        "MAIL_SERVER": None,
        "JOBS_BACKEND": "thread",
        "RATELIMIT_STORAGE_URI": "memory://",
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        **settings,
    }
    return create_app("production", overrides)


def test_production_refuses_to_start_without_a_public_address_or_trusted_hosts(app, tmp_path, monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    with pytest.raises(ConfigurationError, match="PUBLIC_BASE_URL or TRUSTED_HOSTS"):
        _production(app, tmp_path, PUBLIC_BASE_URL=None, TRUSTED_HOSTS=None)
    _production(app, tmp_path, PUBLIC_BASE_URL=PUBLIC)
    _production(app, tmp_path, TRUSTED_HOSTS=["forum.example.go.th"])


def test_a_ticket_emailed_after_a_forged_host_links_to_the_public_address(app, tmp_path, forum):
    production = _production(app, tmp_path, PUBLIC_BASE_URL=PUBLIC)
    client = production.test_client()
    data = {**person(email="someone@example.net"), "privacy_ack": "y", "dietary": "none"}
    response = client.post(f"/f/{forum.public_code}/register", data=data, headers={"Host": "evil.example"})
    assert response.status_code == 302, response.get_data(as_text=True)
    with production.app_context():
        wait_for_background_jobs()
        db.session.remove()
    [eml] = (tmp_path / "outbox").glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    text = message.get_body(("plain",)).get_content()
    assert f"{PUBLIC}/t/" in text
    assert "evil.example" not in eml.read_bytes().decode("utf-8", "replace")


def test_trusted_hosts_refuse_another_host(app, tmp_path):
    production = _production(app, tmp_path, TRUSTED_HOSTS=["forum.example.go.th"])
    client = production.test_client()
    assert client.get("/login", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/login", headers={"Host": "forum.example.go.th"}).status_code == 200
