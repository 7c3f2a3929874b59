"""The door pages: search with one-tap check-in, the ticket page's button, walk-ins, undo, live attendance
and the scan log with its exports."""

import io

from openpyxl import load_workbook
from sqlalchemy import select

from app.auth.models import Role
from app.checkin import service
from app.checkin.models import CheckIn, Scan
from app.extensions import db
from app.registration import questions
from app.registration import service as registration_service
from app.registration.models import Registration
from tests.checkin.conftest import commit
from tests.clock import at_every_pinned_moment
from tests.conftest import wait_for_background_jobs


def test_the_door_finds_a_person_by_name_phone_or_organization_and_checks_them_in(
    client, login_as, today_forum, register
):
    staff = login_as(Role.CHECKIN)
    somchai = register(today_forum, first_name="สมชาย", last_name="รักดี", phone="0812345678")
    register(today_forum, first_name="มาลี", last_name="ศรีสุข", organization_name="กลุ่มออมทรัพย์บ้านนา")
    url = f"/forums/{today_forum.id}/checkin/search"
    typed_code = somchai.short_code.lower()[:3] + " " + somchai.short_code.lower()[3:]
    for query, found in (
        ("สมชาย", "สมชาย"),
        ("081-234-5678", "สมชาย"),
        ("บ้านนา", "มาลี"),
        ("รัก ดี", "สมชาย"),
        (typed_code, "สมชาย"),
    ):
        page = client.get(url, query_string={"q": query}).get_data(as_text=True)
        assert found in page and page.count('data-testid="person"') == 1, query
    response = client.post(
        f"/forums/{today_forum.id}/checkin/registrations/{somchai.id}", data={"via": "search"}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-result="ok"' in page and "สมชาย" in page
    checkin = db.session.scalar(select(CheckIn))
    assert checkin.method == "search" and checkin.checked_in_by_id == staff.id
    again = client.post(
        f"/forums/{today_forum.id}/checkin/registrations/{somchai.id}", data={"via": "search"}
    )
    assert 'data-result="already_checked_in"' in client.get(again.headers["Location"]).get_data(as_text=True)


def test_nobody_found_offers_a_walk_in(client, login_as, today_forum):
    login_as(Role.CHECKIN)
    page = client.get(f"/forums/{today_forum.id}/checkin/search?q=ไม่มีใคร").get_data(as_text=True)
    assert 'data-testid="no-match"' in page and "walk-in" in page
    for hostile in ("\x00", "ab\x00c", "%", "_", "\\", "%ff%fe", "a" * 5000):
        assert (
            client.get(f"/forums/{today_forum.id}/checkin/search", query_string={"q": hostile}).status_code
            == 200
        )


def test_the_ticket_page_offers_door_staff_one_tap(client, login_as, today_forum, register):
    person = register(today_forum)
    assert 'data-testid="door-panel"' not in client.get(f"/t/{person.ticket_code}").get_data(as_text=True)
    login_as(Role.CHECKIN)
    page = client.get(f"/t/{person.ticket_code}").get_data(as_text=True)
    assert 'data-testid="ticket-check-in"' in page
    response = client.post(
        f"/forums/{today_forum.id}/checkin/registrations/{person.id}",
        data={"via": "ticket_page", "next": f"/t/{person.ticket_code}"},
    )
    assert response.headers["Location"] == f"/t/{person.ticket_code}"
    page = client.get(f"/t/{person.ticket_code}").get_data(as_text=True)
    assert 'data-result="already_checked_in"' in page
    assert db.session.scalar(select(CheckIn)).method == "ticket_page"


def test_an_unsafe_next_goes_back_to_the_search(client, login_as, today_forum, register):
    person = register(today_forum)
    login_as(Role.CHECKIN)
    response = client.post(
        f"/forums/{today_forum.id}/checkin/registrations/{person.id}",
        data={"via": "ticket_page", "next": "//evil.example/x"},
    )
    assert response.headers["Location"].startswith(f"/forums/{today_forum.id}/checkin/search")


def test_a_person_of_another_forum_is_404(client, login_as, today_forum, create_forum, register):
    person = register(today_forum)
    other = create_forum(status="open")
    login_as(Role.CHECKIN)
    assert client.post(f"/forums/{other.id}/checkin/registrations/{person.id}").status_code == 404


def test_walk_in_form_registers_and_checks_in(client, login_as, today_forum):
    login_as(Role.CHECKIN)
    url = f"/forums/{today_forum.id}/checkin/walk-in"
    page = client.get(url).get_data(as_text=True)
    # The person registered at the door is shown the same privacy notice as on the form.
    assert 'data-testid="walk-in-form"' in page and 'data-testid="privacy-notice"' in page
    bad = client.post(url, data={"first_name": "", "last_name": "ใจงาม", "phone": "12"})
    assert bad.status_code == 200 and "is-invalid" in bad.get_data(as_text=True)
    response = client.post(
        url,
        data={"prefix": "นาง", "first_name": "บุญมี", "last_name": "ใจงาม", "phone": "0899990000"},
    )
    assert response.status_code == 302
    assert 'data-result="ok"' in client.get(response.headers["Location"]).get_data(as_text=True)
    walk_in = db.session.scalars(select(Registration).where(Registration.phone == "0899990000")).one()
    assert walk_in.privacy_notice_version == registration_service.PRIVACY_NOTICE_VERSION
    duplicate = client.post(
        url, data={"prefix": "นาง", "first_name": "บุญมี", "last_name": "ใจงาม", "phone": "089-999-0000"}
    )
    assert 'data-testid="already-registered"' in duplicate.get_data(as_text=True)


def test_walk_in_form_asks_the_forums_questions_and_emails_the_ticket(client, login_as, today_forum, smtp):
    village = questions.add_question(today_forum, {"label": "หมู่บ้าน", "kind": "text", "required": True})
    shirt = questions.add_question(today_forum, {"label": "ขนาดเสื้อ", "kind": "choice", "options": "S\nM\nL"})
    db.session.commit()
    login_as(Role.CHECKIN)
    url = f"/forums/{today_forum.id}/checkin/walk-in"
    page = client.get(url).get_data(as_text=True)
    assert "is-invalid" not in page
    required_part, optional_part = page.split('data-testid="walk-in-optional"')
    # The required question with the required fields; the optional one, the e-mail and consents below.
    assert "หมู่บ้าน" in required_part and "ขนาดเสื้อ" not in required_part
    assert "ขนาดเสื้อ" in optional_part and 'name="email"' in optional_part
    assert 'data-testid="consent-photos"' in optional_part and "checked" not in optional_part
    fields = {"prefix": "นาง", "first_name": "บุญมี", "last_name": "ใจงาม", "phone": "0899990000"}
    missing = client.post(url, data={**fields, f"q{shirt.id}": "M"}).get_data(as_text=True)
    village_block = missing.split(f'for="q{village.id}"')[1].split('data-testid="question"')[0]
    assert 'class="invalid-feedback d-block">กรุณากรอกข้อมูลนี้' in village_block
    assert db.session.scalar(select(Registration)) is None
    response = client.post(
        url,
        data={
            **fields,
            f"q{village.id}": "บ้านหนองปลิง",
            "email": "boonmee@example.org",
            "consent_line_group": "y",
        },
    )
    assert response.status_code == 302
    walk_in = db.session.scalars(select(Registration)).one()
    assert walk_in.answers == {village.key: "บ้านหนองปลิง"}
    assert walk_in.email == "boonmee@example.org" and walk_in.consent_given("line_group")
    wait_for_background_jobs()
    assert [received.to for received in smtp.received] == ["boonmee@example.org"]
    body = smtp.received[0].message.get_body(("plain",)).get_content()
    assert f"http://localhost/t/{walk_in.ticket_code}" in body


def test_door_staff_find_the_organization_in_the_directory(client, login_as, today_forum, organization):
    login_as(Role.CHECKIN)
    url = f"/forums/{today_forum.id}/checkin/organizations"
    assert client.get(url, query_string={"q": "พัฒนาเด็ก"}).get_json() == {
        "items": [{"id": organization.id, "name": organization.name}]
    }
    for hostile in ("\x00", "ab\x00c", "%", "_", "\\", "a" * 5000):
        assert client.get(url, query_string={"q": hostile}).get_json() == {"items": []}


def test_walk_in_over_capacity_needs_an_organizer(client, login_as, today_forum, register):
    today_forum.capacity = 1
    db.session.commit()
    register(today_forum)
    login_as(Role.ORGANIZER)
    url = f"/forums/{today_forum.id}/checkin/walk-in"
    assert 'data-testid="override"' in client.get(url).get_data(as_text=True)
    fields = {"prefix": "นาย", "first_name": "ทองดี", "last_name": "มีสุข", "phone": "0877770000"}
    refused = client.post(url, data=fields)
    assert refused.status_code == 200 and db.session.scalar(select(CheckIn)) is None
    admitted = client.post(url, data={**fields, "override": "y", "override_reason": "วิทยากรพาผู้ช่วยมา"})
    assert admitted.status_code == 302
    assert "วิทยากรพาผู้ช่วยมา" in db.session.scalar(select(Scan)).note


def test_undo_with_a_reason(client, login_as, today_forum, register):
    person = register(today_forum)
    staff = login_as(Role.CHECKIN)
    checkin = service.check_in(today_forum.id, person.ticket_code, staff).checkin
    commit()
    url = f"/forums/{today_forum.id}/checkin/checkins/{checkin.id}/undo"
    client.post(url, data={"reason": ""})
    assert db.session.get(CheckIn, checkin.id).undone_at is None
    client.post(url, data={"reason": "สแกนผิดคน"})
    undone = db.session.get(CheckIn, checkin.id)
    assert (
        undone.undone_at is not None and undone.undo_reason == "สแกนผิดคน" and undone.undone_by_id == staff.id
    )


@at_every_pinned_moment
def test_live_attendance_shows_counts_who_has_not_come_with_phone_links(
    client, login_as, today_forum, register
):
    came, away = register(today_forum), register(today_forum, phone="0861234567")
    staff = login_as(Role.ORGANIZER)
    service.check_in(today_forum.id, came.ticket_code, staff)
    commit()
    page = client.get(f"/forums/{today_forum.id}/attendance").get_data(as_text=True)
    assert 'data-testid="checked-in">1<' in page and 'data-testid="confirmed">2<' in page
    assert 'href="tel:0861234567"' in page and away.full_name in page
    assert f"/api/v1/forums/{today_forum.id}/attendance" in page
    fragment = client.get(f"/forums/{today_forum.id}/attendance/absent").get_data(as_text=True)
    assert away.full_name in fragment and came.full_name not in fragment


def test_the_scan_log_and_its_exports_hold_every_scan(client, login_as, today_forum, register):
    person = register(today_forum, first_name="ประยูร")
    staff = login_as(Role.ORGANIZER)
    service.check_in(today_forum.id, person.ticket_code, staff, device="โทรศัพท์ 1")
    service.check_in(today_forum.id, person.ticket_code, staff, device="โทรศัพท์ 2")
    service.check_in(today_forum.id, "not-a-ticket", staff)
    commit()
    page = client.get(f"/forums/{today_forum.id}/checkin/log").get_data(as_text=True)
    assert page.count('class="scan-line') == 3
    csv_text = client.get(f"/forums/{today_forum.id}/checkin/log.csv").get_data().decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert len(lines) == 4 and "ประยูร" in lines[1] and "โทรศัพท์ 2" in lines[2] and "not-a-ticket" in lines[3]
    workbook = load_workbook(io.BytesIO(client.get(f"/forums/{today_forum.id}/checkin/log.xlsx").get_data()))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 4 and rows[1][2] == staff.display_name


@at_every_pinned_moment
def test_door_staff_start_from_the_forums_of_the_week(client, login_as, today_forum):
    login_as(Role.CHECKIN)
    home = client.get("/")
    assert home.headers["Location"] == "/forums/door"
    page = client.get("/forums/door").get_data(as_text=True)
    assert today_forum.title in page and f"/forums/{today_forum.id}/checkin" in page


def test_the_forum_page_links_the_door_pages(client, login_as, today_forum):
    login_as(Role.ORGANIZER)
    page = client.get(f"/forums/{today_forum.id}").get_data(as_text=True)
    for testid in ("open-scanner", "open-checkin-search", "open-walk-in", "open-attendance", "open-scan-log"):
        assert f'data-testid="{testid}"' in page
