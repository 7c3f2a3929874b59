"""What every operation of the API shares: status codes with their headers, bad query values, JSON."""

import pytest

from app.auth import service as auth_service
from app.auth.models import Role
from app.extensions import db


@pytest.fixture
def api(client, create_user):
    token = auth_service.create_token(create_user(Role.ORGANIZER))
    db.session.commit()

    def call(method, url, **kwargs):
        return client.open(url, method=method, headers={"Authorization": f"Bearer {token}"}, **kwargs)

    return call


def test_a_405_lists_the_allowed_methods(api, organization):
    response = api("DELETE", f"/api/v1/organizations/{organization.id}")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "PATCH"}
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_a_401_names_the_bearer_scheme(client):
    response = client.get("/api/v1/organizations")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/organizations/99999999999"),
        ("PATCH", "/api/v1/organizations/99999999999"),
        ("PATCH", "/api/v1/forums/99999999999"),
        ("POST", "/api/v1/forums/99999999999/registrations"),
        ("POST", "/api/v1/registrations/99999999999/cancel"),
        ("PATCH", "/api/v1/notes/2147483648"),
    ],
)
def test_ids_no_row_can_have_are_404(api, method, path):
    response = api(method, path, json={})
    assert response.status_code == 404, response.get_data(as_text=True)


def test_thai_comes_as_is_in_json(api, organization):
    response = api("GET", f"/api/v1/organizations/{organization.id}")
    assert organization.name.encode() in response.data
    assert b"\\u0e" not in response.data


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("organizations?kind=club", "kind"),
        ("organizations?status=asleep", "status"),
        ("organizations?sort=age", "sort"),
        ("organizations?stale=maybe", "stale"),
        ("organizations?per_page=0", "per_page"),
        ("organizations?page=abc", "page"),
        ("organizations/export?format=pdf", "format"),
        ("forums?fiscal_year=abc", "fiscal_year"),
        ("forums?when=tomorrow", "when"),
        ("forums?status=sleeping", "status"),
        ("action-items?owner=org:99999999999", "owner"),
        ("action-items?owner=org:²", "owner"),
        ("action-items?status=maybe", "status"),
        ("action-items?overdue=2", "overdue"),
    ],
)
def test_a_bad_query_value_is_a_400_naming_it(api, query, field):
    response = api("GET", f"/api/v1/{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], set(error["fields"])) == ("bad_query", {field})


@pytest.mark.parametrize(
    "query", ["notes?category=gossip", "registrations?status=maybe", "invitations?status=x"]
)
def test_a_bad_query_value_of_a_forums_list_is_a_400_too(api, forum, query):
    response = api("GET", f"/api/v1/forums/{forum.id}/{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_query"


def test_fields_map_a_field_to_a_message_and_ids_go_beside(api, organization):
    organization.certification_no = "7/2561"
    db.session.commit()
    response = api(
        "POST", "/api/v1/organizations", json={"name": "อื่น", "kind": "other", "certification_no": "7/2561"}
    )
    error = response.get_json()["error"]
    assert response.status_code == 409 and error["organization_id"] == organization.id
    assert (
        list(error["fields"]) == ["certification_no"] and "already has" in error["fields"]["certification_no"]
    )
