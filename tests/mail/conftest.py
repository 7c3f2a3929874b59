import pytest

from tests.smtp import SmtpServer


@pytest.fixture
def smtp_server():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def smtp(app, smtp_server, monkeypatch):
    """Send through the loopback server: returns its recorder of received messages."""
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", smtp_server.port)
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 10)
    return smtp_server.recorder


@pytest.fixture
def outbox(app, tmp_path, monkeypatch):
    """Send into a fresh outbox folder: returns its path."""
    monkeypatch.setitem(app.config, "MAIL_OUTBOX_DIR", str(tmp_path / "outbox"))
    return tmp_path / "outbox"
