"""Every route × every role: who gets in, and who gets 302, 401 or 403.

A new route fails here until it is given its place in ACCESS or PUBLIC.
"""

import pytest

from app.auth.models import Role

ANYONE_LOGGED_IN = {Role.ADMIN, Role.ORGANIZER, Role.CHECKIN}
STAFF = {Role.ADMIN, Role.ORGANIZER}
ADMIN = {Role.ADMIN}

#: Endpoints anybody may open, logged in or not.
PUBLIC = {
    "static",
    "main.home",
    "main.set_language",
    "main.health",
    "auth.login",
    "api.openapi_document",
}

#: The roles that may use each endpoint (by endpoint name or blueprint prefix).
ACCESS = {
    "auth.logout": ANYONE_LOGGED_IN,
    "auth.password": ANYONE_LOGGED_IN,
    "auth.profile": ANYONE_LOGGED_IN,
    "auth.revoke_token": ANYONE_LOGGED_IN,
    "admin.": ADMIN,
    "directory.booklet": STAFF,
    "directory.": STAFF,
    "api.": STAFF,
}


def allowed_roles(endpoint):
    if endpoint in ACCESS:
        return ACCESS[endpoint]
    for prefix, roles in ACCESS.items():
        if prefix.endswith(".") and endpoint.startswith(prefix):
            return roles
    return None


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


@pytest.fixture
def url_values(organization, create_user):
    user = create_user(Role.CHECKIN)
    return {"organization_id": organization.id, "user_id": user.id, "token_id": 1}


def test_every_route_has_an_access_rule(app):
    missing = sorted({rule.endpoint for rule, _ in routes(app) if allowed_roles(rule.endpoint) is None})
    assert missing == []


@pytest.mark.parametrize("role", [None, Role.ADMIN, Role.ORGANIZER, Role.CHECKIN])
def test_role_matrix(app, client, login_as, url_values, role):
    if role is not None:
        login_as(role)
    wrong = []
    for rule, method in routes(app):
        url = rule.build({k: url_values[k] for k in rule.arguments}, append_unknown=False)[1]
        allowed = allowed_roles(rule.endpoint)
        is_api = url.startswith("/api/")
        if role is None:
            expected = {401} if is_api else {302}
        elif role not in allowed:
            expected = {403}
        elif method == "GET":
            expected = {200, 302}
        else:
            continue  # writes by permitted roles are tested where their rules are
        status = client.open(url, method=method, json={} if is_api and method != "GET" else None).status_code
        if status not in expected:
            wrong.append(f"{method} {url}: {status}, expected {sorted(expected)}")
        if role is None and not is_api and status == 302:
            location = client.open(url, method=method).headers["Location"]
            if not location.startswith("/login"):
                wrong.append(f"{method} {url}: redirects to {location}, not to the login page")
    assert wrong == []
