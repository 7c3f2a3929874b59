"""The network-health API: each figure against the hand-counted network, losing touch, an
organization's supports and reports, and real responses validated against the OpenAPI document."""

from datetime import date

import pytest
import time_machine
from jsonschema import Draft202012Validator

from app.auth import service as auth_service
from app.auth.models import Role
from app.extensions import db
from app.network.models import Support


@pytest.fixture
def api(client, create_user):
    user = create_user(Role.ORGANIZER)
    token = auth_service.create_token(user)
    db.session.commit()

    def call(method, url, **kwargs):
        return client.open(url, method=method, headers={"Authorization": f"Bearer {token}"}, **kwargs)

    call.user = user
    return call


@pytest.fixture
def conforms(client):
    """Check a response body against a schema of the served OpenAPI document."""
    document = client.get("/api/v1/openapi.json").get_json()

    def check(body, ref):
        schema = {"components": document["components"], **ref}
        errors = list(Draft202012Validator(schema).iter_errors(body))
        assert not errors, [e.message for e in errors]

    return check


def _figures(body):
    return [
        body["organizations"],
        *(body[f]["count"] for f in ("took_part", "fund_supported", "supported", "reported")),
    ]


def test_network_health_for_2562(api, network, conforms):
    response = api("GET", "/api/v1/network-health?fiscal_year=2562")
    assert response.status_code == 200
    body = response.get_json()
    conforms(body, {"$ref": "#/components/schemas/NetworkHealth"})
    assert body["fiscal_year"] == 2562
    assert _figures(body) == [5, 2, 1, 3, 2]
    assert body["took_part"] == {"count": 2, "share": 0.4}
    assert body["supported"] == {"count": 3, "share": 0.6}
    assert [(row["kind"], _figures(row)) for row in body["by_kind"]] == [
        ("public_benefit", [1, 1, 1, 1, 1]),
        ("community_welfare", [4, 1, 0, 2, 1]),
    ]
    assert [(row["district"], row["district_code"], _figures(row)) for row in body["by_district"]] == [
        ("เมืองพิษณุโลก", "6501", [3, 1, 1, 2, 2]),
        ("นครไทย", "6502", [2, 1, 0, 1, 0]),
    ]


def test_network_health_for_2561_and_the_default_year(api, network):
    assert _figures(api("GET", "/api/v1/network-health?fiscal_year=2561").get_json()) == [5, 1, 1, 1, 0]
    with time_machine.travel(date(2019, 3, 1), tick=False):
        assert api("GET", "/api/v1/network-health").get_json()["fiscal_year"] == 2562


@pytest.mark.parametrize("year", ["1999", "abc", "25620", "-1"])
def test_a_bad_fiscal_year_is_400(api, year):
    response = api("GET", f"/api/v1/network-health?fiscal_year={year}")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_query"
    assert api("GET", f"/api/v1/network-health/losing-touch?fiscal_year={year}").status_code == 400


def test_losing_touch(api, network, conforms):
    with time_machine.travel(date(2019, 11, 15), tick=False):
        response = api("GET", "/api/v1/network-health/losing-touch?fiscal_year=2562")
    assert response.status_code == 200
    body = response.get_json()
    conforms(body, {"type": "array", "items": {"$ref": "#/components/schemas/LosingTouch"}})
    assert [(row["name"], row["reasons"]) for row in body] == [
        ("องค์กร B", ["no_report", "not_confirmed"]),
        ("องค์กร D", ["no_attendance", "never_supported", "not_confirmed"]),
        ("องค์กร E", ["no_report", "no_attendance"]),
    ]
    assert body[0]["organization_id"] == network["B"].id


def test_supports_of_an_organization(api, network, conforms):
    url = f"/api/v1/organizations/{network['D'].id}/supports"
    response = api(
        "POST",
        url,
        json={"kind": "fund", "fiscal_year": 2562, "title": "โครงการดูแลผู้สูงอายุ ระยะที่ 2",
              "amount_requested": 30000, "amount_approved": 25000,
              "status": "approved", "date": "2019-05-02"},
    )  # fmt: skip
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    conforms(created, {"$ref": "#/components/schemas/Support"})
    assert created["amount_approved"] == 25000 and created["status"] == "approved"
    listed = api("GET", url).get_json()
    assert listed["total"] == 2 and listed["items"][0]["id"] == created["id"]
    for item in listed["items"]:
        conforms(item, {"$ref": "#/components/schemas/Support"})
    # D now received Fund money in 2562: the figures follow.
    body = api("GET", "/api/v1/network-health?fiscal_year=2562").get_json()
    assert body["fund_supported"]["count"] == 2 and body["supported"]["count"] == 4


def test_a_bad_support_is_422_and_names_the_fields(api, network):
    url = f"/api/v1/organizations/{network['A'].id}/supports"
    response = api("POST", url, json={"kind": "visit", "fiscal_year": "soon", "status": "approved"})
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"fiscal_year", "title"}
    assert api("POST", url, data="not json", content_type="text/plain").status_code == 415
    assert api("POST", url, json=[1, 2]).status_code == 400
    assert api("POST", "/api/v1/organizations/999999/supports", json={}).status_code == 404
    assert db.session.query(Support).count() == 5


@pytest.mark.parametrize("status", ["", "  "])
def test_an_empty_status_in_json_is_422_not_taken_as_none(api, network, status):
    """Found by Schemathesis: the schema's enum has no "" (null says "none"); a spreadsheet's empty
    cell is another matter, and is still read as not given."""
    url = f"/api/v1/organizations/{network['A'].id}/supports"
    body = {"kind": "fund", "fiscal_year": 2500, "title": "0", "status": status}
    response = api("POST", url, json=body)
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"status"}
    assert api("POST", url, json={**body, "status": None}).get_json()["status"] == "proposed"


def test_reports_of_an_organization(api, network, conforms):
    url = f"/api/v1/organizations/{network['B'].id}/reports"
    with time_machine.travel(date(2019, 12, 10), tick=False):
        listed = api("GET", url).get_json()
        assert [(r["fiscal_year"], r["status"]) for r in listed["items"]] == [(2562, "late")]
        response = api(
            "POST",
            url,
            json={"fiscal_year": 2562, "received_on": "2019-12-09", "served": {"children": 40, "elderly": 5},
                  "spent": 12000.5, "sources": {"own": 2000, "fund": 10000.5}, "volunteers": 7,
                  "needs": ["training"], "note": "ส่งทางไปรษณีย์"},
        )  # fmt: skip
    assert response.status_code == 201, response.get_json()
    report = response.get_json()
    conforms(report, {"$ref": "#/components/schemas/AnnualReport"})
    assert report["status"] == "received" and report["received_on"] == "2019-12-09"
    assert report["served"] == {"children": 40, "elderly": 5} and report["spent"] == 12000.5
    assert report["sources"] == {"own": 2000.0, "fund": 10000.5} and report["entered_by_staff"] is True
    assert report["asked_on"] == "2019-10-01"  # the asked row became the received one
    body = api("GET", "/api/v1/network-health?fiscal_year=2562").get_json()
    assert body["reported"]["count"] == 3
    bad = api("POST", url, json={"fiscal_year": 2562, "served": {"martians": 1}, "needs": "everything"})
    assert bad.status_code == 422 and set(bad.get_json()["error"]["fields"]) == {"served", "needs"}


@pytest.mark.parametrize("role", [None, Role.CHECKIN])
def test_only_staff_may(client, create_user, network, role):
    headers = {}
    if role is not None:
        headers = {"Authorization": f"Bearer {auth_service.create_token(create_user(role))}"}
        db.session.commit()
    for url in (
        "/api/v1/network-health",
        "/api/v1/network-health/losing-touch",
        f"/api/v1/organizations/{network['A'].id}/supports",
        f"/api/v1/organizations/{network['A'].id}/reports",
    ):
        assert client.get(url, headers=headers).status_code == (401 if role is None else 403)
    assert client.post("/api/v1/supports/import", headers=headers).status_code == (
        401 if role is None else 403
    )
