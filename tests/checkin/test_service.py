"""The rules of check-in at the service level: once per day, nonces, offline conflicts, undo, refusals."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.checkin import service
from app.checkin.models import CheckIn, Method, Scan, ScanResult
from app.extensions import db
from app.registration import service as registration_service
from tests.checkin.conftest import commit
from tests.clock import at_every_pinned_moment


def scans():
    return db.session.scalars(select(Scan).order_by(Scan.id)).all()


def test_a_ticket_checks_in_once_and_the_second_scan_says_when_and_by_whom(today_forum, attendee, staff):
    first = service.check_in(today_forum.id, attendee.ticket_code, staff, device="phone-1")
    commit()
    assert first.result == ScanResult.OK and first.registration.id == attendee.id
    second = service.check_in(today_forum.id, attendee.ticket_code, staff, device="phone-1")
    commit()
    assert second.result == ScanResult.ALREADY_CHECKED_IN
    assert second.checked_in_at == first.checked_in_at and second.checked_in_by == "สมศรี ประตูหน้า"
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 1
    assert [s.result for s in scans()] == [ScanResult.OK, ScanResult.ALREADY_CHECKED_IN]
    assert db.session.get(type(attendee), attendee.id).checked_in_at == first.checked_in_at


@pytest.mark.parametrize(
    "text",
    [
        "{code}",
        "  {code}\n",
        "https://forums.example.go.th/t/{code}",
        "http://192.168.1.20:5000/t/{code}?utm=line",
        "https://forums.example.go.th/t/{code}/",
    ],
)
def test_a_ticket_url_scans_like_its_code(today_forum, attendee, staff, text):
    answer = service.check_in(today_forum.id, text.format(code=attendee.ticket_code), staff)
    assert answer.result == ScanResult.OK and answer.registration.id == attendee.id


@pytest.mark.parametrize(
    "text",
    [
        "",
        "nonsense",
        "https://forums.example.go.th/f/abcdefgh1234",
        "https://example.org/t/",
        "'; DROP TABLE checkins; --",
        "A" * 5000,
        "WIFI:S:hotel;T:WPA;P:secret;;",
        "%",
    ],
)
def test_anything_else_is_unknown_and_logged(today_forum, attendee, staff, text):
    answer = service.check_in(today_forum.id, text, staff)
    commit()
    assert answer.result == ScanResult.UNKNOWN and answer.registration is None and answer.checkin is None
    (logged,) = scans()
    assert logged.result == ScanResult.UNKNOWN and logged.scan_text == text[:500]


def test_a_ticket_of_another_forum_a_cancelled_and_a_waitlisted_one_are_refused(
    today_forum, create_forum, register, staff, forum
):
    other = forum
    stranger = register(other)
    cancelled = register(today_forum)
    registration_service.cancel(cancelled)
    today_forum.capacity = 1
    db.session.commit()
    register(today_forum)
    waitlisted = register(today_forum)
    assert waitlisted.is_waitlisted
    for registration, result in (
        (stranger, ScanResult.WRONG_FORUM),
        (cancelled, ScanResult.CANCELLED),
        (waitlisted, ScanResult.WAITLISTED),
    ):
        answer = service.check_in(today_forum.id, registration.ticket_code, staff)
        assert (answer.result, answer.registration.id, answer.checkin) == (result, registration.id, None)
    commit()
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 0
    assert len(scans()) == 3


def test_the_same_nonce_sent_again_gets_the_same_answer_and_checks_in_once(today_forum, attendee, staff):
    first = service.check_in(today_forum.id, attendee.ticket_code, staff, nonce="n-1", device="a")
    commit()
    again = service.check_in(today_forum.id, attendee.ticket_code, staff, nonce="n-1", device="a")
    commit()
    assert again.result == ScanResult.OK and again.scan_id == first.scan_id
    assert len(scans()) == 1
    other = service.check_in(today_forum.id, attendee.ticket_code, staff, nonce="n-2", device="a")
    assert other.result == ScanResult.ALREADY_CHECKED_IN


def test_offline_the_earliest_scan_wins_and_the_later_one_becomes_a_conflict(
    today_forum, attendee, staff, other_staff, clock
):
    now = clock.moment
    # Device B scanned at 09.40 offline and synced first; device A had scanned at 09.38, offline too.
    later = service.check_in(
        today_forum.id,
        attendee.ticket_code,
        other_staff,
        nonce="b",
        scanned_at=now - timedelta(minutes=20),
        device="B",
        now=now,
    )
    commit()
    assert later.result == ScanResult.OK
    earlier = service.check_in(
        today_forum.id,
        attendee.ticket_code,
        staff,
        nonce="a",
        scanned_at=now - timedelta(minutes=22),
        device="A",
        now=now + timedelta(minutes=1),
    )
    commit()
    assert earlier.result == ScanResult.OK and earlier.conflict
    (checkin,) = db.session.scalars(select(CheckIn)).all()
    assert checkin.checked_in_at == now - timedelta(minutes=22) and checkin.checked_in_by_id == staff.id
    assert checkin.device == "A"
    b_scan, a_scan = scans()
    assert b_scan.superseded and b_scan.conflict and not a_scan.superseded and a_scan.conflict
    assert db.session.get(type(attendee), attendee.id).checked_in_at == now - timedelta(minutes=22)
    # B re-sending its queued scan gets the answer it got, and changes nothing.
    replay = service.check_in(today_forum.id, attendee.ticket_code, other_staff, nonce="b", device="B")
    assert replay.scan_id == b_scan.id and len(scans()) == 2


def test_an_offline_scan_later_than_the_check_in_is_a_duplicate(
    today_forum, attendee, staff, other_staff, clock
):
    now = clock.moment
    service.check_in(today_forum.id, attendee.ticket_code, staff, device="A", now=now - timedelta(minutes=30))
    commit()
    # B scanned offline after the server knew: an ordinary repeat, though sent late.
    known = service.check_in(
        today_forum.id,
        attendee.ticket_code,
        other_staff,
        scanned_at=now - timedelta(minutes=10),
        device="B",
        now=now,
    )
    assert known.result == ScanResult.ALREADY_CHECKED_IN and not known.conflict
    # B scanned before A's scan reached the server, but later than A's scan: a conflict A wins.
    service.undo(known.checkin, staff, "ทดสอบ")
    commit()
    first = service.check_in(
        today_forum.id,
        attendee.ticket_code,
        staff,
        scanned_at=now - timedelta(minutes=9),
        device="A",
        nonce="x",
        now=now - timedelta(minutes=1),
    )
    blind = service.check_in(
        today_forum.id,
        attendee.ticket_code,
        other_staff,
        scanned_at=now - timedelta(minutes=5),
        device="B",
        nonce="y",
        now=now,
    )
    commit()
    assert first.result == ScanResult.OK
    assert blind.result == ScanResult.ALREADY_CHECKED_IN and blind.conflict
    assert blind.checked_in_at == now - timedelta(minutes=9)


@at_every_pinned_moment
def test_a_wrong_device_clock_cannot_win_every_conflict(today_forum, attendee, staff, clock):
    answer = service.check_in(
        today_forum.id, attendee.ticket_code, staff, scanned_at=clock.moment - timedelta(days=400)
    )
    assert answer.checked_in_at >= today_forum.starts_at - timedelta(days=2)
    assert answer.checkin.day == today_forum.days[0]


@at_every_pinned_moment
def test_a_device_clock_ahead_counts_as_now(today_forum, attendee, staff, clock):
    now = clock.moment
    answer = service.check_in(
        today_forum.id, attendee.ticket_code, staff, scanned_at=now + timedelta(hours=3), now=now
    )
    assert answer.checked_in_at == now and answer.checkin.day == clock.today


@at_every_pinned_moment
def test_a_training_keeps_attendance_per_day(training, register, staff, clock):
    person = register(training)
    days = training.days
    assert days == [clock.today - timedelta(days=1), clock.today, clock.today + timedelta(days=1)]
    for offset in range(3):
        moment = training.starts_at + timedelta(days=offset, minutes=5)
        answer = service.check_in(training.id, person.ticket_code, staff, now=moment)
        assert answer.result == ScanResult.OK and answer.checkin.day == days[offset]
        again = service.check_in(training.id, person.ticket_code, staff, now=moment + timedelta(minutes=1))
        assert again.result == ScanResult.ALREADY_CHECKED_IN
    commit()
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 3
    assert db.session.get(type(person), person.id).checked_in_at == training.starts_at + timedelta(minutes=5)


def test_undo_needs_a_reason_is_logged_and_lets_the_person_check_in_again(today_forum, attendee, staff):
    answer = service.check_in(today_forum.id, attendee.ticket_code, staff, method=Method.SEARCH)
    commit()
    with pytest.raises(service.CheckInError):
        service.undo(answer.checkin, staff, "  ")
    db.session.rollback()
    service.undo(answer.checkin, staff, "สแกนผิดคน")
    commit()
    assert db.session.get(type(attendee), attendee.id).checked_in_at is None
    with pytest.raises(service.CheckInError):
        service.undo(db.session.get(CheckIn, answer.checkin.id), staff, "อีกครั้ง")
    db.session.rollback()
    undo_line = scans()[-1]
    assert (undo_line.action, undo_line.note, undo_line.user_id) == ("undo", "สแกนผิดคน", staff.id)
    again = service.check_in(today_forum.id, attendee.ticket_code, staff)
    commit()
    assert again.result == ScanResult.OK and again.checkin.id != answer.checkin.id


def test_the_door_checks_a_person_in_by_short_code_at_their_forum_only(
    today_forum, register, staff, create_forum
):
    person = register(today_forum)
    typed = person.short_code.lower()[:3] + "-" + person.short_code.lower()[3:]
    answer = service.check_in(today_forum.id, typed, staff)
    commit()
    assert answer.result == ScanResult.OK and answer.registration.id == person.id
    again = service.check_in(today_forum.id, person.short_code, staff)
    assert again.result == ScanResult.ALREADY_CHECKED_IN
    other = create_forum(status="open", starts_at=today_forum.starts_at, ends_at=today_forum.ends_at)
    assert service.check_in(other.id, person.short_code, staff).result == ScanResult.UNKNOWN
