"""Letters take a while to make: every letters download, all or ticked, says it is being made and then
saves the PDF (static/js/slow-download.js), on the forum's page and on its invitations page."""

import pdfplumber

from app.auth.models import Role
from app.extensions import db
from app.forums import invitations
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, log_in


def _download(page, control):
    with page.expect_download() as download:
        page.click(control)
        assert page.locator("[data-testid=letters-status]").is_visible()
    page.wait_for_selector("[data-testid=letters-status][data-state=done]")
    assert page.get_attribute(control, "aria-busy") is None
    with pdfplumber.open(download.value.path()) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def test_letters_show_progress_and_arrive(
    live_server, desktop, create_user, forum, organization, create_organization, screenshot
):
    other = create_organization(name="ชมรมผู้สูงอายุบ้านคลอง")
    invitations.invite_organizations(forum, [organization, other], seats=1)
    db.session.commit()
    user = create_user(Role.ORGANIZER)
    log_in(desktop, live_server, user.email, PASSWORD, next_path=f"/forums/{forum.id}")
    desktop.wait_for_url(f"{live_server}/forums/{forum.id}")

    text = _download(desktop, "[data-testid=section-invitations] [data-testid=all-letters]")
    assert organization.name in text and other.name in text
    assert "พร้อมแล้ว" in desktop.inner_text("[data-testid=letters-status]")
    assert_accessible(desktop)

    desktop.goto(f"{live_server}/forums/{forum.id}/invitations")
    desktop.check(f"input[name=invitation_ids][aria-label='{other.name}']")
    text = _download(desktop, "[data-testid=ticked-letters]")
    assert other.name in text and organization.name not in text
    screenshot(desktop, "letters-ticked-desktop")
    assert_accessible(desktop)


def test_a_large_batch_opens_its_background_document_page(
    app, live_server, desktop, create_user, forum, organization, create_organization, monkeypatch
):
    # The live server runs in this process: two letters count as a large batch here.
    monkeypatch.setitem(app.config, "DOCUMENTS_BACKGROUND_ROWS", 2)
    other = create_organization(name="ชมรมผู้สูงอายุบ้านคลอง")
    invitations.invite_organizations(forum, [organization, other], seats=1)
    db.session.commit()
    user = create_user(Role.ORGANIZER)
    log_in(desktop, live_server, user.email, PASSWORD, next_path=f"/forums/{forum.id}/invitations")
    desktop.wait_for_url(f"{live_server}/forums/{forum.id}/invitations")
    # The status may be gone with the page before it could be read: only where the page lands is checked.
    desktop.click("[data-testid=all-letters]")
    desktop.wait_for_url(f"{live_server}/forums/{forum.id}/documents/invitation-letters")
    assert desktop.locator("[data-testid=document-state]").is_visible()
    assert_accessible(desktop)
