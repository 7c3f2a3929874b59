"""Sessions end when they should: logging out everywhere, a password changed or reset; a one-time
password is changed first; a bearer token wins over a cookie and a bad one authenticates nobody."""

import pytest

from app.auth import service
from app.auth.models import Role
from app.extensions import db
from tests.conftest import PASSWORD

NEW_PASSWORD = "a-new-longer-passphrase-7"


def _log_in(app, user, password=PASSWORD, remember=True):
    """A browser of its own, logged in as the user (with a remember-me cookie)."""
    browser = app.test_client()
    data = {"email": user.email, "password": password}
    if remember:
        data["remember"] = "y"
    assert browser.post("/login", data=data).status_code == 302
    return browser


def _copy(app, browser, *names):
    """Another browser holding copies of these cookies, as a thief or a forgotten device would."""
    other = app.test_client()
    for name in names:
        cookie = browser.get_cookie(name)
        assert cookie is not None, name
        other.set_cookie(name, cookie.value)
    return other


def _in(browser):
    return browser.get("/directory/").status_code == 200


@pytest.fixture
def organizer(create_user):
    return create_user(Role.ORGANIZER)


def test_logging_out_everywhere_ends_copies_of_the_session_and_remember_cookies(app, organizer):
    browser = _log_in(app, organizer)
    session_copy = _copy(app, browser, "session")
    remember_copy = _copy(app, browser, "remember_token")
    assert _in(session_copy) and _in(remember_copy)
    assert browser.post("/logout/everywhere").status_code == 302
    assert not _in(browser)
    assert not _in(session_copy)
    assert not _in(remember_copy)
    assert _in(_log_in(app, organizer))  # logging in again works


def test_an_admins_password_reset_ends_the_users_sessions(app, organizer, login_as, client):
    browser = _log_in(app, organizer)
    remember_copy = _copy(app, browser, "remember_token")
    login_as(Role.ADMIN)
    assert client.post(f"/admin/users/{organizer.id}/reset-password").status_code == 302
    assert not _in(browser) and not _in(remember_copy)


def test_changing_ones_password_ends_the_other_sessions_and_keeps_this_one(app, organizer):
    browser = _log_in(app, organizer)
    elsewhere = _log_in(app, organizer)
    response = browser.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert _in(browser)
    assert not _in(elsewhere)
    assert _in(_copy(app, browser, "remember_token"))  # this browser's new remember-me cookie works


def test_a_one_time_password_must_be_changed_before_anything_else(app, runner):
    result = runner.invoke(args=["create-user", "new@example.org", "--role", "organizer"])
    assert result.exit_code == 0, result.output
    one_time = result.output.split("One-time password: ")[1].strip()
    browser = app.test_client()
    response = browser.post("/login", data={"email": "new@example.org", "password": one_time})
    assert response.headers["Location"] == "/account/password"
    for path in ("/", "/directory/", "/forums/", "/account"):
        assert browser.get(path).headers.get("Location") == "/account/password", path
    api = browser.get("/api/v1/forums")
    assert api.status_code == 403 and api.json["error"]["code"] == "password_change_required"
    assert browser.get("/account/password").status_code == 200
    response = browser.post(
        "/account/password",
        data={"current_password": one_time, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert _in(browser) and browser.get("/api/v1/forums").status_code == 200


def test_the_first_admins_one_time_password_must_be_changed_too(app, runner, monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("ADMIN_EMAIL", "first@example.org")
    result = runner.invoke(args=["ensure-admin"])
    one_time = result.output.split("): ")[1].strip()
    browser = app.test_client()
    browser.post("/login", data={"email": "first@example.org", "password": one_time})
    assert browser.get("/admin/users").headers.get("Location") == "/account/password"


def test_a_bearer_token_wins_over_the_session_cookie(app, create_user, login_as, client):
    login_as(Role.ORGANIZER)
    door = create_user(Role.CHECKIN)
    token = service.create_token(door)
    db.session.commit()
    assert client.get("/api/v1/organizations").status_code == 200  # the organizer's cookie
    as_door = client.get("/api/v1/organizations", headers={"Authorization": f"Bearer {token}"})
    assert as_door.status_code == 403  # the check-in role of the token may not
    bad = client.get("/api/v1/organizations", headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401


def test_a_bad_token_does_not_let_a_cookie_write_without_the_csrf_token(app, login_as, client, monkeypatch):
    login_as(Role.ORGANIZER)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    body = {"name": "มูลนิธิที่ไม่ควรเกิด", "kind": "public_benefit"}
    response = client.post("/api/v1/organizations", json=body, headers={"Authorization": "Bearer forged"})
    assert response.status_code == 401
    assert client.post("/api/v1/organizations", json=body).status_code == 400  # the cookie alone: CSRF
    assert client.get("/api/v1/organizations?q=ที่ไม่ควรเกิด").json["total"] == 0


def test_a_valid_token_writes_without_the_csrf_token(app, create_user, client, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    token = service.create_token(create_user(Role.ORGANIZER))
    db.session.commit()
    body = {"name": "มูลนิธิด้วยโทเคน", "kind": "public_benefit"}
    response = client.post("/api/v1/organizations", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201
