import pytest

from app.auth import service as auth_service
from app.auth.models import Role
from app.extensions import db


def test_create_read_patch_an_organization(api):
    body = {
        "name": "มูลนิธิทดสอบ API",
        "kind": "องค์กรสาธารณประโยชน์",
        "certification_no": "๑/๒๕๖๑",
        "certified_on": "25 ตุลาคม 2561",
        "district": "อ.เมือง",
        "subdistrict": "ในเมือง",
        "fields_of_work": ["education"],
        "contacts": [{"name": "นายหนึ่ง", "position": "ประธาน", "phone": "0812345678", "email": "a@b.co"}],
    }
    response = api("POST", "/api/v1/organizations", json=body)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["kind"] == "public_benefit"
    assert created["certification_no"] == "1/2561"
    assert created["certified_on"] == "2018-10-25"
    assert (created["province"], created["district"], created["postal_code"]) == (
        "พิษณุโลก",
        "เมืองพิษณุโลก",
        "65000",
    )
    response = api("PATCH", f"/api/v1/organizations/{created['id']}", json={"status": "inactive"})
    assert response.get_json()["status"] == "inactive"
    assert response.get_json()["name"] == "มูลนิธิทดสอบ API"
    assert api("GET", f"/api/v1/organizations/{created['id']}").get_json()["contacts"][0]["name"] == "นายหนึ่ง"


def test_list_with_filters_and_paging(api, create_organization):
    for i in range(5):
        create_organization(name=f"ชมรม {i}", district_code="6502")
    create_organization(name="อื่น")
    body = api("GET", "/api/v1/organizations?district=นครไทย&per_page=2&page=2").get_json()
    assert body["total"] == 5 and body["page"] == 2 and len(body["items"]) == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "other"}, "name"),
        ({"name": "x"}, "kind"),
        ({"name": "x", "kind": "spaceship"}, "kind"),
        ({"name": "x", "kind": "other", "certified_on": "31/02/2561"}, "certified_on"),
        ({"name": "x", "kind": "other", "district": "ไม่มีอำเภอนี้"}, "district"),
        ({"name": "x", "kind": "other", "email": "not-an-email"}, "email"),
        ({"name": "x", "kind": "other", "contacts": 42}, "contacts"),
        ({"name": "x", "kind": "other", "contacts": [{"position": "no name"}]}, "contacts"),
        ({"name": "x", "kind": "other", "fields_of_work": ["flying"]}, "fields_of_work"),
        ({"name": ["x"], "kind": "other"}, "name"),
    ],
)
def test_bad_fields_are_named_and_nothing_is_written(api, body, field):
    response = api("POST", "/api/v1/organizations", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert api("GET", "/api/v1/organizations").get_json()["total"] == 0


@pytest.mark.parametrize("payload", [{"data": "[1, 2"}, {"data": "[]"}, {"data": "null"}, {"data": '"x"'}])
def test_broken_json_is_a_400_or_415(api, payload):
    response = api("POST", "/api/v1/organizations", content_type="application/json", **payload)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"]


def test_form_body_is_415(api):
    assert api("POST", "/api/v1/organizations", data={"name": "x"}).status_code == 415


def test_duplicate_certification_is_409(api, organization):
    response = api(
        "POST", "/api/v1/organizations", json={"name": "y", "kind": "other", "certification_no": "พล 12/2561"}
    )
    assert response.status_code == 409


def test_missing_is_404_and_bad_paging_is_400(api):
    assert api("GET", "/api/v1/organizations/999").status_code == 404
    assert api("GET", "/api/v1/organizations?page=abc").status_code == 400


def test_checkin_role_is_forbidden(client, create_user):
    token = auth_service.create_token(create_user(Role.CHECKIN))
    db.session.commit()
    response = client.get("/api/v1/organizations", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403


def test_openapi_document_names_the_paths(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert "/organizations/{id}" in document["paths"]
