from app.auth.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_fits, log_in


def test_organizer_logs_in_on_a_phone_and_sees_the_directory(
    live_server, phone, create_user, organization, screenshot
):
    user = create_user(Role.ORGANIZER)
    log_in(phone, live_server, user.email, PASSWORD)
    phone.wait_for_url(f"{live_server}/")
    phone.goto(f"{live_server}/directory/")
    rows = phone.locator("[data-testid=org-row]")
    assert rows.count() == 1
    assert organization.name in rows.first.inner_text()
    assert "เมืองพิษณุโลก" in rows.first.inner_text()
    # Nothing may stick out sideways on a phone.
    assert_fits(phone)
    screenshot(phone, "directory-phone")


def test_language_switch_is_remembered(live_server, desktop, create_user, organization):
    user = create_user(Role.ORGANIZER)
    log_in(desktop, live_server, user.email, PASSWORD)
    desktop.wait_for_url(f"{live_server}/")
    desktop.goto(f"{live_server}/directory/")
    assert "ทำเนียบ" in desktop.inner_text("h1")
    desktop.click("text=English")
    assert "directory" in desktop.inner_text("h1").lower()
    desktop.goto(f"{live_server}/directory/{organization.id}")
    assert "Contacts" in desktop.inner_text("main")


def test_the_booklet_button_prints_the_filtered_list(
    live_server, desktop, phone, create_user, organization, screenshot
):
    user = create_user(Role.ORGANIZER)
    log_in(desktop, live_server, user.email, PASSWORD, next_path="/directory/")
    desktop.wait_for_url(f"{live_server}/directory/")
    desktop.select_option("#kind", "public_benefit")
    desktop.click("button[type=submit] >> text=ค้นหา")
    desktop.wait_for_url("**kind=public_benefit**")
    link = desktop.locator("[data-testid=booklet-link]")
    assert "พิมพ์ทำเนียบ" in link.inner_text()
    assert link.get_attribute("href") == "/directory/booklet.pdf?kind=public_benefit"
    # The booklet takes a while: the page says it is being made, then saves the PDF.
    with desktop.expect_download() as download:
        link.click()
        assert desktop.locator("[data-testid=booklet-status]").is_visible()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-" and download.value.suggested_filename.endswith(".pdf")
    desktop.wait_for_selector("[data-testid=booklet-status][data-state=done]")
    assert link.get_attribute("aria-busy") is None
    screenshot(desktop, "directory-booklet-button-desktop")

    log_in(phone, live_server, user.email, PASSWORD, next_path="/directory/")
    phone.wait_for_url(f"{live_server}/directory/")
    assert phone.locator("[data-testid=booklet-link]").is_visible()
    assert_fits(phone)
    screenshot(phone, "directory-booklet-button-phone")
