"""Registering on a phone from the public link, and what the ticket and the organizer's table look like."""

from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.forums import invitations as forum_invitations
from app.registration import questions, service
from app.registration.fields import parse_registration
from app.registration.models import Registration
from tests.conftest import PASSWORD
from tests.e2e.conftest import (
    assert_accessible,
    assert_fits,
    loaded_image_width,
    log_in,
    pick_organization,
    type_organization,
)
from tests.registration.conftest import person


def register(forum, invitation=None, **overrides):
    registration = service.register(forum, parse_registration(person(**overrides)), invitation)
    db.session.commit()
    return registration


def test_register_on_a_phone_from_the_public_link_and_see_the_ticket(
    live_server, phone, forum, organization, screenshot
):
    questions.add_question(
        forum, {"label": "ขนาดเสื้อ", "kind": "choice", "options": "S\nM\nL\nXL", "required": True}
    )
    db.session.commit()
    phone.goto(f"{live_server}/f/{forum.public_code}")
    phone.click("[data-testid=register-button]")
    phone.wait_for_selector("[data-testid=registration-form]")
    screenshot(phone, "registration-form-phone")

    phone.click("label[for=prefix-2]")  # นางสาว
    phone.fill("input[name=first_name]", "สมใจ")
    phone.fill("input[name=last_name]", "รักษ์ถิ่น")
    phone.fill("input[name=position]", "เลขานุการ")
    type_organization(phone, "พัฒนาเด็ก")
    screenshot(phone, "registration-typeahead-phone")
    pick_organization(phone, organization)
    phone.fill("input[name=phone]", "089 123 4567")
    phone.check("text=M")
    phone.check("[data-testid=consent-photos]")
    phone.check("[data-testid=privacy-ack]")
    # Nothing may stick out sideways on a phone.
    assert_fits(phone)
    phone.click("[data-testid=submit-registration]")

    phone.wait_for_selector("[data-testid=ticket]")
    assert phone.get_attribute("[data-testid=ticket]", "data-status") == "confirmed"
    assert "นางสาวสมใจ รักษ์ถิ่น" in phone.inner_text("[data-testid=ticket-name]")
    assert organization.name in phone.inner_text("[data-testid=ticket-organization]")
    assert loaded_image_width(phone, "[data-testid=ticket-qr]") > 200
    assert phone.is_visible("[data-testid=manage-link]")
    assert_fits(phone)
    screenshot(phone, "registration-ticket-phone")

    registration = db.session.scalar(select(Registration))
    assert registration.phone == "0891234567" and registration.organization_id == organization.id
    assert phone.url.endswith(f"/t/{registration.ticket_code}")


def test_a_mistake_is_shown_next_to_its_field(live_server, phone, forum, screenshot):
    phone.goto(f"{live_server}/f/{forum.public_code}/register")
    phone.fill("input[name=first_name]", "สมชาย")
    phone.fill("input[name=phone]", "12345")
    phone.click("[data-testid=submit-registration]")
    phone.wait_for_selector("[data-testid=form-errors]")
    assert "081-234-5678" in phone.inner_text(".registration-form")
    # No title was chosen for the person (none is chosen beforehand), and the last name is missing.
    assert "กรุณาเลือกคำนำหน้า" in phone.inner_text(".registration-form")
    assert phone.locator("input[name=last_name].is-invalid").count() == 1
    assert_accessible(phone)
    screenshot(phone, "registration-errors-phone")

    # Each message goes as soon as its field is put right, before anything is sent again.
    phone.fill("input[name=last_name]", "ใจดี")
    assert phone.locator("input[name=last_name].is-invalid").count() == 0
    assert phone.locator("input[name=last_name] ~ .invalid-feedback").count() == 0
    phone.click("label[for=prefix-3]")  # ดร.
    assert "กรุณาเลือกคำนำหน้า" not in phone.inner_text(".registration-form")
    assert "081-234-5678" in phone.inner_text(".registration-form")  # the phone is still wrong


def test_waitlist_ticket_and_the_delegates_of_an_invitation(
    live_server, phone, create_forum, forum, organization, screenshot
):
    invitation = forum_invitations.invite_organizations(forum, [organization], seats=3)[0]
    forum.capacity = 1
    db.session.commit()
    register(forum, invitation, first_name="สมชาย")
    waiting = register(forum, invitation, first_name="สมศรี")
    phone.goto(f"{live_server}/t/{waiting.ticket_code}")
    assert phone.inner_text("[data-testid=waitlist-position]").strip() == "ลำดับที่ 1"
    assert phone.locator("[data-testid=ticket-qr]").count() == 0
    screenshot(phone, "registration-waitlist-phone")
    phone.goto(f"{live_server}/i/{invitation.token}")
    assert phone.locator("[data-testid=delegate]").count() == 2
    screenshot(phone, "registration-invitation-delegates-phone")


def test_the_organizers_table_on_a_desktop(
    live_server, desktop, create_user, forum, organization, screenshot
):
    forum.capacity = 2
    db.session.commit()
    register(forum, first_name="สมชาย", organization_id=organization.id, email="somchai@example.org")
    register(forum, first_name="สมหญิง", prefix="นางสาว", organization_name="ชมรมผู้สูงอายุบ้านนา")
    register(forum, first_name="ประเสริฐ")
    user = create_user(Role.ORGANIZER)
    log_in(desktop, live_server, user.email, PASSWORD)
    desktop.wait_for_url(f"{live_server}/")
    desktop.goto(f"{live_server}/forums/{forum.id}/registrations")
    assert desktop.locator("[data-testid=registration-row]").count() == 3
    assert desktop.inner_text("[data-testid=count-waitlisted]").strip() == "1"
    screenshot(desktop, "registration-table-desktop")
    desktop.goto(f"{live_server}/forums/{forum.id}")
    screenshot(desktop, "registration-forum-page-desktop")


def test_a_long_list_on_a_phone_pages_keeps_the_search_on_top_and_calls_with_a_tap(
    live_server, phone, create_user, forum, screenshot
):
    for n in range(97):
        register(forum, first_name=f"ผู้เข้าร่วม{n:02d}", phone=f"081{n:07d}")
    user = create_user(Role.ORGANIZER)
    log_in(phone, live_server, user.email, PASSWORD)
    phone.wait_for_url(f"{live_server}/")
    phone.goto(f"{live_server}/forums/{forum.id}/registrations")
    assert phone.locator("[data-testid=registration-row]").count() == 30
    search = phone.eval_on_selector("[data-testid=search]", "e => e.getBoundingClientRect().bottom")
    assert search < phone.viewport_size["height"]
    assert phone.get_attribute("[data-testid=phone-link] >> nth=0", "href").startswith("tel:081")
    assert_fits(phone)
    assert_accessible(phone)
    screenshot(phone, "registration-list-phone")

    phone.fill("[data-testid=search]", "081-000-0042")
    phone.click("[data-testid=registration-filter] button[type=submit]")
    phone.wait_for_url("**q=*")
    assert phone.locator("[data-testid=registration-row]").count() == 1
    assert "ผู้เข้าร่วม42" in phone.inner_text("[data-testid=registration-row]")
