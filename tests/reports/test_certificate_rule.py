"""Attendance per day: the forum's certificate rule (a check-in on any day, or on every day of a training
of several days, from the standing check-ins) on every certificate path, and the days in the reports."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import event, select

from app.auth.models import Role
from app.checkin import service as checkin
from app.checkin.models import CheckIn
from app.extensions import db
from app.forums.models import CertificateRule, ForumStatus
from app.registration.models import Registration
from app.reports import generated
from app.reports.certificates import (
    certificate_eligible,
    eligible_ids,
    eligible_registrations,
    issue_certificates,
)
from app.reports.documents import ATTENDANCE_SHEET
from app.reports.models import Certificate
from app.reports.summary import summary_report
from app.thai import thai_date
from tests.conftest import wait_for_background_jobs
from tests.pdf_helpers import contains, page_count, page_texts, qr_codes_on_page
from tests.reports.people import make_organizations, seat_people
from tests.reports.test_documents import phones_in

#: Which of the three days each of the training's people came on.
CAME_ON = {"every day": (0, 1, 2), "two of three": (0, 2), "first day only": (0,), "never": ()}


@pytest.fixture
def staff(create_user):
    return create_user(Role.CHECKIN, name="สมศรี ประตูหน้า")


def _check_in(forum, registration, staff, day):
    """Check the person in at the door on the forum's day (0 first), a few minutes after the start,
    while the forum was running (closed for registration: the door takes no check-in once finished)."""
    moment = forum.starts_at + timedelta(days=day, minutes=5 + registration.id)
    status, forum.status = forum.status, ForumStatus.CLOSED
    try:
        return checkin.check_in(forum.id, registration.ticket_code, staff, now=moment).checkin
    finally:
        forum.status = status


def _held(create_forum, clock, days, rule):
    """A finished forum of ``days`` days that ended the day before the clock's moment, 09.00–16.00
    Bangkok time each day."""
    start = clock.at(9, 0, days=-days)
    return create_forum(
        status=ForumStatus.FINISHED,
        kind="training",
        starts_at=start,
        ends_at=start + timedelta(days=days - 1, hours=7),
        certificate_rule=rule,
    )


@pytest.fixture
def training(create_forum, staff, clock):
    """A three-day training asking for every day, and its people by what they attended."""
    forum = _held(create_forum, clock, 3, CertificateRule.EVERY_DAY)
    people = dict(zip(CAME_ON, seat_people(forum, len(CAME_ON), make_organizations()), strict=True))
    for name, days in CAME_ON.items():
        for day in days:
            _check_in(forum, people[name], staff, day)
    db.session.commit()
    assert len(forum.days) == 3
    return forum, people


def _checkins(registration):
    return db.session.scalars(
        db.select(CheckIn).where(CheckIn.registration_id == registration.id).order_by(CheckIn.day)
    ).all()


def _rule(forum, rule):
    forum.certificate_rule = rule
    db.session.commit()


def test_every_day_of_a_training_needs_a_check_in_each_day_any_day_needs_one(training):
    forum, people = training
    assert {name for name, r in people.items() if certificate_eligible(r)} == {"every day"}
    assert [r.id for r in eligible_registrations(forum)] == [people["every day"].id]
    _rule(forum, CertificateRule.ANY_DAY)
    eligible = {name for name, r in people.items() if certificate_eligible(r)}
    assert eligible == {"every day", "two of three", "first day only"}


def test_an_undone_check_in_does_not_count(training, staff):
    forum, people = training
    full = people["every day"]
    checkin.undo(_checkins(full)[1], staff, "สแกนผิดคน")
    db.session.commit()
    assert not certificate_eligible(full)
    _check_in(forum, full, staff, 1)
    db.session.commit()
    assert certificate_eligible(full)
    # Under "any day" too: with every check-in of a person undone, no certificate.
    _rule(forum, CertificateRule.ANY_DAY)
    once = people["first day only"]
    [only] = _checkins(once)
    checkin.undo(only, staff, "ไม่ได้มา")
    db.session.commit()
    assert not certificate_eligible(db.session.get(Registration, once.id))


def test_a_forum_of_one_day_is_the_same_under_either_rule(create_forum, staff, clock):
    forum = _held(create_forum, clock, 1, CertificateRule.EVERY_DAY)
    came, absent = seat_people(forum, 2, make_organizations())
    _check_in(forum, came, staff, 0)
    db.session.commit()
    for rule in CertificateRule:
        _rule(forum, rule)
        assert certificate_eligible(came) and not certificate_eligible(absent)


def test_the_forums_eligible_people_take_a_fixed_number_of_queries(create_forum, staff, clock):
    forum = _held(create_forum, clock, 3, CertificateRule.EVERY_DAY)
    people = seat_people(forum, 60, make_organizations())
    for n, registration in enumerate(people):
        for day in range(3 if n % 3 else 2):
            _check_in(forum, registration, staff, day)
    db.session.commit()
    db.session.expire_all()
    statements = []
    engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        eligible = eligible_registrations(forum)
        eligible_ids(forum, eligible)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(eligible) == 40
    # The registrations, their organizations, the check-ins twice: not one query per person.
    assert len(statements) <= 5, statements


def test_the_combined_pdf_has_a_page_for_each_eligible_person(client, login_as, training):
    forum, _people = training
    login_as(Role.ORGANIZER)
    every_day = client.get(f"/forums/{forum.id}/documents/certificates.pdf")
    assert every_day.status_code == 200 and page_count(every_day.data) == 1
    _rule(forum, CertificateRule.ANY_DAY)
    any_day = client.get(f"/forums/{forum.id}/documents/certificates.pdf")
    assert any_day.status_code == 200 and page_count(any_day.data) == 3


def test_the_ticket_page_and_the_verify_page_follow_the_rule(client, training, staff):
    forum, people = training
    partly = people["two of three"]
    ticket = f"/t/{partly.ticket_code}"
    assert client.get(f"{ticket}/certificate.pdf").status_code == 404
    assert 'data-testid="certificate-pdf"' not in client.get(ticket).get_data(as_text=True)
    _rule(forum, CertificateRule.ANY_DAY)
    assert 'data-testid="certificate-pdf"' in client.get(ticket).get_data(as_text=True)
    download = client.get(f"{ticket}/certificate.pdf")
    assert download.status_code == 200
    [url] = qr_codes_on_page(download.data, 1)
    assert client.get(urlsplit(url).path).status_code == 200
    # Asking for every day afterwards does not take back the certificate already issued: it still
    # verifies, though the ticket page no longer offers one to a person who came on two days of three.
    _rule(forum, CertificateRule.EVERY_DAY)
    assert client.get(urlsplit(url).path).status_code == 200
    assert 'data-testid="certificate-pdf"' not in client.get(ticket).get_data(as_text=True)
    # A check-in undone as a mistake does take it back, under the rule it was issued under.
    for checkin_row in _checkins(partly):
        checkin.undo(checkin_row, staff, "สแกนผิดคน")
    db.session.commit()
    page = client.get(urlsplit(url).path)
    assert page.status_code == 404 and 'data-testid="certificate-not-found"' in page.get_data(as_text=True)


def test_the_summary_report_keeps_came_once_and_adds_each_days_attendance(client, login_as, training):
    forum, _people = training
    report = summary_report(forum)
    assert report.people.attended == 3  # came at least once, whatever the certificate rule
    assert report.days == list(zip(forum.days, (3, 1, 2), strict=True))
    login_as(Role.ORGANIZER)
    text = "\n".join(page_texts(client.get(f"/forums/{forum.id}/documents/summary-report.pdf").data))
    for n, (day, count) in enumerate(report.days, start=1):
        assert contains(text, f"วันที่ {n} ({thai_date(day)}) {count}")


def test_the_attendance_sheet_marks_the_days_each_person_came(client, login_as, training, staff):
    forum, people = training
    login_as(Role.ORGANIZER)
    url = f"/forums/{forum.id}/documents/attendance-sheet.pdf"
    text = "\n".join(page_texts(client.get(url).data))
    assert contains(text, "มาร่วม 3 คน จาก 4 คน")
    assert contains(text, "วันที่ 1: 3 คน · วันที่ 2: 1 คน · วันที่ 3: 2 คน")
    lines = {phone: line for line in text.splitlines() for phone in phones_in(line)}
    expected = {"every day": "1 2 3", "two of three": "1 – 3", "first day only": "1 – –", "never": "– – –"}
    for name, marks in expected.items():
        assert lines[people[name].phone_display].rstrip().endswith(marks), lines[people[name].phone_display]
    # Undoing a later day leaves the first arrival as it was, and still makes a new sheet.
    before = generated.fingerprint(ATTENDANCE_SHEET, forum)
    checkin.undo(_checkins(people["two of three"])[1], staff, "สแกนผิดคน")
    db.session.commit()
    assert generated.fingerprint(ATTENDANCE_SHEET, forum) != before
    text = "\n".join(page_texts(client.get(url).data))
    line = next(line for line in text.splitlines() if people["two of three"].phone_display in line)
    assert line.rstrip().endswith("1 – –")


def test_certificates_are_emailed_only_to_those_the_rule_names(client, login_as, training, smtp):
    forum, people = training
    login_as(Role.ORGANIZER)
    page = client.get(f"/forums/{forum.id}/documents/certificates/email").get_data(as_text=True)
    assert "เฉพาะผู้ที่เช็กอินครบทั้ง 3 วัน" in page and 'data-testid="every-day-rule"' in page
    response = client.post(f"/forums/{forum.id}/documents/certificates/email")
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    wait_for_background_jobs()
    assert sorted(smtp.by_recipient()) == [people["every day"].email]


def test_certificates_issued_before_they_kept_a_rule_take_their_forums_rule(training):
    _forum, people = training
    issue_certificates([people["every day"]])
    db.session.commit()
    db.session.remove()
    downgrade(revision="0012")
    upgrade()
    assert db.session.scalar(select(Certificate.rule)) == CertificateRule.EVERY_DAY
