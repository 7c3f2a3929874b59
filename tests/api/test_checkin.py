"""/api/v1/checkin, attendance and roster: the contract of API.md, tokens and roles, hostile input."""
# ruff: noqa: F811  (the fixtures imported from tests/checkin/conftest.py are parameters here)

import pytest
from sqlalchemy import event, select

from app.auth import service as auth_service
from app.auth.models import ApiToken, Role
from app.checkin.models import Scan
from app.extensions import db
from app.registration import service as registration_service
from tests.checkin.conftest import today_forum, training  # noqa: F401  (fixtures)
from tests.clock import at_every_pinned_moment
from tests.registration.conftest import register  # noqa: F401  (fixture)


@pytest.fixture
def door(client, create_user):
    """Call the API with a token of a check-in staff member."""
    token = auth_service.create_token(create_user(Role.CHECKIN, name="สมศรี ประตูหน้า"))
    db.session.commit()

    def call(method, url, **kwargs):
        return client.open(url, method=method, headers={"Authorization": f"Bearer {token}"}, **kwargs)

    return call


def test_scan_answers_ok_then_already_checked_in_with_time_and_staff(door, today_forum, register):
    person = register(today_forum, first_name="สมชาย", last_name="ใจดี")
    scan = {"forum_id": today_forum.id, "scan": f"http://localhost/t/{person.ticket_code}", "device": "A"}
    first = door("POST", "/api/v1/checkin", json=scan)
    assert first.status_code == 200
    body = first.get_json()
    assert body["result"] == "ok" and body["checked_in_by"] == "สมศรี ประตูหน้า"
    assert body["registration"]["first_name"] == "สมชาย" and body["checked_in_at"].endswith("+07:00")
    again = door("POST", "/api/v1/checkin", json={**scan, "scan": person.ticket_code}).get_json()
    assert again["result"] == "already_checked_in" and again["checked_in_at"] == body["checked_in_at"]
    unknown = door("POST", "/api/v1/checkin", json={**scan, "scan": "no-such-ticket-code"}).get_json()
    assert unknown == {
        "result": "unknown",
        "registration": None,
        "checked_in_at": None,
        "checked_in_by": None,
        "day": None,
        "conflict": False,
        "scan_id": unknown["scan_id"],
    }


def test_the_scanners_brief_answer_holds_what_it_shows_of_the_person(
    door, today_forum, register, organization
):
    person = register(today_forum, first_name="สมหญิง", position="เลขานุการ", organization_id=organization.id)
    scan = {"forum_id": today_forum.id, "scan": person.ticket_code, "answer": "brief"}
    body = door("POST", "/api/v1/checkin", json=scan).get_json()
    assert body["result"] == "ok" and body["checked_in_at"].endswith("+07:00")
    assert body["registration"] == {
        "id": person.id,
        "prefix": person.prefix,
        "first_name": "สมหญิง",
        "last_name": person.last_name,
        "position": "เลขานุการ",
        "organization_name": organization.name,
        "status": "confirmed",
    }
    full = door("POST", "/api/v1/checkin", json={**scan, "answer": "full"}).get_json()
    assert (
        full["result"] == "already_checked_in" and full["registration"]["ticket_code"] == person.ticket_code
    )
    bad = door("POST", "/api/v1/checkin", json={**scan, "answer": "short"})
    assert bad.status_code == 422 and "answer" in bad.get_json()["error"]["fields"]


def test_another_forums_ticket_names_nobody(door, today_forum, register, forum):
    other = register(forum, first_name="คนอื่น")
    body = door(
        "POST", "/api/v1/checkin", json={"forum_id": today_forum.id, "scan": other.ticket_code}
    ).get_json()
    assert body["result"] == "wrong_forum" and body["registration"] is None


def test_a_queued_scan_sent_twice_is_answered_the_same(door, today_forum, register):
    person = register(today_forum)
    scan = {
        "forum_id": today_forum.id,
        "scan": person.ticket_code,
        "nonce": "6f1c2d9e-offline-1",
        "scanned_at": "2018-10-25T09:42:00+07:00",
        "device": "โทรศัพท์ 1",
    }
    first = door("POST", "/api/v1/checkin", json=scan).get_json()
    second = door("POST", "/api/v1/checkin", json=scan).get_json()
    assert first == second and first["result"] == "ok"


def test_a_nonce_sent_again_with_another_ticket_or_forum_is_409(door, today_forum, register, forum):
    first, other = register(today_forum), register(today_forum, first_name="คนที่สอง")
    scan = {"forum_id": today_forum.id, "scan": first.ticket_code, "nonce": "offline-7"}
    assert door("POST", "/api/v1/checkin", json=scan).get_json()["result"] == "ok"
    for changed in ({"scan": other.ticket_code}, {"forum_id": forum.id}):
        response = door("POST", "/api/v1/checkin", json={**scan, **changed})
        assert (response.status_code, response.get_json()["error"]["code"]) == (409, "nonce_reused")
    assert db.session.scalar(select(Scan).where(Scan.nonce == "offline-7")).scan_text == first.ticket_code
    assert db.session.get(type(other), other.id).checked_in_at is None


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({"scan": "x"}, 422, "forum_id"),
        ({"forum_id": "1", "scan": "x"}, 422, "forum_id"),
        ({"forum_id": True, "scan": "x"}, 422, "forum_id"),
        ({"forum_id": 10**9, "scan": "x"}, 404, None),
        ({"forum_id": "FORUM", "scan": None}, 422, "scan"),
        ({"forum_id": "FORUM"}, 422, "scan"),
        ({"forum_id": "FORUM", "scan": ["a"]}, 422, "scan"),
        ({"forum_id": "FORUM", "scan": "x" * 501}, 422, "scan"),
        ({"forum_id": "FORUM", "scan": "x", "nonce": 5}, 422, "nonce"),
        ({"forum_id": "FORUM", "scan": "x", "nonce": "n" * 65}, 422, "nonce"),
        ({"forum_id": "FORUM", "scan": "x", "scanned_at": "yesterday"}, 422, "scanned_at"),
        ({"forum_id": "FORUM", "scan": "x", "scanned_at": 1700000000}, 422, "scanned_at"),
        ({"forum_id": "FORUM", "scan": "x", "device": {"a": 1}}, 422, "device"),
        ({"forum_id": 2**63, "scan": "x"}, 422, "forum_id"),
    ],
)
def test_hostile_bodies_get_a_json_error(door, today_forum, body, status, field):
    body = {k: today_forum.id if v == "FORUM" else v for k, v in body.items()}
    response = door("POST", "/api/v1/checkin", json=body)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert field is None or field in error["fields"]


def test_nul_characters_and_lone_surrogates_are_dropped_before_they_reach_the_database(door, today_forum):
    body = '{"forum_id": FORUM, "scan": "\\ud800ab\\u0000c", "nonce": "n\\u0000"}'
    response = door(
        "POST",
        "/api/v1/checkin",
        data=body.replace("FORUM", str(today_forum.id)),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.get_json()["result"] == "unknown"
    scan = db.session.scalar(select(Scan))
    assert (scan.scan_text, scan.nonce) == ("abc", "n")


def test_not_json_is_415_and_a_json_list_is_400(door, today_forum):
    assert door("POST", "/api/v1/checkin", data="scan=x").status_code == 415
    response = door("POST", "/api/v1/checkin", data="[1]", content_type="application/json")
    assert response.status_code == 400
    broken = door("POST", "/api/v1/checkin", data="{", content_type="application/json")
    assert broken.status_code == 400


def test_without_a_token_401(client, today_forum):
    response = client.post("/api/v1/checkin", json={"forum_id": today_forum.id, "scan": "x"})
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorized"


@at_every_pinned_moment
def test_attendance_counts_confirmed_and_checked_in_by_kind_district_and_day(
    door, today_forum, register, organization, clock
):
    listed = register(today_forum, organization_id=organization.id)
    unlisted = register(today_forum, organization_name="กลุ่มออมทรัพย์บ้านนา")
    cancelled = register(today_forum)
    registration_service.cancel(cancelled)
    db.session.commit()
    door("POST", "/api/v1/checkin", json={"forum_id": today_forum.id, "scan": listed.ticket_code})
    body = door("GET", f"/api/v1/forums/{today_forum.id}/attendance").get_json()
    assert (body["confirmed"], body["checked_in"]) == (2, 1)
    assert body["by_kind"] == {
        "public_benefit": {"confirmed": 1, "checked_in": 1},
        "unlisted": {"confirmed": 1, "checked_in": 0},
    }
    assert body["by_district"]["6501"] == {"name": "เมืองพิษณุโลก", "confirmed": 1, "checked_in": 1}
    assert body["days"] == [{"date": clock.today.isoformat(), "checked_in": 1}]
    assert body["today"] == clock.today.isoformat() and body["walk_ins"] == 0
    assert unlisted.id


@at_every_pinned_moment
def test_the_roster_has_every_registration_with_todays_check_in(door, training, register, clock):
    arrived, waiting = register(training), register(training)
    door("POST", "/api/v1/checkin", json={"forum_id": training.id, "scan": arrived.ticket_code})
    body = door("GET", f"/api/v1/forums/{training.id}/roster").get_json()
    assert body["days"] == [day.isoformat() for day in training.days] and body["today"] == body["days"][1]
    assert body["today"] == clock.today.isoformat()
    items = {item["registration_id"]: item for item in body["items"]}
    assert items[arrived.id]["checked_in_by"] == "สมศรี ประตูหน้า"
    assert (
        items[arrived.id]["ticket_code"] == arrived.ticket_code and items[arrived.id]["status"] == "confirmed"
    )
    assert items[waiting.id]["checked_in_at"] is None
    waiting_item = items[waiting.id]
    assert waiting_item["short_code"] == waiting.short_code and waiting_item["phone"] == waiting.phone_display
    assert set(items[waiting.id]) == {
        "ticket_code",
        "short_code",
        "registration_id",
        "prefix",
        "first_name",
        "last_name",
        "position",
        "organization",
        "phone",
        "status",
        "checked_in_at",
        "checked_in_by",
    }


def test_an_unknown_forum_is_404_json(door):
    for path in ("/api/v1/forums/999999/attendance", "/api/v1/forums/999999/roster"):
        response = door("GET", path)
        assert response.status_code == 404 and "error" in response.get_json()


def test_the_openapi_document_describes_check_in(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert {"/checkin", "/forums/{id}/attendance", "/forums/{id}/roster"} <= set(document["paths"])
    scan = document["components"]["schemas"]["Scan"]
    fields = {"forum_id", "scan", "nonce", "scanned_at", "device", "method", "answer"}
    assert fields == set(scan["properties"])
    answer = document["components"]["schemas"]["ScanAnswer"]["properties"]["result"]
    assert answer["enum"] == [
        "ok",
        "already_checked_in",
        "unknown",
        "wrong_forum",
        "cancelled",
        "waitlisted",
        "door_closed",
    ]


def test_a_short_code_typed_at_the_door_checks_in_and_a_search_is_logged_as_one(door, today_forum, register):
    by_code, by_name = register(today_forum), register(today_forum)
    typed = f" {by_code.short_code[:3].lower()} {by_code.short_code[3:]} "
    body = door("POST", "/api/v1/checkin", json={"forum_id": today_forum.id, "scan": typed}).get_json()
    assert body["result"] == "ok" and body["registration"]["id"] == by_code.id
    assert body["registration"]["short_code"] == by_code.short_code
    found = {"forum_id": today_forum.id, "scan": by_name.ticket_code, "method": "search"}
    assert door("POST", "/api/v1/checkin", json=found).get_json()["result"] == "ok"
    methods = [s.method for s in db.session.scalars(select(Scan).order_by(Scan.id))]
    assert [m.value for m in methods] == ["scan", "search"]
    bad = door("POST", "/api/v1/checkin", json={**found, "method": "walk_in"})
    assert bad.status_code == 422 and "method" in bad.get_json()["error"]["fields"]


@pytest.mark.parametrize("form", ["full", "brief"])
def test_a_first_scan_reads_with_one_query_the_token_and_the_scan(
    door, today_forum, register, organization, form
):
    """The scan's own read holds all the rules need (the door rule's forum status included) and finds
    who sent it by the bearer token: a column left out would be fetched lazily, a query per scan at
    the door."""
    first, second = register(today_forum), register(today_forum, organization_id=organization.id)
    # Read before listening: the test's own objects expire at each commit and would be read again.
    scans = [{"forum_id": today_forum.id, "scan": p.ticket_code, "answer": form} for p in (first, second)]
    door("POST", "/api/v1/checkin", json=scans[0])
    reads = []

    def note(_conn, _cursor, statement, *_):
        if statement.lstrip().upper().startswith("SELECT"):
            reads.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        body = door("POST", "/api/v1/checkin", json=scans[1])
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert body.get_json()["result"] == "ok"
    assert body.get_json()["registration"]["organization_name"] == organization.name
    assert len(reads) == 1, reads
    assert "api_tokens" in reads[0] and "registrations" in reads[0]
    assert "password_hash" not in reads[0]
    assert ("registrations.phone" in reads[0]) is (form == "full")


def _scan_with(client, token, body):
    return client.post("/api/v1/checkin", json=body, headers={"Authorization": f"Bearer {token}"})


def test_the_scans_own_read_authenticates_as_the_token_alone_would(
    client, create_user, today_forum, register
):
    """A revoked token, a deactivated user or no token known: refused before anything is written,
    whether the body is a scan (read with the token) or not (the token read alone)."""
    person = register(today_forum)
    scan = {"forum_id": today_forum.id, "scan": person.ticket_code, "nonce": "n-1"}
    staff = create_user(Role.CHECKIN)
    revoked_token = auth_service.create_token(staff)
    auth_service.revoke_token(db.session.scalar(select(ApiToken).where(ApiToken.user_id == staff.id)))
    leaver = create_user(Role.CHECKIN)
    leaver_token = auth_service.create_token(leaver)
    leaver.active = False
    db.session.commit()
    for token in (revoked_token, leaver_token, "not-a-token"):
        for body in (scan, {"scan": person.ticket_code}):
            response = _scan_with(client, token, body)
            assert response.status_code == 401, (token, body)
    assert db.session.scalars(select(Scan)).all() == []
    assert db.session.get(type(person), person.id).checked_in_at is None


def test_a_scan_read_with_its_token_answers_a_missing_forum_and_a_bad_body(door, today_forum, register):
    person = register(today_forum)
    missing = door("POST", "/api/v1/checkin", json={"forum_id": 2**31 - 1, "scan": person.ticket_code})
    assert missing.status_code == 404
    bad = door("POST", "/api/v1/checkin", json={"forum_id": today_forum.id, "scan": " "})
    assert bad.status_code == 422 and "scan" in bad.get_json()["error"]["fields"]
    sent = {"forum_id": today_forum.id, "scan": person.ticket_code, "nonce": "n-2"}
    first, again = door("POST", "/api/v1/checkin", json=sent), door("POST", "/api/v1/checkin", json=sent)
    assert first.get_json()["result"] == "ok" and again.get_json() == first.get_json()
