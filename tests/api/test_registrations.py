import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.forums import invitations as forum_invitations
from app.forums import service as forum_service
from app.registration.models import Registration
from tests.registration.conftest import person


def test_register_list_and_cancel_with_the_waitlist_moving_up(api, forum):
    forum.capacity = 1
    db.session.commit()
    url = f"/api/v1/forums/{forum.id}/registrations"
    first = api("POST", url, json=person(phone="+66 81 234 5678", email="a@example.org"))
    assert first.status_code == 201
    body = first.get_json()
    assert (
        body["status"] == "confirmed" and body["phone"] == "0812345678" and body["waitlist_position"] is None
    )
    assert body["ticket_url"] == f"http://localhost/t/{body['ticket_code']}"
    second = api("POST", url, json=person()).get_json()
    assert (second["status"], second["waitlist_position"]) == ("waitlisted", 1)
    listed = api("GET", url + "?status=waitlisted").get_json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == second["id"]
    cancelled = api("POST", f"/api/v1/registrations/{body['id']}/cancel").get_json()
    assert cancelled["status"] == "cancelled" and [p["id"] for p in cancelled["promoted"]] == [second["id"]]
    assert api("GET", f"/api/v1/registrations/{second['id']}").get_json()["status"] == "confirmed"
    assert forum_service.forum_counts(forum)["confirmed"] == 1
    forum_json = api("GET", f"/api/v1/forums/{forum.id}").get_json()
    assert {k: forum_json["counts"][k] for k in ("confirmed", "waitlisted", "cancelled")} == {
        "confirmed": 1,
        "waitlisted": 0,
        "cancelled": 1,
    }


def test_a_duplicate_is_409_with_the_existing_registrations_id(api, forum):
    url = f"/api/v1/forums/{forum.id}/registrations"
    existing = api("POST", url, json=person(phone="0899999999")).get_json()
    response = api("POST", url, json=person(phone="089-999-9999"))
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "already_registered" and error["registration_id"] == existing["id"]


def test_invalid_fields_are_422_and_the_quota_is_409(api, forum, organization):
    url = f"/api/v1/forums/{forum.id}/registrations"
    response = api("POST", url, json={"first_name": "สมชาย", "phone": "12", "dietary": "halal"})
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"last_name", "phone", "sensitive_data"}
    invitation = forum_invitations.invite_organizations(forum, [organization], seats=1)[0]
    db.session.commit()
    assert api("POST", url, json={**person(), "invitation_id": invitation.id}).status_code == 201
    response = api("POST", url, json={**person(), "invitation_id": invitation.id})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "quota_exceeded"
    assert api("POST", url, json={**person(), "invitation_id": 99999}).status_code == 422


def test_a_cancelled_forum_takes_no_registration(api, create_forum):
    cancelled = create_forum(status="cancelled")
    response = api("POST", f"/api/v1/forums/{cancelled.id}/registrations", json=person())
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "registration_closed"


def test_bad_requests(api, forum):
    url = f"/api/v1/forums/{forum.id}/registrations"
    assert api("GET", url + "?status=nonsense").status_code == 400
    assert api("POST", url, data="x").status_code == 415
    assert api("POST", "/api/v1/forums/99999/registrations", json=person()).status_code == 404
    assert api("POST", "/api/v1/registrations/99999/cancel").status_code == 404


def test_openapi_describes_the_registration_paths(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert {"/forums/{id}/registrations", "/registrations/{id}", "/registrations/{id}/cancel"} <= set(
        document["paths"]
    )
    assert "Registration" in document["components"]["schemas"]
    assert "409" in document["paths"]["/forums/{id}/registrations"]["post"]["responses"]


@pytest.mark.parametrize(
    "field, value",
    [("first_name", 0), ("first_name", None), ("prefix", None), ("position", 7), ("phone", 812345678)],
)
def test_null_or_a_number_for_text_is_422_naming_the_field(api, forum, field, value):
    response = api("POST", f"/api/v1/forums/{forum.id}/registrations", json={**person(), field: value})
    assert response.status_code == 422 and set(response.get_json()["error"]["fields"]) == {field}
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0


def test_the_create_schema_is_the_tables(client):
    document = client.get("/api/v1/openapi.json").get_json()
    post = document["paths"]["/forums/{id}/registrations"]["post"]
    assert post["requestBody"]["required"] is True
    assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("RegistrationCreate")
    schemas = document["components"]["schemas"]
    assert schemas["RegistrationCreate"]["properties"]["phone"]["pattern"].startswith("^")
    assert schemas["RegistrationCreate"]["properties"]["last_name"]["minLength"] == 1
    walk_in = schemas["WalkIn"]
    assert walk_in["required"] == ["first_name", "last_name", "phone"] and "nonce" in walk_in["properties"]
    assert "invitation_id" not in walk_in["properties"]
    assert set(schemas["Registration"]["required"]) == set(schemas["Registration"]["properties"])
