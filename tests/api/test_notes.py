from datetime import timedelta

import pytest

from app.auth import service as auth_service
from app.auth.models import Role
from app.extensions import db
from app.notes import service
from app.notes.models import NoteCategory


@pytest.fixture
def staff(create_user):
    return create_user(Role.ORGANIZER, name="นางสาวจดบันทึก ว่องไว")


@pytest.fixture
def note(forum, staff):
    made = service.create_note(forum, {"category": NoteCategory.WHAT_WORKED, "body": "เริ่มต้น"}, staff)
    db.session.commit()
    return made


@pytest.fixture
def api(client, staff):
    token = auth_service.create_token(staff)
    db.session.commit()

    def call(method, url, **kwargs):
        return client.open(url, method=method, headers={"Authorization": f"Bearer {token}"}, **kwargs)

    return call


def test_record_list_and_read_notes(api, forum, organization, staff):
    response = api(
        "POST",
        f"/api/v1/forums/{forum.id}/notes",
        json={"category": "success_factor", "body": "ผู้นำชุมชน**เข้มแข็ง**", "organization_id": organization.id},
    )
    assert response.status_code == 201, response.get_json()
    note = response.get_json()
    assert note["category"] == "success_factor" and note["version"] == 1
    assert note["author"] == {"id": staff.id, "name": "นางสาวจดบันทึก ว่องไว"}
    assert note["organization_id"] == organization.id
    assert note["body_html"] == "<p>ผู้นำชุมชน<strong>เข้มแข็ง</strong></p>"
    assert note["created_at"].endswith("+07:00")
    api("POST", f"/api/v1/forums/{forum.id}/notes", json={"category": "challenge", "body": "ฝนตก"})
    listed = api("GET", f"/api/v1/forums/{forum.id}/notes").get_json()
    assert listed["total"] == 2 and [n["body"] for n in listed["items"]] == ["ผู้นำชุมชน**เข้มแข็ง**", "ฝนตก"]
    challenges = api("GET", f"/api/v1/forums/{forum.id}/notes?category=challenge").get_json()
    assert [n["body"] for n in challenges["items"]] == ["ฝนตก"]
    assert api("GET", f"/api/v1/notes/{note['id']}").get_json()["id"] == note["id"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"category": "gossip", "body": "x"}, "category"),
        ({"body": "x"}, "category"),
        ({"category": "other", "body": ""}, "body"),
        ({"category": "other", "body": 5}, "body"),
        ({"category": "other", "body": "x", "organization_id": 999999}, "organization_id"),
        ({"category": "other", "body": "x", "organization_id": "1"}, "organization_id"),
        ({"category": "other", "body": "x", "agenda_item_id": 999999}, "agenda_item_id"),
    ],
)
def test_bad_notes_are_422_naming_the_field(api, forum, body, field):
    response = api("POST", f"/api/v1/forums/{forum.id}/notes", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_patch_with_the_version_seen_and_409_with_the_current_note(api, forum, note):
    first = api("PATCH", f"/api/v1/notes/{note.id}", json={"version": 1, "body": "แก้โดยเครื่องแรก"})
    assert first.status_code == 200 and first.get_json()["version"] == 2
    late = api("PATCH", f"/api/v1/notes/{note.id}", json={"version": 1, "body": "แก้โดยเครื่องที่สอง"})
    assert late.status_code == 409
    body = late.get_json()
    assert body["error"]["code"] == "edit_conflict"
    assert body["note"]["body"] == "แก้โดยเครื่องแรก" and body["note"]["version"] == 2
    missing = api("PATCH", f"/api/v1/notes/{note.id}", json={"body": "ไม่บอกเวอร์ชัน"})
    assert missing.status_code == 422 and "version" in missing.get_json()["error"]["fields"]
    assert api("PATCH", "/api/v1/notes/999999", json={"version": 1}).status_code == 404
    assert api("PATCH", f"/api/v1/notes/{note.id}", data="x").status_code == 415


def test_action_items_through_the_api(api, forum, note, organization, staff, create_user, clock):
    due = (clock.today - timedelta(days=1)).isoformat()
    response = api(
        "POST",
        f"/api/v1/forums/{forum.id}/action-items",
        json={
            "description": "ส่งรายงาน",
            "owner_organization_id": organization.id,
            "due_on": due,
            "note_id": note.id,
        },
    )
    assert response.status_code == 201, response.get_json()
    item = response.get_json()
    assert (item["owner_organization_id"], item["owner_user"], item["due_on"], item["status"]) == (
        organization.id,
        None,
        due,
        "open",
    )
    assert item["is_overdue"] is True and item["note_id"] == note.id
    changed = api(
        "PATCH", f"/api/v1/action-items/{item['id']}", json={"owner_user_id": staff.id, "status": "done"}
    )
    assert changed.status_code == 200
    done = changed.get_json()
    assert done["owner_user"] == {"id": staff.id, "name": staff.display_name}
    assert done["owner_organization_id"] is None and done["status"] == "done" and done["is_overdue"] is False
    listed = api("GET", f"/api/v1/forums/{forum.id}/action-items?status=done").get_json()
    assert [i["id"] for i in listed["items"]] == [item["id"]]
    everywhere = api("GET", f"/api/v1/action-items?owner=user:{staff.id}").get_json()
    assert everywhere["total"] == 1
    door = create_user(Role.CHECKIN)
    refused = api("PATCH", f"/api/v1/action-items/{item['id']}", json={"owner_user": {"id": door.id}})
    assert refused.status_code == 422 and "owner_user_id" in refused.get_json()["error"]["fields"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"description": ""}, "description"),
        ({"description": "x", "due_on": "25/10/2561"}, "due_on"),
        ({"description": "x", "status": "later"}, "status"),
        ({"description": "x", "owner_organization_id": 999999}, "owner_organization_id"),
        ({"description": "x", "owner_organization_id": 1, "owner_user_id": 1}, "owner"),
    ],
)
def test_bad_action_items_are_422(api, forum, organization, staff, body, field):
    if "owner_user_id" in body:
        body = {**body, "owner_organization_id": organization.id, "owner_user_id": staff.id}
    response = api("POST", f"/api/v1/forums/{forum.id}/action-items", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_the_openapi_document_describes_notes_and_action_items(client):
    document = client.get("/api/v1/openapi.json").get_json()
    paths = document["paths"]
    assert {"get", "post"} <= set(paths["/forums/{id}/notes"])
    assert "409" in paths["/notes/{id}"]["patch"]["responses"]
    assert {"get", "post"} <= set(paths["/forums/{id}/action-items"])
    assert "patch" in paths["/action-items/{id}"]
    schemas = document["components"]["schemas"]
    assert schemas["Note"]["properties"]["category"]["enum"] == [
        "what_worked",
        "success_factor",
        "challenge",
        "recommendation",
        "other",
    ]
    assert schemas["ActionItem"]["properties"]["status"]["enum"] == ["open", "done"]


def test_notes_and_action_items_refuse_null_and_numbers_for_text(api, forum, note):
    url = f"/api/v1/forums/{forum.id}"
    response = api("POST", f"{url}/notes", json={"category": "other", "body": 0})
    assert response.status_code == 422 and set(response.get_json()["error"]["fields"]) == {"body"}
    response = api("POST", f"{url}/action-items", json={"description": 0})
    assert response.status_code == 422 and set(response.get_json()["error"]["fields"]) == {"description"}
    response = api("PATCH", f"/api/v1/notes/{note.id}", json={"version": 1, "category": None})
    assert response.status_code == 422 and set(response.get_json()["error"]["fields"]) == {"category"}
    response = api("POST", f"{url}/action-items", json={"description": "x", "owner_user": 1})
    assert response.status_code == 422 and set(response.get_json()["error"]["fields"]) == {"owner_user"}
    assert api("POST", f"{url}/action-items").status_code == 415


def test_the_notes_schemas_are_the_tables(client):
    document = client.get("/api/v1/openapi.json").get_json()
    patch = document["paths"]["/notes/{id}"]["patch"]["requestBody"]
    assert patch["required"] is True and patch["content"]["application/json"]["schema"]["$ref"].endswith(
        "NotePatch"
    )
    schemas = document["components"]["schemas"]
    assert schemas["NotePatch"]["required"] == ["version"]
    assert schemas["ActionItemCreate"]["required"] == ["description"]
    for path, method in [
        ("/forums/{id}/notes", "post"),
        ("/forums/{id}/action-items", "post"),
        ("/action-items/{id}", "patch"),
    ]:
        assert document["paths"][path][method]["requestBody"]["required"] is True
