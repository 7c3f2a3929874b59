import pytest

from app.auth.models import Role
from app.extensions import db
from tests.conftest import PASSWORD


def test_login_and_logout(client, create_user):
    user = create_user(Role.ORGANIZER)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/directory/").status_code == 200
    client.post("/logout")
    assert client.get("/directory/").status_code == 302


def test_wrong_password_says_so(client, create_user):
    user = create_user(Role.ORGANIZER)
    response = client.post("/login", data={"email": user.email, "password": "nope-nope"})
    assert response.status_code == 200
    assert client.get("/directory/").status_code == 302


def test_inactive_user_cannot_log_in(client, create_user):
    user = create_user(Role.ORGANIZER, active=False)
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert client.get("/directory/").status_code == 302


def test_deactivated_user_is_logged_out_at_next_request(client, login_as):
    user = login_as(Role.ORGANIZER)
    user.active = False
    db.session.commit()
    assert client.get("/directory/").status_code == 302


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/directory/?q=x", "/directory/?q=x"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_after_login_accepts_only_local_paths(client, create_user, target, expected):
    user = create_user(Role.ORGANIZER)
    response = client.post(
        "/login", query_string={"next": target}, data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == expected


def test_a_logged_in_user_following_a_login_link_goes_where_it_leads(client, login_as):
    login_as(Role.CHECKIN)
    assert client.get("/login?next=/forums/7/checkin").headers["Location"] == "/forums/7/checkin"
    assert client.get("/login?next=//evil.example/").headers["Location"] == "/"
    assert client.get("/login").headers["Location"] == "/"


def test_one_time_password_must_be_changed(client, create_user):
    user = create_user(Role.ORGANIZER, must_change_password=True)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account/password"
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "a-new-secret-1", "confirm": "a-new-secret-1"},
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert not user.must_change_password
    assert user.check_password("a-new-secret-1")


def test_login_is_rate_limited(app, client, create_user, monkeypatch):
    user = create_user(Role.ORGANIZER)
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "10 per minute")
    statuses = [
        client.post("/login", data={"email": user.email, "password": "wrong-wrong"}).status_code
        for _ in range(12)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]


def test_admin_adds_a_user_with_a_one_time_password(client, login_as):
    login_as(Role.ADMIN)
    response = client.post(
        "/admin/users", data={"email": "new.staff@example.org", "name": "สมศรี", "role": "checkin"}
    )
    assert response.status_code == 302
    page = client.get("/admin/users").get_data(as_text=True)
    assert "new.staff@example.org" in page


def test_admin_deactivates_and_resets(client, login_as, create_user):
    login_as(Role.ADMIN)
    other = create_user(Role.ORGANIZER)
    client.post(f"/admin/users/{other.id}", data={"name": "x", "role": "checkin"})
    db.session.refresh(other)
    assert other.role == Role.CHECKIN and not other.active
    client.post(f"/admin/users/{other.id}/reset-password")
    db.session.refresh(other)
    assert other.must_change_password


def test_cli_create_user_and_token(runner):
    result = runner.invoke(args=["create-user", "cli@example.org", "--role", "checkin"])
    assert result.exit_code == 0, result.output
    assert "One-time password" in result.output
    result = runner.invoke(args=["create-token", "cli@example.org"])
    assert result.exit_code == 0
    token = result.output.strip()
    assert len(token) >= 40


def test_bearer_token_opens_the_api(client, runner, create_user):
    user = create_user(Role.ORGANIZER)
    token = runner.invoke(args=["create-token", user.email]).output.strip()
    response = client.get("/api/v1/organizations", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert client.get("/api/v1/organizations", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_session_cookie_writes_to_the_api_need_the_csrf_token(app, client, login_as):
    login_as(Role.ORGANIZER)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/api/v1/organizations", json={"name": "x", "kind": "other"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
