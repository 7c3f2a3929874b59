"""The door pages on a phone: find and check in with one tap, the ticket page's button, a walk-in
(the forum's questions, the organization from the directory, the ticket by e-mail), and the
organizer's live attendance changing while someone checks in elsewhere."""

# ruff: noqa: F811  (the fixtures imported from tests/checkin/conftest.py are parameters here)

from sqlalchemy import select

from app.auth.models import Role
from app.checkin import service
from app.extensions import db
from app.registration import questions
from app.registration.models import Registration
from tests.checkin.conftest import today_forum  # noqa: F401
from tests.conftest import PASSWORD
from tests.e2e.conftest import (
    assert_accessible,
    assert_fits,
    log_in,
    pick_organization,
    type_organization,
)
from tests.registration.conftest import outbox, register  # noqa: F401


def test_door_staff_find_check_in_and_register_a_walk_in_on_a_phone(
    live_server, phone, today_forum, register, create_user, organization, outbox, screenshot
):
    register(
        today_forum,
        prefix="นางสาว",
        first_name="สมใจ",
        last_name="รักษ์ถิ่นพัฒนาชุมชนยั่งยืน",
        organization_id=organization.id,
        position="ประธานกรรมการ",
    )
    register(today_forum, first_name="สมศักดิ์", last_name="ใจดี", organization_name="กลุ่มออมทรัพย์บ้านนา")
    village = questions.add_question(today_forum, {"label": "หมู่บ้าน", "kind": "text", "required": True})
    questions.add_question(today_forum, {"label": "ขนาดเสื้อ", "kind": "choice", "options": "S\nM\nL\nXL"})
    db.session.commit()
    staff = create_user(Role.CHECKIN, name="อรุณี ประตูหน้า")
    log_in(phone, live_server, staff.email, PASSWORD)
    phone.goto(f"{live_server}/")
    phone.wait_for_selector("[data-testid=door-forum]")
    phone.click("text=ค้นหาจากชื่อ")
    phone.fill("[data-testid=search-input]", "สม")
    phone.keyboard.press("Enter")
    phone.wait_for_selector("[data-testid=person] >> nth=1")
    assert_fits(phone)
    assert_accessible(phone)
    screenshot(phone, "checkin-search-phone")
    phone.click("[data-testid=person]:has-text('สมใจ') [data-testid=check-in]")
    result = phone.wait_for_selector("[data-testid=scan-result]")
    assert result.get_attribute("data-result") == "ok"
    assert "สมใจ" in result.inner_text()
    assert_fits(phone)
    screenshot(phone, "checkin-search-done-phone")

    phone.click("[data-testid=tab-walk-in]")
    # No title is chosen beforehand: a wrong one would end up on the badge and the certificate.
    assert phone.input_value("select[name=prefix]") == ""
    phone.select_option("select[name=prefix]", "นาย")
    phone.fill("input[name=first_name]", "บุญมี")
    phone.fill("input[name=last_name]", "มาหน้างาน")
    phone.fill("input[name=phone]", "089 765 4321")
    type_organization(phone, "พัฒนาเด็ก")
    assert_fits(phone)
    screenshot(phone, "checkin-walk-in-typeahead-phone", full_page=False)
    pick_organization(phone, organization)
    phone.fill("input[name=email]", "boonmee@example.org")
    phone.check("text=XL")
    phone.check("[data-testid=consent-line]")
    phone.click("[data-testid=walk-in-submit]")
    # The required question left empty: its message stands next to it, and the rest is kept.
    error = phone.wait_for_selector(f"[data-testid=question]:has(#q{village.id}) .invalid-feedback")
    assert error.is_visible() and phone.input_value("input[name=email]") == "boonmee@example.org"
    assert_fits(phone)
    screenshot(phone, "checkin-walk-in-missing-answer-phone")
    phone.fill(f"#q{village.id}", "บ้านวัดจันทร์")
    assert_fits(phone)
    assert_accessible(phone)
    screenshot(phone, "checkin-walk-in-phone")
    phone.click("[data-testid=walk-in-submit]")
    assert phone.wait_for_selector("[data-testid=scan-result]").get_attribute("data-result") == "ok"
    walk_in = db.session.scalars(select(Registration).where(Registration.first_name == "บุญมี")).one()
    assert walk_in.organization_id == organization.id and walk_in.consent_given("line_group")
    assert sorted(walk_in.answers.values()) == ["XL", "บ้านวัดจันทร์"]
    assert list(outbox.messages()) == ["boonmee@example.org"]


def test_a_phone_camera_opens_the_ticket_and_staff_check_in_with_one_tap(
    live_server, phone, today_forum, register, create_user, screenshot
):
    person = register(today_forum, first_name="ประเสริฐ", last_name="ทองคำ")
    staff = create_user(Role.CHECKIN, name="อรุณี ประตูหน้า")
    log_in(phone, live_server, staff.email, PASSWORD)
    phone.goto(f"{live_server}/t/{person.ticket_code}")
    phone.wait_for_selector("[data-testid=ticket-check-in]")
    screenshot(phone, "checkin-ticket-page-phone")
    phone.click("[data-testid=ticket-check-in]")
    result = phone.wait_for_selector("[data-testid=scan-result]")
    assert result.get_attribute("data-result") == "already_checked_in"
    assert "อรุณี ประตูหน้า" in result.inner_text()
    assert_fits(phone)


def test_live_attendance_follows_the_door_without_a_reload(
    live_server, phone, today_forum, register, create_user, organization, screenshot
):
    people = [register(today_forum, organization_id=organization.id) for _ in range(3)]
    register(today_forum, organization_name="กลุ่มที่ไม่อยู่ในทำเนียบ")
    organizer = create_user(Role.ORGANIZER)
    log_in(phone, live_server, organizer.email, PASSWORD)
    phone.goto(f"{live_server}/forums/{today_forum.id}/attendance")
    assert phone.inner_text("[data-testid=checked-in]") == "0"
    phone.evaluate("window.__sameDocument = true")
    for person in people[:2]:
        service.check_in(today_forum.id, person.ticket_code, organizer, device="โทรศัพท์ 2")
    db.session.commit()
    phone.wait_for_function(
        "document.querySelector('[data-testid=checked-in]').textContent === '2'", timeout=15000
    )
    phone.wait_for_function(
        "document.querySelectorAll('[data-testid=absent-list] li').length === 2", timeout=15000
    )
    assert phone.evaluate("window.__sameDocument") is True
    assert_fits(phone)
    screenshot(phone, "checkin-attendance-phone")
