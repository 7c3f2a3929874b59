"""What Schemathesis and probing by hand found answering 500 (issue 13): now a clear 4xx or a result."""

# ruff: noqa: F811  (the fixture imported from tests/checkin/conftest.py is a parameter here)
import pytest

from app.registration.models import Registration
from tests.api.test_forums import BODY as FORUM
from tests.checkin.conftest import today_forum  # noqa: F401  (fixture)


@pytest.mark.parametrize("scan", ["http://[::1/t/abc", "https://x/t/[", "http://[/"])
def test_a_scan_that_is_no_url_is_unknown(api, today_forum, scan):
    response = api("POST", "/api/v1/checkin", json={"forum_id": today_forum.id, "scan": scan})
    assert response.status_code == 200 and response.get_json()["result"] == "unknown"


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59-12:00", "1900-01-01T10:00:00"]
)
def test_a_scan_time_out_of_range_is_422(api, forum, moment):
    body = {"forum_id": forum.id, "scan": "x" * 30, "scanned_at": moment, "nonce": "n-" + moment}
    response = api("POST", "/api/v1/checkin", json=body)
    assert response.status_code == 422 and "scanned_at" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("year", ["0001", "0461", "1900", "9999"])
def test_forum_times_of_odd_years_are_refused_on_create_and_update(api, forum, year):
    moment = f"{year}-10-25T10:00:00+07:00"
    created = api("POST", "/api/v1/forums", json={**FORUM, "starts_at": moment})
    assert created.status_code == 422 and "starts_at" in created.get_json()["error"]["fields"]
    patched = api("PATCH", f"/api/v1/forums/{forum.id}", json={"ends_at": moment})
    assert patched.status_code == 422 and "ends_at" in patched.get_json()["error"]["fields"]


def test_forum_times_come_back_in_rfc_3339_with_bangkoks_offset(api):
    created = api(
        "POST", "/api/v1/forums", json={**FORUM, "starts_at": "1970-01-01T10:00:00+07:00"}
    ).get_json()
    assert created["starts_at"] == "1970-01-01T10:00:00+07:00"


@pytest.mark.parametrize("ids", [[True], [99999999999], [0], ["1"]])
def test_organizers_must_be_ids_of_staff(api, ids):
    response = api("POST", "/api/v1/forums", json={**FORUM, "organizer_ids": ids})
    assert response.status_code == 422 and "organizer_ids" in response.get_json()["error"]["fields"]


def test_a_patch_of_capacity_with_bad_dates_changes_nothing(api, forum):
    before = (forum.capacity, forum.starts_at)
    body = {
        "capacity": forum.capacity + 5,
        "starts_at": "2030-01-02T10:00:00+07:00",
        "ends_at": "2030-01-01T10:00:00+07:00",
    }
    response = api("PATCH", f"/api/v1/forums/{forum.id}", json=body)
    assert response.status_code == 422
    assert (forum.capacity, forum.starts_at) == before  # read again: the request ran in its own session


@pytest.mark.parametrize("invitation_id", [99999999999, True, 0, "1"])
def test_a_registration_through_no_invitation_is_422(api, forum, invitation_id):
    body = {"first_name": "สมชาย", "last_name": "ใจดี", "phone": "0812345678", "invitation_id": invitation_id}
    response = api("POST", f"/api/v1/forums/{forum.id}/registrations", json=body)
    assert response.status_code == 422 and set(response.get_json()["error"]["fields"]) == {"invitation_id"}
    assert Registration.query.count() == 0


def test_a_walk_in_while_the_door_is_closed_is_409(api, forum):
    body = {"first_name": "ณรงค์", "last_name": "สายทอง", "phone": "0961041382", "organization_name": "0"}
    response = api("POST", f"/api/v1/forums/{forum.id}/walk-ins", json=body)
    assert (response.status_code, response.get_json()["error"]["code"]) == (409, "door_closed")
    assert Registration.query.count() == 0
