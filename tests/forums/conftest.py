import pytest

from app.extensions import db
from app.forums import invitations as inv
from tests.smtp import SmtpServer


@pytest.fixture
def smtp(app, monkeypatch):
    with SmtpServer() as server:
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", server.port)
        monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 10)
        yield server.recorder


@pytest.fixture
def invited(forum, create_organization):
    """Three invitations: two addresses, one address that the server refuses, no address at all."""
    two = create_organization(
        name="มูลนิธิสองที่อยู่",
        email="office@two.example.org",
        contacts=[{"name": "นางสาวหนึ่ง", "email": "Chair@Two.example.org"}],
    )
    refused = create_organization(name="สมาคมที่อยู่ผิด", email="nobody@refused.example")
    silent = create_organization(name="ชมรมไม่มีอีเมล", phone="055123456")
    invitations = inv.invite_organizations(forum, [two, refused, silent], seats=2)
    db.session.commit()
    return invitations
