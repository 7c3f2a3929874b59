"""Forum documents in a real browser: the Documents card, a big document made in the background
(its progress bar, then the download), and a participant's certificate from the ticket to the verify page."""

from app.auth.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_fits, log_in
from tests.pdf_helpers import page_count
from tests.reports import fixtures

seated = fixtures.seated
finished_forum = fixtures.finished_forum


def test_a_big_document_is_prepared_with_a_progress_bar_then_downloaded(
    app, live_server, phone, screenshot, create_user, forum, seated, monkeypatch, tmp_path
):
    monkeypatch.setitem(app.config, "DOCUMENTS_BACKGROUND_ROWS", 20)
    monkeypatch.setitem(app.config, "GENERATED_DOCUMENTS_DIR", str(tmp_path / "documents"))
    seated(40)
    user = create_user(Role.ORGANIZER, name="สมศรี ใจดี")
    log_in(phone, live_server, user.email, PASSWORD)
    phone.goto(f"{live_server}/forums/{forum.id}")
    card = phone.locator("[data-testid=forum-documents]")
    assert "แบบลงทะเบียน" in card.inner_text() and "ป้ายชื่อ" in card.inner_text()
    card.scroll_into_view_if_needed()
    assert_fits(phone)
    screenshot(phone, "documents-card-phone", full_page=False)

    phone.click("[data-testid=prepare-badges]")
    phone.click("[data-testid=document-prepare]")
    phone.locator("[data-testid=document-download]").wait_for(timeout=120000)
    assert "5 หน้า" in phone.inner_text("[data-testid=document-ready]")
    assert_fits(phone)
    screenshot(phone, "document-ready-phone")
    pdf = phone.request.get(live_server + phone.get_attribute("[data-testid=document-download]", "href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and page_count(pdf.body()) == 5


def test_a_participant_downloads_their_certificate_and_its_code_verifies(
    live_server, phone, screenshot, finished_forum, seated
):
    [registration] = seated(1, checked_in_every=1)
    phone.goto(f"{live_server}/t/{registration.ticket_code}")
    assert_fits(phone)
    screenshot(phone, "ticket-certificate-phone")
    pdf = phone.request.get(live_server + phone.get_attribute("[data-testid=certificate-pdf]", "href"))
    assert pdf.ok and page_count(pdf.body()) == 1

    from app.reports.models import Certificate

    code = Certificate.query.one().code
    phone.goto(f"{live_server}/certificates/{code}")
    assert registration.full_name in phone.inner_text("[data-testid=certificate-name]")
    assert_fits(phone)
    screenshot(phone, "certificate-verify-phone")
    phone.goto(f"{live_server}/certificates/not-a-real-code")
    assert phone.locator("[data-testid=certificate-not-found]").is_visible()
    screenshot(phone, "certificate-not-found-phone")
