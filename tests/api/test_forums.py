import pytest

from app.extensions import db
from app.forums.models import Forum, ForumStatus

BODY = {
    "title": "เวทีสมัชชาองค์กรสวัสดิการชุมชน จังหวัดพิษณุโลก",
    "kind": "forum",
    "starts_at": "2018-10-25T10:00:00+07:00",
    "ends_at": "2018-10-25T16:00:00+07:00",
    "venue": {
        "name": "โรงแรมเรือนแพ รอยัล ปาร์ค",
        "address": "ถนนวังจันทน์",
        "map_url": "https://maps.app.goo.gl/x",
    },
    "capacity": 110,
    "seats_per_organization": 1,
    "target_kinds": ["public_benefit", "community_welfare"],
}


def test_create_read_and_list_a_forum(api):
    response = api("POST", "/api/v1/forums", json=BODY)
    assert response.status_code == 201, response.get_json()
    forum = response.get_json()
    assert (
        forum["starts_at"] == "2018-10-25T10:00:00+07:00" and forum["ends_at"] == "2018-10-25T16:00:00+07:00"
    )
    assert forum["status"] == "draft" and forum["venue"]["name"] == "โรงแรมเรือนแพ รอยัล ปาร์ค"
    code = db.session.get(Forum, forum["id"]).public_code
    assert forum["registration_url"] == f"http://localhost/f/{code}/register"
    assert forum["public_url"] == f"http://localhost/f/{code}"
    assert forum["counts"] == {"invited": 0, "confirmed": 0, "waitlisted": 0, "cancelled": 0, "checked_in": 0}
    assert len(forum["organizer_ids"]) == 1
    assert api("GET", f"/api/v1/forums/{forum['id']}").get_json() == forum
    listed = api("GET", "/api/v1/forums?fiscal_year=2562").get_json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == forum["id"]
    assert api("GET", "/api/v1/forums?fiscal_year=2561").get_json()["total"] == 0


def test_times_in_utc_or_without_offset_are_understood(api):
    body = {**BODY, "starts_at": "2018-10-25T03:00:00Z", "ends_at": "2018-10-25T16:00:00"}
    forum = api("POST", "/api/v1/forums", json=body).get_json()
    assert (forum["starts_at"], forum["ends_at"]) == (
        "2018-10-25T10:00:00+07:00",
        "2018-10-25T16:00:00+07:00",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"kind": "party"}, "kind"),
        ({"starts_at": "25/10/2561"}, "starts_at"),
        ({"ends_at": "2018-10-25T09:00:00+07:00"}, "ends_at"),
        ({"capacity": "many"}, "capacity"),
        ({"capacity": 0}, "capacity"),
        ({"venue": 5}, "venue"),
        ({"venue": {"name": "x", "map_url": "ftp://x"}}, "venue"),
        ({"target_kinds": ["aliens"]}, "target_kinds"),
        ({"organizer_ids": [99999]}, "organizer_ids"),
    ],
)
def test_invalid_forum_is_422_naming_the_field(api, changes, field):
    response = api("POST", "/api/v1/forums", json={**BODY, **changes})
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Forum)) == 0


def test_missing_fields_are_422(api):
    response = api("POST", "/api/v1/forums", json={"title": "x"})
    assert response.status_code == 422
    assert {"starts_at", "ends_at", "venue", "capacity"} <= set(response.get_json()["error"]["fields"])


def test_patch_details_and_status(api, create_forum):
    forum = create_forum()
    response = api("PATCH", f"/api/v1/forums/{forum.id}", json={"capacity": 120, "status": "open"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["capacity"] == 120 and response.get_json()["status"] == "open"
    response = api("PATCH", f"/api/v1/forums/{forum.id}", json={"status": "draft", "capacity": 130})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "illegal_transition"
    forum = db.session.get(Forum, forum.id)
    assert forum.status == ForumStatus.OPEN and forum.capacity == 120
    assert api("PATCH", f"/api/v1/forums/{forum.id}", json={"status": "gone"}).status_code == 422
    cancelled = api(
        "PATCH", f"/api/v1/forums/{forum.id}", json={"status": "cancelled", "cancel_reason": "ฝนตก"}
    )
    assert cancelled.get_json()["status"] == "cancelled"
    assert db.session.get(Forum, forum.id).cancel_reason == "ฝนตก"


def test_the_certificate_rule_is_read_and_patched(api, create_forum):
    forum = create_forum()
    assert api("GET", f"/api/v1/forums/{forum.id}").get_json()["certificate_rule"] == "any_day"
    response = api("PATCH", f"/api/v1/forums/{forum.id}", json={"certificate_rule": "every_day"})
    assert response.status_code == 200 and response.get_json()["certificate_rule"] == "every_day"
    assert db.session.get(Forum, forum.id).certificate_rule == "every_day"
    refused = api("PATCH", f"/api/v1/forums/{forum.id}", json={"certificate_rule": "most_days"})
    assert refused.status_code == 422 and "certificate_rule" in refused.get_json()["error"]["fields"]
    created = api("POST", "/api/v1/forums", json={**BODY, "certificate_rule": "every_day"})
    assert created.status_code == 201 and created.get_json()["certificate_rule"] == "every_day"


def test_unknown_forum_is_404(api):
    for method, url in [
        ("GET", "/api/v1/forums/999"),
        ("PATCH", "/api/v1/forums/999"),
        ("GET", "/api/v1/forums/999/invitations"),
        ("POST", "/api/v1/forums/999/invitations"),
    ]:
        response = api(method, url, json={} if method != "GET" else None)
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_invite_list_and_409_for_an_organization_invited_twice(api, forum, create_organization):
    a, b = create_organization(name="ก"), create_organization(name="ข")
    response = api(
        "POST", f"/api/v1/forums/{forum.id}/invitations", json={"organization_ids": [a.id, b.id], "seats": 2}
    )
    assert response.status_code == 201
    made = response.get_json()
    assert [(i["organization_id"], i["seats"], i["status"]) for i in made] == [
        (a.id, 2, "not_sent"),
        (b.id, 2, "not_sent"),
    ]
    assert all(i["url"].startswith("http://localhost/i/") and len(i["url"]) > 40 for i in made)
    assert set(made[0]) >= {"id", "organization_id", "seats", "status", "url"}
    again = api("POST", f"/api/v1/forums/{forum.id}/invitations", json={"organization_ids": [b.id]})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_invited"
    assert again.get_json()["error"]["invitations"] == [{"organization_id": b.id, "id": made[1]["id"]}]
    assert set(again.get_json()["error"]["fields"]) == {"organization_ids"}
    listed = api("GET", f"/api/v1/forums/{forum.id}/invitations?per_page=1&page=2").get_json()
    assert listed["total"] == 2 and [i["organization_id"] for i in listed["items"]] == [b.id]
    assert api("GET", f"/api/v1/forums/{forum.id}").get_json()["counts"]["invited"] == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"organization_ids": None}, "organization_ids"),
        ({"organization_ids": []}, "organization_ids"),
        ({"organization_ids": "1,2"}, "organization_ids"),
        ({"organization_ids": [999]}, "organization_ids"),
        ({"organization_ids": ["ORG"]}, "organization_ids"),
        ({"seats": 0}, "seats"),
        ({"seats": 500}, "seats"),
        ({"seats": None}, "seats"),
        ({"seats": "2"}, "seats"),
    ],
)
def test_invalid_invitations_are_422(api, forum, organization, body, field):
    body = {"organization_ids": [organization.id], **body}
    response = api("POST", f"/api/v1/forums/{forum.id}/invitations", json=body)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]


def test_a_finished_forum_takes_no_invitations(api, create_forum, organization):
    forum = create_forum(status="finished")
    response = api(
        "POST", f"/api/v1/forums/{forum.id}/invitations", json={"organization_ids": [organization.id]}
    )
    assert response.status_code == 409


def test_openapi_describes_the_forum_paths(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/forums", "/forums/{id}", "/forums/{id}/invitations"} <= set(paths)
    assert set(paths["/forums/{id}"]) >= {"get", "patch"}
    forum = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["Forum"]
    assert forum["properties"]["certificate_rule"]["enum"] == ["any_day", "every_day"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": None}, "title"),
        ({"title": 0}, "title"),
        ({"description": None}, "description"),
        ({"objectives": 5}, "objectives"),
        ({"kind": None}, "kind"),
        ({"certificate_rule": None}, "certificate_rule"),
        ({"certificate_rule": "some_days"}, "certificate_rule"),
        ({"starts_at": None}, "starts_at"),
        ({"starts_at": 1540436400}, "starts_at"),
        ({"capacity": None}, "capacity"),
        ({"capacity": 100_001}, "capacity"),
        ({"seats_per_organization": 1.5}, "seats_per_organization"),
        ({"venue": ""}, "venue"),
        ({"venue": None}, "venue"),
        ({"venue": {"name": " "}}, "venue"),
        ({"venue": {"name": 0}}, "venue"),
        ({"venue": {"name": "x", "address": None}}, "venue"),
        ({"venue": {"name": "x", "map_url": "HTTPS://x"}}, "venue"),
        ({"venue": "x" * 301}, "venue"),
        ({"title": " " + "x" * 300}, "title"),
        ({"target_kinds": None}, "target_kinds"),
        ({"target_kinds": ["other", "other"]}, "target_kinds"),
        ({"target_kinds": [""]}, "target_kinds"),
        ({"organizer_ids": None}, "organizer_ids"),
    ],
)
def test_null_numbers_odd_values_and_duplicates_are_422_naming_the_field(api, changes, field):
    response = api("POST", "/api/v1/forums", json={**BODY, **changes})
    assert response.status_code == 422, response.get_json()
    assert set(response.get_json()["error"]["fields"]) == {field}
    assert db.session.scalar(db.select(db.func.count()).select_from(Forum)) == 0


def test_organizers_given_twice_are_422(api, create_user):
    user = create_user()
    response = api("POST", "/api/v1/forums", json={**BODY, "organizer_ids": [user.id, user.id]})
    assert response.status_code == 422 and set(response.get_json()["error"]["fields"]) == {"organizer_ids"}


@pytest.mark.parametrize(
    "changes",
    [
        {"title": None},
        {"title": ""},
        {"status": None},
        {"status": "postponed"},
        {"cancel_reason": 5},
        {"venue": {"name": ""}},
        {"registration_opens_at": 5},
    ],
)
def test_a_patch_with_a_bad_value_is_422_naming_it_and_changes_nothing(api, create_forum, changes):
    forum = create_forum()
    before = api("GET", f"/api/v1/forums/{forum.id}").get_json()
    response = api("PATCH", f"/api/v1/forums/{forum.id}", json={**changes, "capacity": 5})
    assert response.status_code == 422, response.get_json()
    assert set(response.get_json()["error"]["fields"]) == set(changes)
    assert api("GET", f"/api/v1/forums/{forum.id}").get_json() == before


def test_text_keeps_its_lines_a_venue_may_be_its_name_and_status_is_ignored_on_create(api):
    body = {**BODY, "description": "  หัวข้อ\r\n- ข้อแรก\n\n- ข้อสอง ", "venue": "ห้องประชุม", "status": "open"}
    forum = api("POST", "/api/v1/forums", json=body).get_json()
    assert forum["description"] == "หัวข้อ\n- ข้อแรก\n\n- ข้อสอง"
    assert forum["venue"] == {"name": "ห้องประชุม", "address": "", "map_url": ""}
    assert forum["status"] == "draft"
    patched = api("PATCH", f"/api/v1/forums/{forum['id']}", json={"venue": {"address": "ถนนวังจันทน์"}})
    assert patched.get_json()["venue"] == {"name": "ห้องประชุม", "address": "ถนนวังจันทน์", "map_url": ""}


def test_a_cancellation_by_patch_keeps_its_reason(api, create_forum):
    forum = create_forum(status="open")
    body = {"status": "cancelled", "cancel_reason": "  น้ำท่วม "}
    response = api("PATCH", f"/api/v1/forums/{forum.id}", json=body)
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    assert db.session.get(Forum, forum.id).cancel_reason == "น้ำท่วม"


def test_whole_numbers_written_with_a_point_are_whole_numbers(api, forum, organization, create_user):
    """JSON Schema's integer takes 110.0; so does the server."""
    user = create_user()
    body = {**BODY, "capacity": 110.0, "seats_per_organization": 2.0, "organizer_ids": [float(user.id)]}
    created = api("POST", "/api/v1/forums", json=body)
    assert created.status_code == 201, created.get_json()
    assert (created.get_json()["capacity"], created.get_json()["seats_per_organization"]) == (110, 2)
    assert user.id in created.get_json()["organizer_ids"]
    invited = api(
        "POST", f"/api/v1/forums/{forum.id}/invitations", json={"organization_ids": [float(organization.id)]}
    )
    assert invited.status_code == 201 and invited.get_json()[0]["organization_id"] == organization.id
    refused = api("POST", "/api/v1/forums", json={**BODY, "capacity": 110.5})
    assert set(refused.get_json()["error"]["fields"]) == {"capacity"}
