from app.auth.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in


def test_organizer_logs_in_on_a_phone_and_sees_the_directory(
    live_server, phone, create_user, organization, screenshot
):
    user = create_user(Role.ORGANIZER)
    log_in(phone, live_server, user.email, PASSWORD)
    phone.wait_for_url(f"{live_server}/forums/")
    phone.goto(f"{live_server}/directory/")
    rows = phone.locator("[data-testid=org-row]")
    assert rows.count() == 1
    assert organization.name in rows.first.inner_text()
    assert "เมืองพิษณุโลก" in rows.first.inner_text()
    # Nothing may stick out sideways on a phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "directory-phone")


def test_language_switch_is_remembered(live_server, desktop, create_user, organization):
    user = create_user(Role.ORGANIZER)
    log_in(desktop, live_server, user.email, PASSWORD)
    desktop.wait_for_url(f"{live_server}/forums/")
    desktop.goto(f"{live_server}/directory/")
    assert "ทำเนียบ" in desktop.inner_text("h1")
    desktop.click("text=English")
    assert "directory" in desktop.inner_text("h1").lower()
    desktop.goto(f"{live_server}/directory/{organization.id}")
    assert "Contacts" in desktop.inner_text("main")
