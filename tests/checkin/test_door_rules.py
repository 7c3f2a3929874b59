"""The door's rules: check-ins (and the door staff's roster) only for a forum open or closed for
registration, from the day before its first day to the end of its last (Bangkok); outside that,
only an organizer's correction with a reason."""

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import func, select

from app.auth.models import Role
from app.checkin import service, walkins
from app.checkin.models import CheckIn, Scan, ScanResult
from app.extensions import db
from app.forums.models import ForumStatus
from app.registration.fields import parse_registration
from app.registration.models import Registration
from tests.conftest import PASSWORD
from tests.registration.conftest import person, register  # noqa: F401  (a fixture)

#: The forum of 25 October 2018, 10.00–16.00 in Bangkok.
DAY = (2018, 10, 25)


def utc(*moment):
    return datetime(*moment)


def at(*moment):
    return time_machine.travel(datetime(*moment, tzinfo=UTC), tick=False)


@pytest.fixture
def held(create_forum, register):  # noqa: F811
    """The forum of 25 October 2018 with one confirmed person, registered the week before."""
    with at(2018, 10, 18, 3, 0):
        forum = create_forum(status="open")
        registration = register(forum)
    return forum, registration


@pytest.mark.parametrize(
    ("moment", "status", "is_open"),
    [
        (utc(2018, 10, 25, 3, 30), "open", True),
        (utc(2018, 10, 25, 3, 30), "closed", True),
        (utc(2018, 10, 23, 17, 0), "open", True),  # 00.00 in Bangkok the day before
        (utc(2018, 10, 23, 16, 59), "open", False),
        (utc(2018, 10, 25, 16, 59), "open", True),  # 23.59 in Bangkok on the day
        (utc(2018, 10, 25, 17, 0), "open", False),
        (utc(2018, 8, 25, 3, 0), "open", False),  # two months before
        (utc(2026, 12, 7, 3, 0), "open", False),  # years after
        (utc(2018, 10, 25, 3, 30), "draft", False),
        (utc(2018, 10, 25, 3, 30), "cancelled", False),
        (utc(2018, 10, 25, 3, 30), "finished", False),
    ],
)
def test_the_door_is_open_on_the_days_of_an_open_or_closed_forum(create_forum, moment, status, is_open):
    forum = create_forum(status=status)
    assert service.door_is_open(forum, moment) is is_open


def test_a_cancelled_forums_ticket_is_refused_two_months_before(held, staff):
    forum, registration = held
    forum.status = ForumStatus.CANCELLED
    db.session.commit()
    with at(2018, 8, 25, 3, 0):
        answer = service.check_in(forum.id, registration.ticket_code, staff)
        db.session.commit()
    assert answer.result == ScanResult.DOOR_CLOSED and answer.registration is None
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 0
    assert db.session.scalar(select(Scan.result)) == ScanResult.DOOR_CLOSED


def test_a_scan_years_later_counts_for_no_day_and_unlocks_no_certificate(held, staff, client):
    forum, registration = held
    forum.status = ForumStatus.FINISHED
    db.session.commit()
    with at(2026, 12, 7, 3, 0):
        assert service.check_in(forum.id, registration.ticket_code, staff).result == ScanResult.DOOR_CLOSED
        db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 0
    assert db.session.get(Registration, registration.id).checked_in_at is None


def test_an_organizer_corrects_the_record_afterwards_with_a_reason(held, staff, create_user):
    forum, registration = held
    organizer = create_user(Role.ORGANIZER)
    with at(2018, 10, 27, 3, 0):
        plain = service.check_in(forum.id, registration.ticket_code, organizer)
        assert plain.result == ScanResult.DOOR_CLOSED
        refused = service.check_in(forum.id, registration.ticket_code, staff, correction="มาแต่ลืมสแกน")
        assert refused.result == ScanResult.DOOR_CLOSED  # door staff make no corrections
        answer = service.check_in(forum.id, registration.ticket_code, organizer, correction="มาแต่ลืมสแกน")
        db.session.commit()
    assert answer.result == ScanResult.OK and answer.checkin.day.isoformat() == "2018-10-25"
    assert db.session.get(Scan, answer.scan_id).note == "มาแต่ลืมสแกน"


def test_on_the_day_the_door_checks_people_in(held, staff):
    forum, registration = held
    with at(2018, 10, 25, 2, 30):
        assert service.check_in(forum.id, registration.ticket_code, staff).result == ScanResult.OK


def _log_in(client, user):
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302


def test_the_door_staffs_roster_and_search_follow_the_window(held, staff, client, create_user):
    forum, registration = held
    with at(2018, 10, 25, 2, 30):
        _log_in(client, staff)
        roster = client.get(f"/api/v1/forums/{forum.id}/roster")
        assert roster.status_code == 200 and roster.json["door_closes_at"] == "2018-10-26T00:00:00+07:00"
        page = client.get(f"/forums/{forum.id}/checkin/search", query_string={"q": registration.first_name})
        assert 'data-testid="person"' in page.get_data(as_text=True)
    with at(2018, 10, 26, 3, 0):
        _log_in(client, staff)  # a new day, a new session (sessions last 12 hours)
        roster = client.get(f"/api/v1/forums/{forum.id}/roster")
        assert roster.status_code == 403 and roster.json["error"]["code"] == "door_closed"
        page = client.get(f"/forums/{forum.id}/checkin/search", query_string={"q": registration.first_name})
        html = page.get_data(as_text=True)
        assert 'data-testid="door-closed"' in html and 'data-testid="person"' not in html
        client.post("/logout")
        _log_in(client, create_user(Role.ORGANIZER))
        assert client.get(f"/api/v1/forums/{forum.id}/roster").status_code == 200
        page = client.get(f"/forums/{forum.id}/checkin/search", query_string={"q": registration.first_name})
        assert 'data-testid="correction-reason"' in page.get_data(as_text=True)
        response = client.post(
            f"/forums/{forum.id}/checkin/registrations/{registration.id}",
            data={"via": "search", "reason": "ลงชื่อในกระดาษ"},
        )
        assert response.status_code == 302
    assert db.session.scalar(select(CheckIn.registration_id)) == registration.id


def test_the_api_answers_door_closed_and_names_nobody(held, staff, client):
    forum, registration = held
    with at(2018, 12, 1, 3, 0):
        _log_in(client, staff)
        body = {"forum_id": forum.id, "scan": registration.ticket_code}
        response = client.post("/api/v1/checkin", json=body)
    assert response.status_code == 200
    assert response.json["result"] == "door_closed" and response.json["registration"] is None


def test_no_walk_in_while_the_door_is_closed(held, staff):
    forum, _registration = held
    data = parse_registration(person(), [])
    with at(2018, 12, 1, 3, 0), pytest.raises(service.CheckInError):
        walkins.admit_walk_in(forum, data, staff)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 1
