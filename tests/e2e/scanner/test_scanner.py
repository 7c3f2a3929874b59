"""The scanner page on a phone, with Chromium's fake camera showing real tickets of the app.

The camera plays tests/e2e/camera.py's picture; "scan again" (pause, then resume) makes the page
open the camera anew, which reads the picture that is there now.
"""

import json

from sqlalchemy import func, select

from app.checkin.models import CheckIn, Scan
from app.extensions import db
from app.registration import service, tickets
from app.registration.fields import parse_registration
from app.thai import thai_time
from tests.conftest import PASSWORD
from tests.e2e.camera import show_nothing, show_qr
from tests.e2e.conftest import LAN_NAME, assert_fits, log_in
from tests.registration.conftest import person

ANSWER_TIMEOUT_MS = 15000


def register(forum, **overrides):
    registration = service.register(forum, parse_registration(person(**overrides)))
    db.session.commit()
    return registration


def ticket_qr_text(app, live_server, registration):
    """What the ticket's QR code holds: the ticket's URL, as the app makes it."""
    with app.test_request_context(base_url=live_server):
        return tickets.ticket_url(registration)


def open_scanner(page, live_server, user, forum):
    log_in(page, live_server, user.email, PASSWORD)
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{live_server}/forums/{forum.id}/checkin")
    # The roster is on the phone once the page says how many people it holds.
    page.wait_for_function(f"localStorage.getItem('checkin:{forum.id}:roster') !== null")


def answer(page, result):
    """Wait for the answer `result` (the API's name) and return the answer element."""
    selector = f"[data-testid=scan-result][data-result={result}]"
    page.wait_for_selector(selector, state="visible", timeout=ANSWER_TIMEOUT_MS)
    return page.locator(selector)


def scan_again(page):
    """Let the answer go, then pause and resume the camera: it reopens and reads the new picture."""
    page.wait_for_selector("[data-testid=scan-result]", state="hidden", timeout=ANSWER_TIMEOUT_MS)
    page.click("[data-testid=pause-camera]")
    page.click("[data-testid=pause-camera]")


def wait_until_kept_for_offline(page, attempts=100):
    """Wait until the service worker holds the page (page.evaluate awaits the cache; polling does not)."""
    kept = """async () => {
        const cache = await caches.open("checkin-scanner-v1");
        return Boolean(await cache.match(location.href, { ignoreVary: true }));
    }"""
    for _ in range(attempts):
        if page.evaluate(kept):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the scanner page was not kept for offline use")


def count_decoder_reads(page):
    """From now on count the frames in which the page's QR decoder finds a code; returns the count so far.

    The decoder's class is wrapped, so the scanner's own detector (made from it) is counted too.
    """
    return page.evaluate(
        """() => {
            if (window.__ticketReads === undefined) {
                window.__ticketReads = 0;
                const classes = [window.BarcodeDetector, window.BarcodeDetectionAPI?.BarcodeDetector];
                for (const proto of classes.filter(Boolean).map((c) => c.prototype)) {
                    const detect = proto.detect;
                    proto.detect = async function (...args) {
                        const codes = await detect.apply(this, args);
                        if (codes.some((code) => code.rawValue)) window.__ticketReads += 1;
                        return codes;
                    };
                }
            }
            return window.__ticketReads;
        }"""
    )


def waiting_count(page):
    return int(page.get_attribute("[data-testid=queue-count]", "data-count"))


def back_online(page):
    """Give the phone its network back and wait until the queue is sent."""
    page.context.set_offline(False)
    page.wait_for_function("document.querySelector('[data-testid=queue-count]').dataset.count === '0'")
    page.wait_for_selector("[data-testid=connection][data-state=online]")


def send_again(page, forum, queued):
    """Put back a queue as it was (a flush cut off after the server took it) and let the page send it."""
    page.evaluate(
        f"""localStorage.setItem('checkin:{forum.id}:queue', {json.dumps(queued)});
            window.dispatchEvent(new Event('online'));"""
    )
    page.wait_for_function("document.querySelector('[data-testid=queue-count]').dataset.count === '0'")


def check_ins_of(registration):
    return db.session.scalar(
        select(func.count()).select_from(CheckIn).where(CheckIn.registration_id == registration.id)
    )


def test_a_ticket_is_green_the_first_time_and_amber_with_the_time_the_second(
    app, live_server, camera, camera_phone, door_staff, forum, organization, screenshot
):
    page = camera_phone
    registration = register(
        forum, first_name="สมใจ", last_name="รักษ์ถิ่น", prefix="นางสาว", organization_id=organization.id
    )
    show_nothing(camera)
    open_scanner(page, live_server, door_staff, forum)
    page.click("[data-testid=sound]")  # browsers make sound only after a tap
    page.wait_for_selector("[data-testid=sound][aria-pressed=true]")

    show_qr(camera, ticket_qr_text(app, live_server, registration))
    scan_again(page)
    green = answer(page, "ok")
    assert "นางสาวสมใจ รักษ์ถิ่น" in green.inner_text()
    assert organization.name in green.inner_text()
    assert "ประธาน" in green.inner_text()
    assert_fits(page)
    screenshot(page, "scanner-ok-phone", full_page=False)
    # The ticket stays in front of the camera: it is not sent again while it is in view. Waited
    # for by the decoder reading it three more times, not by a time that a busy machine may not fill.
    page.wait_for_selector("[data-testid=scan-result]", state="hidden", timeout=ANSWER_TIMEOUT_MS)
    reads = count_decoder_reads(page)
    page.wait_for_function(f"window.__ticketReads >= {reads + 3}", timeout=ANSWER_TIMEOUT_MS)
    assert page.is_hidden("[data-testid=scan-result]")
    db.session.expire_all()
    assert check_ins_of(registration) == 1
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 1

    scan_again(page)
    amber = answer(page, "already_checked_in")
    check_in = db.session.scalar(select(CheckIn).where(CheckIn.registration_id == registration.id))
    detail = page.inner_text("[data-testid=scan-result-detail]")
    assert thai_time(check_in.checked_in_at) in detail  # e.g. 09.42 น.
    assert "สมศรี ประตูหน้า" in detail
    assert "นางสาวสมใจ รักษ์ถิ่น" in amber.inner_text()
    screenshot(page, "scanner-already-phone", full_page=False)

    db.session.expire_all()
    assert check_ins_of(registration) == 1
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 2

    # The answer goes by itself, and the scanner is ready for the next person.
    page.wait_for_selector("[data-testid=scan-result]", state="hidden", timeout=ANSWER_TIMEOUT_MS)
    screenshot(page, "scanner-ready-phone", full_page=False)


def test_unknown_cancelled_and_other_forum_tickets_are_red(
    app, live_server, camera, camera_phone, door_staff, create_forum, forum, screenshot
):
    page = camera_phone
    cancelled = register(forum, first_name="ยกเลิก")
    service.cancel(cancelled)
    db.session.commit()
    other_forum = create_forum(
        status="open",
        starts_at=forum.starts_at,
        ends_at=forum.ends_at,
        registration_closes_at=forum.ends_at,
        title="อบรมอื่น",
    )
    elsewhere = register(other_forum, first_name="ผิดงาน")

    show_qr(camera, f"{live_server}/t/{'N0tARealTicketCode' * 2}")
    open_scanner(page, live_server, door_staff, forum)
    answer(page, "unknown")
    screenshot(page, "scanner-unknown-phone", full_page=False)

    show_qr(camera, ticket_qr_text(app, live_server, cancelled))
    scan_again(page)
    red = answer(page, "cancelled")
    assert "ยกเลิก" in red.inner_text()
    screenshot(page, "scanner-cancelled-phone", full_page=False)

    show_qr(camera, ticket_qr_text(app, live_server, elsewhere))
    scan_again(page)
    answer(page, "wrong_forum")

    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 0


def test_offline_scans_answer_from_the_roster_and_are_sent_once_when_the_network_returns(
    app, live_server, camera, camera_phone, door_staff, forum, screenshot
):
    page = camera_phone
    first = register(forum, first_name="ออฟไลน์", last_name="หนึ่ง")
    second = register(forum, first_name="ออฟไลน์", last_name="สอง")
    show_nothing(camera)
    open_scanner(page, live_server, door_staff, forum)

    page.context.set_offline(True)
    page.wait_for_selector("[data-testid=connection][data-state=offline]")
    show_qr(camera, ticket_qr_text(app, live_server, first))
    scan_again(page)
    green = answer(page, "ok")
    assert green.get_attribute("data-source") == "device"
    assert "ออฟไลน์ หนึ่ง" in green.inner_text()
    screenshot(page, "scanner-offline-ok-phone", full_page=False)

    scan_again(page)
    answer(page, "already_checked_in")  # checked in on this phone a moment ago
    assert "สมศรี ประตูหน้า" in page.inner_text("[data-testid=scan-result-detail]")

    show_qr(camera, ticket_qr_text(app, live_server, second))
    scan_again(page)
    answer(page, "ok")
    page.wait_for_selector("[data-testid=scan-result]", state="hidden", timeout=ANSWER_TIMEOUT_MS)
    assert waiting_count(page) == 3
    screenshot(page, "scanner-offline-waiting-phone", full_page=False)

    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 0  # nothing reached the server
    queued = page.evaluate(f"localStorage.getItem('checkin:{forum.id}:queue')")

    back_online(page)
    db.session.expire_all()
    assert check_ins_of(first) == 1 and check_ins_of(second) == 1
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 3

    # A flush cut off after the server took the scans sends them again: still once each.
    send_again(page, forum, queued)
    db.session.expire_all()
    assert check_ins_of(first) == 1 and check_ins_of(second) == 1
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 3
    scanned_at = db.session.scalars(select(Scan.scanned_at)).all()
    assert all(moment is not None for moment in scanned_at)  # the phone's time of each scan


def test_over_plain_http_on_the_network_the_page_explains_https_and_typed_codes_still_work(
    live_server, camera_phone, door_staff, forum, screenshot
):
    page = camera_phone
    registration = register(forum, first_name="พิมพ์", last_name="รหัสเอง")
    lan_server = live_server.replace("127.0.0.1", LAN_NAME)
    open_scanner(page, lan_server, door_staff, forum)

    assert page.evaluate("window.isSecureContext") is False
    notice = page.locator("[data-testid=insecure-context]")
    assert notice.is_visible()
    assert "https://" in notice.inner_text() and "make run-lan" in notice.inner_text()
    assert not page.is_visible("[data-scanner-video]")
    assert_fits(page)
    screenshot(page, "scanner-insecure-phone")

    page.fill("[data-testid=manual-code]", registration.ticket_code)
    page.click("[data-testid=manual-submit]")
    assert "นายพิมพ์ รหัสเอง" in answer(page, "ok").inner_text()
    db.session.expire_all()
    assert check_ins_of(registration) == 1

    # Those without a ticket are found by name, on the same page.
    page.wait_for_selector("[data-testid=scan-result]", state="hidden", timeout=ANSWER_TIMEOUT_MS)
    page.fill("[data-testid=door-search-input]", "รหัสเอง")
    state = page.wait_for_selector("[data-testid=door-person] [data-testid=door-person-state]")
    assert state.is_visible()  # checked in a moment ago: no button to check in twice


def test_the_scanner_opens_again_without_a_network_and_still_answers(
    app, live_server, camera, camera_phone, door_staff, forum, screenshot
):
    page = camera_phone
    registration = register(forum, first_name="เปิดใหม่", last_name="ออฟไลน์")
    show_nothing(camera)
    open_scanner(page, live_server, door_staff, forum)
    wait_until_kept_for_offline(page)

    page.context.set_offline(True)
    show_qr(camera, ticket_qr_text(app, live_server, registration))
    response = page.reload()
    assert response.from_service_worker  # the kept copy: the network is cut
    green = answer(page, "ok")
    assert green.get_attribute("data-source") == "device"
    screenshot(page, "scanner-reopened-offline-phone", full_page=False)
    page.wait_for_selector("[data-testid=scan-result]", state="hidden", timeout=ANSWER_TIMEOUT_MS)
    screenshot(page, "scanner-reopened-offline-ready-phone", full_page=False)
    assert waiting_count(page) == 1

    page.context.set_offline(False)
    page.wait_for_function("document.querySelector('[data-testid=queue-count]').dataset.count === '0'")
    db.session.expire_all()
    assert check_ins_of(registration) == 1
