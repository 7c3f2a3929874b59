"""Keeping the directory current in a browser: self-update on a phone, link and merge at a desk."""

import pytest

from app.auth.models import Role
from app.directory import service
from app.directory.models import Organization
from app.extensions import db
from app.timeutil import local_today
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_fits, log_in


@pytest.fixture
def token(organization):
    token = service.renew_self_update_link(organization)
    db.session.commit()
    return token


def fresh(organization):
    db.session.expire_all()
    return db.session.get(Organization, organization.id)


def test_the_contact_confirms_and_corrects_on_a_phone(live_server, phone, organization, token, screenshot):
    phone.goto(f"{live_server}/u/{token}")
    assert organization.name in phone.inner_text("h1")
    assert_fits(phone)
    screenshot(phone, "self-update-phone")

    before = local_today()  # the real clock: Bangkok's day may turn while the browser works
    phone.click("text=ข้อมูลถูกต้อง")
    phone.wait_for_selector("text=ขอบคุณที่ยืนยันว่าข้อมูลถูกต้อง")
    assert before <= fresh(organization).last_confirmed_on <= local_today()
    assert "ยืนยันข้อมูลล่าสุดเมื่อ" in phone.inner_text("[data-testid=last-confirmed]")

    phone.click("summary >> text=แก้ไขข้อมูล")
    phone.fill("input[name=phone]", "055-998877")
    phone.select_option("select[name=district_code]", "6502")
    phone.wait_for_selector("select[name=subdistrict_code] option[value='650201']", state="attached")
    phone.select_option("select[name=subdistrict_code]", "650201")
    assert phone.input_value("input[name=postal_code]") == "65120"
    phone.check("input[name=fields_of_work][value=education]")
    phone.check("input[name=target_groups][value=children]")
    phone.fill("input[name='contacts-1-name']", "นายสมศักดิ์ รักดี")
    phone.fill("input[name='contacts-1-position']", "เลขานุการ")
    phone.click("text=เพิ่มผู้ประสานงานอีกคน")
    phone.fill("input[name='contacts-2-name']", "นางสมศรี มีสุข")
    phone.check("input[name='contacts-0-remove']")
    assert_fits(phone)
    screenshot(phone, "self-update-phone-form")
    phone.click("button:has-text('บันทึกและยืนยันข้อมูล')")
    phone.wait_for_selector("text=บันทึกการแก้ไขและยืนยันข้อมูลเรียบร้อยแล้ว")

    saved = fresh(organization)
    assert saved.phone == "055-998877"
    assert (saved.district_code, saved.subdistrict_code, saved.postal_code) == ("6502", "650201", "65120")
    assert saved.fields_of_work == ["education"] and saved.target_groups == ["children"]
    assert [c.name for c in saved.contacts] == ["นายสมศักดิ์ รักดี", "นางสมศรี มีสุข"]


def test_a_mistake_is_shown_next_to_the_field_on_a_phone(live_server, phone, organization, token, screenshot):
    phone.goto(f"{live_server}/u/{token}")
    phone.click("summary >> text=แก้ไขข้อมูล")
    phone.fill("input[name=email]", "not-an-address")
    phone.fill("input[name=phone]", "099-0000000")
    phone.click("button:has-text('บันทึกและยืนยันข้อมูล')")
    phone.wait_for_selector("input[name=email].is-invalid")
    assert phone.is_visible("text=โปรดกรอกอีเมลให้ถูกต้อง")
    assert_fits(phone)
    screenshot(phone, "self-update-phone-error")
    assert fresh(organization).phone == "055-123456"


def test_a_dead_link_is_a_friendly_page_on_a_phone(live_server, phone, screenshot):
    response = phone.goto(f"{live_server}/u/this-link-was-revoked")
    assert response.status == 404
    assert "ลิงก์นี้ใช้งานไม่ได้" in phone.inner_text("main")
    screenshot(phone, "self-update-phone-404")


def test_the_organizer_makes_copies_and_renews_the_link(
    live_server, desktop, create_user, organization, screenshot
):
    user = create_user(Role.ORGANIZER, name="นางวิไล ทองดี")
    desktop.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    desktop.on("dialog", lambda dialog: dialog.accept())
    log_in(desktop, live_server, user.email, PASSWORD)
    desktop.wait_for_url(f"{live_server}/")
    desktop.goto(f"{live_server}/directory/{organization.id}")
    desktop.click("text=สร้างลิงก์ให้องค์กรปรับปรุงข้อมูล")
    link = desktop.input_value("[data-testid=self-update-url]")
    assert link == f"{live_server}/u/{fresh(organization).self_update_token}"

    desktop.click("button:has-text('คัดลอก') >> nth=0")
    # The button says "copied" once the clipboard has the text: reading it sooner races the write.
    desktop.wait_for_selector("[data-copy='#self-update-url'] .bi-clipboard-check")
    assert desktop.evaluate("navigator.clipboard.readText()") == link
    desktop.click("text=คัดลอกข้อความ")
    desktop.wait_for_selector("[data-copy='#self-update-message'] .bi-clipboard-check")
    message = desktop.evaluate("navigator.clipboard.readText()")
    assert message.startswith("เรียน " + organization.name) and link in message
    screenshot(desktop, "organization-desktop")

    desktop.click("text=สร้างลิงก์ใหม่")
    desktop.wait_for_selector("text=ลิงก์เดิมใช้งานไม่ได้อีกต่อไป")
    assert desktop.input_value("[data-testid=self-update-url]") != link
    desktop.goto(link)
    assert "ลิงก์นี้ใช้งานไม่ได้" in desktop.inner_text("main")


def test_the_organizer_merges_a_duplicate(
    live_server, desktop, create_user, organization, create_organization, screenshot
):
    duplicate = create_organization(
        name="มูลนิธิพัฒนาเด็ก พิษณุโลก",
        email="childfund@example.org",
        line_id="@childfund",
        fields_of_work=["education"],
        contacts=[{"name": "นายสมชาย มั่นคง", "position": "เลขานุการ", "phone": "", "email": ""}],
    )
    duplicate_id = duplicate.id
    user = create_user(Role.ORGANIZER, name="นางวิไล ทองดี")
    desktop.on("dialog", lambda dialog: dialog.accept())
    log_in(desktop, live_server, user.email, PASSWORD)
    desktop.wait_for_url(f"{live_server}/")
    desktop.goto(f"{live_server}/directory/{organization.id}")
    desktop.click("text=รวมรายการซ้ำเข้ากับองค์กรนี้")
    candidate = desktop.locator("[data-testid=merge-candidate]").first
    assert duplicate.name in candidate.inner_text() and "ชื่อเดียวกัน" in candidate.inner_text()
    candidate.locator("text=เปรียบเทียบ").click()
    assert_fits(desktop)
    screenshot(desktop, "merge-preview-desktop")
    desktop.click("button:has-text('รวมข้อมูลและลบรายการซ้ำ')")
    desktop.wait_for_selector("text=เข้ากับองค์กรนี้และลบรายการซ้ำแล้ว")
    assert "รวมรายการซ้ำเข้ากับองค์กรนี้" in desktop.inner_text("#history")
    screenshot(desktop, "organization-after-merge-desktop")
    merged = fresh(organization)
    assert merged.email == "childfund@example.org" and merged.line_id == "@childfund"
    assert db.session.get(Organization, duplicate_id) is None


def test_the_organizers_page_of_an_organization_fits_a_phone(
    live_server, phone, create_user, organization, token, screenshot
):
    user = create_user(Role.ORGANIZER)
    service.self_update(organization, {"phone": "055-246810"})
    db.session.commit()
    log_in(phone, live_server, user.email, PASSWORD)
    phone.wait_for_url(f"{live_server}/")
    phone.goto(f"{live_server}/directory/{organization.id}")
    assert phone.input_value("[data-testid=self-update-url]").endswith(token)
    assert "องค์กรแจ้งเอง" in phone.inner_text("#history")
    assert_fits(phone)
    screenshot(phone, "organization-phone")
