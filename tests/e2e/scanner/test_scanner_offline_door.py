"""The door with the network gone, on a 390 × 844 phone whose camera will not open: people found by
name, phone and organization in the roster on the phone, short codes read off the ticket PDF and the
badge and typed in, a walk-in taken; all queued, and sent once each when the network is back."""

import io
import re

import pdfplumber
from sqlalchemy import func, select

from app.checkin.models import CheckIn, Method, Scan
from app.extensions import db
from app.registration.models import Registration
from app.reports import generated
from app.reports.documents import BADGES
from tests.e2e.conftest import assert_accessible, assert_fits
from tests.e2e.scanner.test_scanner import (
    ANSWER_TIMEOUT_MS,
    answer,
    back_online,
    check_ins_of,
    open_scanner,
    register,
    send_again,
    waiting_count,
)

#: Six characters of the short codes' alphabet, standing alone: what a person reads off the paper.
SHORT_CODE = re.compile(r"^[2-9A-HJKMNP-TV-Z]{6}$")


def short_codes_in(pdf, page=0, crop=None):
    """The short codes printed on a PDF page (or the part of it in `crop`, in points), as read back."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        sheet = document.pages[page]
        text = (sheet.crop(crop) if crop else sheet).extract_text()
    return [word for word in text.split() if SHORT_CODE.match(word)]


def done_with(page):
    """Let the answer go (a tap), so the page is ready for the next person."""
    page.click("[data-testid=scan-result]")
    page.wait_for_selector("[data-testid=scan-result]", state="hidden", timeout=ANSWER_TIMEOUT_MS)


def fill_walk_in(page, first_name, last_name, phone):
    """Open the walk-in sheet and type the least it needs."""
    page.click("[data-testid=scanner-walk-in]")
    page.wait_for_selector("[data-testid=walk-in-sheet].show")
    page.fill("[data-testid=walk-in-first-name]", first_name)
    page.fill("[data-testid=walk-in-last-name]", last_name)
    page.fill("[data-testid=walk-in-phone]", phone)


def search(page, typed):
    page.fill("[data-testid=door-search-input]", typed)


def test_offline_the_door_finds_people_takes_short_codes_and_walk_ins_and_sends_each_once(
    app, client, live_server, phone, door_staff, forum, organization, screenshot, monkeypatch
):
    page = phone  # a browser with no camera at all
    by_name = register(forum, prefix="นางสาว", first_name="สมใจ", last_name="รักษ์ถิ่น")
    by_phone = register(forum, first_name="ประยุทธ", last_name="มั่นคง", phone="0891234567")
    by_ticket = register(forum, first_name="ตั๋ว", last_name="กระดาษ", organization_id=organization.id)
    by_badge = register(forum, first_name="ป้าย", last_name="ชื่อ", organization_name="กลุ่มออมทรัพย์บ้านนา")

    # The codes as a person reads them off the ticket PDF and the badge.
    ticket_pdf = client.get(f"/t/{by_ticket.ticket_code}/ticket.pdf").data
    [ticket_code] = short_codes_in(ticket_pdf)
    assert ticket_code == by_ticket.short_code
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", live_server)  # the badges' QR links
    badges = generated.render_now(BADGES, forum)
    badge_codes = short_codes_in(badges)
    assert by_badge.short_code in badge_codes and len(badge_codes) == 4

    open_scanner(page, live_server, door_staff, forum)
    problem = page.wait_for_selector("[data-testid=camera-problem]", state="visible")
    assert problem.get_attribute("data-problem") == "missing"
    assert page.is_hidden("[data-scanner-video]")
    # The code box and the search come before the reason, and nothing is "all sent" before any scan.
    boxes = [page.locator(s).bounding_box()["y"] for s in ("[data-testid=manual-code]", "#door-search")]
    assert max(boxes) < problem.bounding_box()["y"]
    assert page.inner_text("[data-testid=queue-count]").strip() == ""
    assert_fits(page)
    assert_accessible(page)
    screenshot(page, "scanner-no-camera-phone")

    page.context.set_offline(True)
    page.wait_for_selector("[data-testid=connection][data-state=offline]")

    # By name, typed with a space in it.
    search(page, "สม ใจ")
    page.wait_for_selector("[data-testid=door-person]")
    assert page.locator("[data-testid=door-person]").count() == 1
    assert_fits(page)
    assert_accessible(page)
    screenshot(page, "scanner-offline-search-phone", full_page=False)
    check_in = page.locator("[data-testid=door-check-in]")
    assert check_in.bounding_box()["height"] >= 44  # a thumb's target while people queue
    check_in.click()
    green = answer(page, "ok")
    assert green.get_attribute("data-source") == "device" and "นางสาวสมใจ รักษ์ถิ่น" in green.inner_text()
    done_with(page)
    assert page.input_value("[data-testid=door-search-input]") == ""  # ready for the next person

    # Found again: checked in already, no button to tap twice.
    search(page, "รักษ์ถิ่น")
    state = page.wait_for_selector("[data-testid=door-person] [data-testid=door-person-state]")
    assert state.is_visible() and page.is_hidden("[data-testid=door-check-in]")

    # By phone, written with dashes.
    search(page, "089-123-4567")
    page.wait_for_selector("[data-testid=door-person]:has-text('ประยุทธ') [data-testid=door-check-in]").click()
    answer(page, "ok")
    done_with(page)

    # Short codes read off the paper, typed into the code box: lower case, and with a dash.
    for typed in (ticket_code.lower(), by_badge.short_code[:3] + "-" + by_badge.short_code[3:]):
        page.fill("[data-testid=manual-code]", typed)
        page.click("[data-testid=manual-submit]")
        assert answer(page, "ok").get_attribute("data-source") == "device"
        done_with(page)

    # A walk-in, from the sheet, with one thumb.
    fill_walk_in(page, "บุญมี", "มาหน้างาน", "089 765 4321")
    page.select_option("#walk-in-prefix", "นาง")
    page.fill("[data-testid=walk-in-organization]", "ชมรมผู้สูงอายุบ้านใหม่")
    submit = page.locator("[data-testid=walk-in-submit]")
    assert submit.bounding_box()["y"] + submit.bounding_box()["height"] <= 844  # within reach, on screen
    assert_fits(page)
    assert_accessible(page)
    screenshot(page, "scanner-offline-walk-in-phone", full_page=False)
    submit.click()
    walked_in = answer(page, "ok")
    assert "นางบุญมี มาหน้างาน" in walked_in.inner_text()
    done_with(page)

    # A walk-in whose phone is already in the list is offered that person instead.
    fill_walk_in(page, "ประยุทธ", "มั่นคง", "0891234567")
    page.click("[data-testid=walk-in-submit]")
    assert "ประยุทธ" in page.wait_for_selector("[data-testid=walk-in-existing]").inner_text()
    page.click("[data-testid=walk-in-sheet] .btn-close")
    page.wait_for_selector("[data-testid=walk-in-sheet]", state="hidden")

    assert waiting_count(page) == 5
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 0  # nothing reached the server
    queued = page.evaluate(f"localStorage.getItem('checkin:{forum.id}:queue')")

    back_online(page)

    def each_once():
        db.session.expire_all()
        for person in (by_name, by_phone, by_ticket, by_badge):
            assert check_ins_of(person) == 1, person.first_name
        walk_ins = db.session.scalars(select(Registration).where(Registration.first_name == "บุญมี")).all()
        assert len(walk_ins) == 1 and check_ins_of(walk_ins[0]) == 1
        assert db.session.scalar(select(func.count()).select_from(Scan)) == 5
        assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 5

    each_once()
    methods = sorted(m.value for m in db.session.scalars(select(CheckIn.method)))
    assert methods == sorted([Method.SEARCH, Method.SEARCH, Method.SCAN, Method.SCAN, Method.WALK_IN])
    assert page.inner_text("[data-testid=queue-count]").strip() != ""  # now something was sent

    # A flush cut off after the server took them sends them all again: still once each.
    send_again(page, forum, queued)
    each_once()


def test_a_camera_not_allowed_says_how_to_allow_it_and_opens_once_allowed(
    live_server, camera_phone, door_staff, forum, screenshot
):
    page = camera_phone
    # The person tapped "Block" when the browser asked: getUserMedia says NotAllowedError until allowed.
    page.add_init_script(
        """(() => {
            const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
            window.__allowCamera = false;
            navigator.mediaDevices.getUserMedia = (constraints) => window.__allowCamera
                ? real(constraints)
                : Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
        })()"""
    )
    open_scanner(page, live_server, door_staff, forum)
    problem = page.wait_for_selector("[data-testid=camera-problem][data-problem=denied]", state="visible")
    text = problem.inner_text()
    assert "Android" in text and "iPhone" in text and "aA" in text
    assert page.is_hidden("[data-scanner-video]")
    assert_fits(page)
    assert_accessible(page)
    screenshot(page, "scanner-camera-denied-phone")

    page.evaluate("window.__allowCamera = true")
    page.click("[data-testid=camera-retry]")
    page.wait_for_selector("[data-scanner-video]", state="visible")
    page.wait_for_function("document.querySelector('[data-scanner-video]').videoWidth > 0")
    assert page.is_hidden("[data-testid=camera-problem]")


def test_the_ticket_page_shows_the_short_code_large_beside_the_qr(
    live_server, phone, desktop, forum, screenshot
):
    person = register(forum, prefix="นาง", first_name="รหัส", last_name="บนบัตร")
    for page, size in ((phone, "phone"), (desktop, "desktop")):
        page.goto(f"{live_server}/t/{person.ticket_code}")
        code = page.wait_for_selector("[data-testid=ticket-short-code]")
        assert code.inner_text() == person.short_code and code.is_visible()
        assert float(code.evaluate("node => parseFloat(getComputedStyle(node).fontSize)")) >= 20
        assert_fits(page)
        assert_accessible(page)
        screenshot(page, f"ticket-short-code-{size}")


def test_on_a_desktop_without_a_camera_the_code_box_and_search_lead(
    live_server, desktop, door_staff, forum, screenshot
):
    person = register(forum, first_name="โต๊ะ", last_name="ลงทะเบียน")
    open_scanner(desktop, live_server, door_staff, forum)
    problem = desktop.wait_for_selector("[data-testid=camera-problem][data-problem=missing]", state="visible")
    assert desktop.locator("#door-search").bounding_box()["y"] < problem.bounding_box()["y"]
    search(desktop, "โต๊ะ")
    desktop.wait_for_selector("[data-testid=door-person] [data-testid=door-check-in]").click()
    assert "โต๊ะ ลงทะเบียน" in answer(desktop, "ok").inner_text()
    db.session.expire_all()
    assert check_ins_of(person) == 1
    done_with(desktop)
    assert_fits(desktop)
    assert_accessible(desktop)
    screenshot(desktop, "scanner-no-camera-desktop")
