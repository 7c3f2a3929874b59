"""Passwords: common ones refused, unknown addresses answered after the same hashing, attempts
limited per account as well as per address."""

import pytest

from app import create_app
from app.auth import service
from app.auth.models import Role, User
from tests.conftest import PASSWORD


def test_a_common_password_is_refused(create_user):
    with pytest.raises(service.AccountError):
        service.create_user("someone@example.org", Role.ORGANIZER, password="Password123")
    user = create_user(Role.ORGANIZER)
    with pytest.raises(service.AccountError):
        service.change_password(user, "qwertyuiop")
    service.change_password(user, "ม้าลายกินหญ้าริมน้ำ")


def test_the_product_hashes_passwords_with_scrypt_and_still_checks_older_hashes(create_user):
    made_by_the_suite = create_user(Role.ORGANIZER).password_hash
    production = create_app(
        "production",
        {
            "SECRET_KEY": "x" * 32,
            "PUBLIC_BASE_URL": "https://forum.example.go.th",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
        },
    )
    with production.app_context():
        user = User(email="someone@example.org", role=Role.ORGANIZER)
        user.set_password("ม้าลายกินหญ้าริมน้ำ")
        assert user.password_hash.startswith("scrypt:")
        assert user.check_password("ม้าลายกินหญ้าริมน้ำ")
        assert not user.check_password("ม้าลายกินหญ้า")
        user.password_hash = made_by_the_suite
        assert user.check_password(PASSWORD)


def test_an_unknown_address_is_hashed_like_a_known_one(create_user, monkeypatch):
    user = create_user(Role.ORGANIZER)
    checked = []
    real = service.check_password_hash
    monkeypatch.setattr(service, "check_password_hash", lambda *a: checked.append(a) or real(*a))
    assert service.authenticate("nobody@example.org", "whatever-it-is") is None
    assert len(checked) == 1
    assert service.authenticate(user.email, PASSWORD) is user


def test_attempts_are_limited_per_account_from_many_addresses(app, client, create_user, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    user = create_user(Role.ORGANIZER)
    answers = [
        client.post(
            "/login",
            data={"email": user.email, "password": "wrong-wrong"},
            environ_base={"REMOTE_ADDR": f"10.0.0.{n}"},
        ).status_code
        for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    other = client.post(
        "/login", data={"email": "x@example.org", "password": "w"}, environ_base={"REMOTE_ADDR": "10.0.0.9"}
    )
    assert other.status_code == 200  # another account from another address is not held up
