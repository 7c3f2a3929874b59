"""Scans the server refuses for good, reviewed on the scanner: who, when, why, retry or discard.

The refusals are the live server's own: a page whose security token belongs to an earlier login
(the CSRF check, switched on here as in production) and codes the API will not read (422).
"""

import json
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.checkin.models import CheckIn, Scan
from app.extensions import db
from app.thai import thai_time
from tests.conftest import PASSWORD
from tests.e2e.camera import show_nothing, show_qr
from tests.e2e.conftest import PHONE, assert_fits, wait_until
from tests.e2e.scanner.test_scanner import (
    ANSWER_TIMEOUT_MS,
    answer,
    check_ins_of,
    open_scanner,
    register,
    scan_again,
    ticket_qr_text,
    waiting_count,
)


@pytest.fixture
def csrf_checked(app):
    """The API's CSRF check on session writes, as in production (the test settings turn it off)."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def scanner_url(live_server, forum):
    return f"{live_server}/forums/{forum.id}/checkin"


def stored(page, forum, name):
    return json.loads(page.evaluate(f"localStorage.getItem('checkin:{forum.id}:{name}')") or "[]")


def refused_count(page):
    return int(page.get_attribute("[data-testid=refused-count]", "data-count") or 0)


def scan_offline(app, live_server, camera, page, registration):
    """Scan the person's ticket with the network cut; the camera then looks at nothing again."""
    page.context.set_offline(True)
    page.wait_for_selector("[data-testid=connection][data-state=offline]")
    show_qr(camera, ticket_qr_text(app, live_server, registration))
    scan_again(page)
    answer(page, "ok")
    show_nothing(camera)  # a page opened later must not scan the ticket again by itself
    page.wait_for_selector("[data-testid=scan-result]", state="hidden", timeout=ANSWER_TIMEOUT_MS)


def log_in_elsewhere(context, live_server, user):
    """Log in through the browser's own cookies, as another tab would: a new session."""
    form = context.request.get(f"{live_server}/login").text()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    response = context.request.post(
        f"{live_server}/login",
        form={"csrf_token": token, "email": user.email, "password": PASSWORD},
        max_redirects=0,
    )
    assert response.status == 302


def open_review(page):
    page.click("[data-testid=refused-count]")
    page.wait_for_selector("[data-testid=refused-review].show")
    # Bootstrap slides the sheet in; the picture is taken once it stands still.
    wait_until(page, "document.querySelector('[data-testid=refused-review]').getAnimations().length === 0")
    return page.locator("[data-testid=refused-review]")


def test_scans_refused_after_a_new_login_are_reviewed_and_sent_once_when_retried(
    app, live_server, camera, camera_phone, door_staff, forum, organization, csrf_checked, screenshot
):
    page = camera_phone
    registration = register(
        forum, prefix="นางสาว", first_name="ปฏิเสธ", last_name="ส่งใหม่", organization_id=organization.id
    )
    second = register(forum, first_name="สแกน", last_name="ตอนออนไลน์")
    show_nothing(camera)
    open_scanner(page, live_server, door_staff, forum)
    scan_offline(app, live_server, camera, page, registration)
    (queued,) = stored(page, forum, "queue")

    # The login ends and the volunteer logs in again in another tab: this page's token is stale.
    page.context.clear_cookies()
    log_in_elsewhere(page.context, live_server, door_staff)
    page.context.set_offline(False)
    page.wait_for_selector("[data-testid=refused-count][data-count='1']", timeout=ANSWER_TIMEOUT_MS)
    assert waiting_count(page) == 0
    # Its line among the recent scans no longer says the person is in.
    history = page.locator("[data-testid=scan-history-item]")
    assert "scan-history-bad" in history.first.get_attribute("class")
    assert history.first.inner_text().endswith("ยังไม่ได้บันทึก · นางสาวปฏิเสธ ส่งใหม่")

    # A ticket scanned now is answered from the roster on the phone and set aside the same way.
    show_qr(camera, ticket_qr_text(app, live_server, second))
    scan_again(page)
    green = answer(page, "ok")
    assert green.get_attribute("data-source") == "device"
    assert "ระบบไม่รับการสแกนนี้" in green.inner_text()
    show_nothing(camera)
    page.wait_for_selector("[data-testid=refused-count][data-count='2']", timeout=ANSWER_TIMEOUT_MS)
    assert [item.get_attribute("class").split()[-1] for item in history.all()] == ["scan-history-bad"] * 2
    db.session.expire_all()
    assert check_ins_of(registration) == 0 and check_ins_of(second) == 0
    page.wait_for_selector("[data-testid=scan-result]", state="hidden", timeout=ANSWER_TIMEOUT_MS)
    page.locator("[data-testid=refused-count]").scroll_into_view_if_needed()
    screenshot(page, "scanner-refused-count-phone", full_page=False)

    review = open_review(page)
    items = review.locator("[data-testid=refused-item]")
    assert items.count() == 2
    assert "นายสแกน ตอนออนไลน์" in items.nth(1).inner_text()
    shown = items.nth(0).inner_text()
    assert "นางสาวปฏิเสธ ส่งใหม่" in shown
    assert organization.name in shown
    scanned_at = datetime.fromisoformat(queued["scanned_at"])
    assert thai_time(scanned_at) in shown  # e.g. 09.42 น., when it was scanned
    assert "เข้าสู่ระบบอีกครั้ง แล้วกดส่งใหม่" in shown
    assert_fits(page)
    box = review.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    screenshot(page, "scanner-refused-review-phone", full_page=False)

    # The cure: log in again from the sheet, which brings back a scanner of the new login.
    review.locator("[data-testid=refused-login]").click()
    page.wait_for_url(scanner_url(live_server, forum))
    page.wait_for_selector("[data-testid=refused-count][data-count='2']")
    open_review(page).locator("[data-testid=retry-all]").click()
    wait_until(page, "document.querySelector('[data-testid=queue-count]').dataset.count === '0'")
    page.wait_for_selector("[data-testid=refused-review]", state="hidden", timeout=ANSWER_TIMEOUT_MS)
    assert page.is_hidden("[data-testid=refused-count]")

    assert stored(page, forum, "refused") == []
    assert waiting_count(page) == 0
    db.session.expire_all()
    assert check_ins_of(registration) == 1 and check_ins_of(second) == 1
    scan = db.session.scalar(select(Scan).where(Scan.registration_id == registration.id))
    assert scan.nonce == queued["nonce"]  # the same scan, so the server still counts it once
    assert scan.scanned_at == scanned_at.astimezone(UTC).replace(tzinfo=None)  # the phone's time of it

    # Sent again (another tab's copy of the queue): still one check-in.
    with page.expect_response(lambda response: response.url.endswith("/api/v1/checkin")) as sent:
        page.evaluate(
            f"""localStorage.setItem('checkin:{forum.id}:queue', {json.dumps(json.dumps([queued]))});
                window.dispatchEvent(new Event('online'));"""
        )
    assert sent.value.json()["result"] == "ok"  # the answer it got the first time
    wait_until(page, "document.querySelector('[data-testid=queue-count]').dataset.count === '0'")
    db.session.expire_all()
    assert check_ins_of(registration) == 1


def test_a_login_that_ended_keeps_scans_waiting_until_the_volunteer_logs_in_again(
    app, live_server, camera, camera_phone, door_staff, forum, csrf_checked
):
    page = camera_phone
    registration = register(forum, first_name="รอ", last_name="เข้าระบบ")
    show_nothing(camera)
    open_scanner(page, live_server, door_staff, forum)
    scan_offline(app, live_server, camera, page, registration)

    page.context.clear_cookies()  # the login ends while the phone is offline
    page.context.set_offline(False)
    note = page.locator("[data-testid=login-needed]")
    note.wait_for(state="visible", timeout=ANSWER_TIMEOUT_MS)
    assert waiting_count(page) == 1  # not refused: it waits for the login
    assert page.is_hidden("[data-testid=refused-count]")

    note.locator("[data-testid=login-again]").click()
    page.wait_for_url(re.compile(r"/login\?next="))
    page.fill("input[name=email]", door_staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(scanner_url(live_server, forum))
    wait_until(page, "document.querySelector('[data-testid=queue-count]').dataset.count === '0'")
    db.session.expire_all()
    assert check_ins_of(registration) == 1
    assert page.is_hidden("[data-testid=login-needed]")


def test_codes_the_server_will_not_read_are_discarded_one_by_one_or_all_after_a_yes(
    live_server, camera, camera_phone, door_staff, forum, screenshot
):
    page = camera_phone
    show_nothing(camera)
    open_scanner(page, live_server, door_staff, forum)
    page.context.set_offline(True)
    page.wait_for_selector("[data-testid=connection][data-state=offline]")
    # Longer than a scan may be: the API answers 422.
    junk = ["Q" * 520 + "END1", "Z" * 520 + "END2", "K" * 520 + "END3"]
    for code in junk:
        page.fill("[data-testid=manual-code]", code)
        page.click("[data-testid=manual-submit]")
        answer(page, "unknown")
        page.click("[data-testid=scan-result]")
    assert waiting_count(page) == 3

    page.context.set_offline(False)
    page.wait_for_selector("[data-testid=refused-count][data-count='3']", timeout=ANSWER_TIMEOUT_MS)
    review = open_review(page)
    items = review.locator("[data-testid=refused-item]")
    assert items.count() == 3
    first = items.nth(0)
    assert "รหัสที่ไม่รู้จัก QQQQQQ…END1" in first.inner_text()
    assert "ค้นหาจากชื่อ" in first.inner_text()
    assert review.locator("[data-testid=refused-login]").is_hidden()  # logging in would not help
    assert_fits(page)
    screenshot(page, "scanner-refused-unknown-phone", full_page=False)

    # One, after a second thought and then a yes.
    first.locator("[data-testid=discard]").click()
    first.locator("[data-testid=discard-keep]").click()
    assert items.count() == 3
    first.locator("[data-testid=discard]").click()
    screenshot(page, "scanner-refused-confirm-phone", full_page=False)
    first.locator("[data-testid=discard-confirm]").click()
    assert items.count() == 2
    assert "END1" not in review.inner_text()
    assert refused_count(page) == 2

    # The rest at once, after a yes.
    review.locator("[data-testid=discard-all]").click()
    assert "2" in review.locator("[data-confirm-all]").inner_text()
    review.locator("[data-testid=discard-all-confirm]").click()
    page.wait_for_selector("[data-testid=refused-review]", state="hidden")
    assert page.is_hidden("[data-testid=refused-count]")
    assert stored(page, forum, "refused") == []
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 0
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 0
