"""The scanner page as the server sends it: its settings for the script, its words, the way to it.

What it does with the camera is tested in a real browser (tests/e2e/scanner/test_scanner.py).
"""

import json
import re

from app.auth.models import Role


def settings_of(page_html):
    block = re.search(r'<script type="application/json" id="scanner-config">(.*?)</script>', page_html, re.S)
    return json.loads(block.group(1))


def test_the_page_gives_the_script_its_forum_its_api_and_the_local_decoder(client, login_as, today_forum):
    staff = login_as(Role.CHECKIN)
    response = client.get(f"/forums/{today_forum.id}/checkin")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    settings = settings_of(page)
    assert settings["forum_id"] == today_forum.id
    assert settings["checkin_url"] == "/api/v1/checkin"
    assert settings["roster_url"] == f"/api/v1/forums/{today_forum.id}/roster"
    assert settings["wasm_base"] == "/static/vendor/barcode-detector/"
    assert settings["staff_name"] == staff.display_name
    # Thai words for the volunteer, with the places the script fills in.
    assert settings["text"]["titles"]["ok"] == "เช็กอินแล้ว"
    assert settings["text"]["checked_in_at_by"] == "เมื่อ {time} โดย {staff}"
    assert settings["text"]["clock"] == "{hours}.{minutes} น."
    assert 'data-testid="scan-result"' in page
    assert "playsinline" in page and "muted" in page
    assert "cdn" not in page.lower()


def test_the_refused_scans_review_has_thai_reasons_and_a_login_that_comes_back_here(
    client, login_as, today_forum
):
    login_as(Role.CHECKIN)
    page = client.get(f"/forums/{today_forum.id}/checkin").get_data(as_text=True)
    text = settings_of(page)["text"]

    assert text["reasons"]["login"].startswith("การเข้าสู่ระบบของท่านอาจหมดเวลาแล้ว")
    assert text["reasons"]["404"] == "ไม่พบงานนี้ในระบบแล้ว กรุณาสอบถามผู้จัดงาน"
    assert "ค้นหาจากชื่อ" in text["reasons"]["422"]
    assert "{status}" in text["reasons"]["other"]
    assert text["unknown_code"] == "รหัสที่ไม่รู้จัก {code}"
    assert "{count}" in text["discard_all"]
    assert 'data-testid="refused-review"' in page and "ส่งใหม่ทั้งหมด" in page
    # Both "log in again" links return to this scanner, in the same tab.
    login = f'href="/login?next=/forums/{today_forum.id}/checkin"'
    assert page.count(login) == 2
    assert 'target="_blank"' not in page


def test_the_vendored_decoder_and_its_wasm_are_served_from_our_static_folder(client):
    with client.get("/static/vendor/barcode-detector/zxing_reader.wasm") as wasm:
        assert wasm.status_code == 200
        assert wasm.mimetype == "application/wasm"  # lets the browser compile it while it downloads
        assert wasm.data[:4] == b"\0asm"
    with client.get("/static/vendor/barcode-detector/barcode-detector.ponyfill.js") as script:
        assert b"prepareZXingModule" in script.data


def test_the_forum_page_links_to_the_scanner(client, login_as, today_forum):
    login_as(Role.ORGANIZER)
    page = client.get(f"/forums/{today_forum.id}").get_data(as_text=True)
    assert f'href="/forums/{today_forum.id}/checkin"' in page


def test_a_forum_that_does_not_exist_is_404(client, login_as):
    login_as(Role.CHECKIN)
    assert client.get("/forums/999999/checkin").status_code == 404


def test_the_service_worker_comes_from_forums_so_it_may_serve_every_scanner_page(client, login_as):
    login_as(Role.CHECKIN)
    response = client.get("/forums/checkin-worker.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"  # a new version is picked up at once
    assert b'addEventListener("fetch"' in response.data
