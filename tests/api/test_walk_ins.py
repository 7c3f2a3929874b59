"""/api/v1/forums/{id}/walk-ins: a walk-in queued on a phone offline, sent (and sent again) later."""
# ruff: noqa: F811  (the fixtures imported from tests/checkin/conftest.py are parameters here)

from sqlalchemy import func, select

from app.checkin.models import CheckIn, Method, Scan
from app.extensions import db
from app.registration.models import Registration
from tests.api.test_checkin import door  # noqa: F401  (fixture)
from tests.checkin.conftest import today_forum  # noqa: F401  (fixture)
from tests.registration.conftest import person, register  # noqa: F401  (fixture)


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_walk_in_sent_twice_registers_and_checks_in_once(door, today_forum):
    body = {
        **person(first_name="มาลี", organization_name="ชมรมผู้สูงอายุบ้านใหม่"),
        "nonce": "5f0c2a9e-1111-4c3b-9d7e-000000000001",
        "device": "phone-1",
        "scanned_at": today_forum.starts_at.isoformat() + "+00:00",
    }
    first = door("POST", f"/api/v1/forums/{today_forum.id}/walk-ins", json=body)
    assert first.status_code == 201
    answer = first.get_json()
    assert answer["result"] == "ok" and answer["registration"]["first_name"] == "มาลี"
    assert answer["registration"]["short_code"]
    again = door("POST", f"/api/v1/forums/{today_forum.id}/walk-ins", json=body)
    assert again.status_code == 200 and again.get_json()["scan_id"] == answer["scan_id"]
    assert (count(Registration), count(CheckIn), count(Scan)) == (1, 1, 1)
    checkin = db.session.scalar(select(CheckIn))
    assert checkin.method == Method.WALK_IN and checkin.checked_in_at == today_forum.starts_at


def test_bad_walk_ins_say_why_and_change_nothing(door, today_forum, register):
    url = f"/api/v1/forums/{today_forum.id}/walk-ins"
    missing = door("POST", url, json={"nonce": "n-1", "first_name": "มาลี"})
    assert missing.status_code == 422 and "last_name" in missing.get_json()["error"]["fields"]
    existing = register(today_forum, phone="0812345678")
    twice = door("POST", url, json={**person(phone="081-234-5678"), "nonce": "n-2"})
    assert twice.status_code == 409 and twice.get_json()["error"]["registration_id"] == existing.id
    assert door("POST", "/api/v1/forums/999999/walk-ins", json=person()).status_code == 404
    assert door("POST", url, data="x", content_type="text/plain").status_code == 415
    assert door("POST", url, json={**person(), "scanned_at": "yesterday"}).status_code == 422
    assert (count(Registration), count(CheckIn)) == (1, 0)
