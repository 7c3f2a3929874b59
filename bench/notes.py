"""Figures for the notes area: quick capture on a phone, the notes page and the Thai search at size.

    .venv/bin/python bench/notes.py [--notes 3000] [--rounds 5]

On a fresh SQLite file in a temporary directory it builds one forum under way, then:
1. drives Debian's Chromium (390×844, touch) through the quick capture as the e2e test
   does: open the notes page, tap a heading, type, tap save; then an action item; it
   prints the time the machine takes (typing at zero delay) and the taps a person makes;
2. fills the forums with --notes notes and times the notes page of a forum with 300
   notes and the search over all of them (Flask test client, one request after another).
"""

import argparse
import contextlib
import io
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from flask_migrate import upgrade  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from app import create_app  # noqa: E402
from app.auth import service as auth_service  # noqa: E402
from app.auth.models import Role  # noqa: E402
from app.directory import service as directory_service  # noqa: E402
from app.directory.models import OrganizationKind  # noqa: E402
from app.extensions import db  # noqa: E402
from app.forums import service as forum_service  # noqa: E402
from app.notes import actions, service  # noqa: E402
from app.notes.models import NoteCategory  # noqa: E402
from app.timeutil import utcnow  # noqa: E402

EMAIL, PASSWORD = "bench@example.org", "bench-password-42"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
WORDS = ["กองทุนสวัสดิการชุมชน", "ผู้สูงอายุ", "เครือข่าย", "อาสาสมัคร", "งบประมาณ", "ตำบล", "ออมทรัพย์", "สมาชิก"]


def build(tmp):
    app = create_app(
        "development",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
            "UPLOAD_FOLDER": f"{tmp}/uploads",
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
        },
    )
    with app.app_context(), contextlib.redirect_stderr(io.StringIO()):
        upgrade()
    with app.app_context():
        user, _ = auth_service.create_user(EMAIL, Role.ORGANIZER, password=PASSWORD, name="Bench")
        user.must_change_password = False
        organization = directory_service.create_organization(
            {"name": "องค์กรสวัสดิการชุมชนตำบลวังทอง", "kind": OrganizationKind.COMMUNITY_WELFARE}
        )
        start = utcnow() - timedelta(hours=1)
        forum = forum_service.create_forum(
            {
                "title": "เวทีถอดบทเรียน",
                "starts_at": start,
                "ends_at": start + timedelta(hours=6),
                "venue_name": "ห้องประชุม",
                "capacity": 110,
            },
            user,
        )
        db.session.commit()
        ids = forum.id, organization.id
    return app, ids


def time_quick_capture(app, forum_id, organization_id, rounds):
    from playwright.sync_api import sync_playwright

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    note_times, item_times = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        ).new_page()
        page.goto(f"{base}/login")
        page.fill("input[name=email]", EMAIL)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        for n in range(rounds):
            started = time.perf_counter()
            page.goto(f"{base}/forums/{forum_id}/notes")
            page.locator("[data-testid=category-recommendation]").tap()
            page.keyboard.type(f"ควรจัดรถรับส่งผู้สูงอายุ รอบที่ {n}")
            page.locator("[data-testid=save-note]").tap()
            page.wait_for_url("**#note-*")
            note_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            page.locator("[data-testid=action-description]").fill(f"ประสานรถรับส่ง รอบที่ {n}")
            page.locator("[data-testid=action-owner]").select_option(f"org:{organization_id}")
            page.locator("[data-testid=save-action]").tap()
            page.wait_for_url("**#action-*")
            item_times.append(time.perf_counter() - started)
        browser.close()
    server.shutdown()
    return note_times, item_times


def fill(app, forum_id, count):
    with app.app_context():
        forum = db.session.get(forum_service.Forum, forum_id)
        others = [
            forum_service.create_forum(
                {
                    "title": f"เวทีที่ {n}",
                    "starts_at": forum.starts_at - timedelta(days=30 * n),
                    "ends_at": forum.ends_at - timedelta(days=30 * n),
                    "venue_name": "ห้องประชุม",
                    "capacity": 50,
                }
            )
            for n in range(1, 10)
        ]
        categories = list(NoteCategory)
        for n in range(count):
            target = forum if n < 300 else others[n % len(others)]
            body = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(12)) + f" บันทึกที่ {n}"
            service.create_note(target, {"category": categories[n % 5], "body": body}, None)
            if n % 10 == 0:
                actions.create_action_item(target, {"description": f"ติดตามงานที่ {n} {WORDS[n % len(WORDS)]}"})
            if n % 500 == 0:
                db.session.commit()
        db.session.commit()


def time_requests(app, forum_id, rounds):
    client = app.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token})
    figures = {}
    for label, url in (
        ("notes page, 300 notes", f"/forums/{forum_id}/notes"),
        ("search 'ผู้สูงอายุ' (every note)", "/notes/search?q=ผู้สูงอายุ"),
        ("search 'บันทึกที่ 2999' (one note)", "/notes/search?q=บันทึกที่ 2999"),
        ("action items, all forums", "/action-items/"),
    ):
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        figures[label] = times
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app, (forum_id, organization_id) = build(tmp)
        if os.path.exists(CHROMIUM):
            notes, items = time_quick_capture(app, forum_id, organization_id, args.rounds)
            print("Quick capture on a phone (390×844), machine time, typing at zero delay:")
            print(f"  note (open page, tap heading, type, tap save): median {statistics.median(notes):.2f} s")
            print(f"  action item (type, pick owner, tap add):       median {statistics.median(items):.2f} s")
            print("  taps a person makes: 2 for a note (heading, save); 2-3 for an action item")
        else:
            print(f"!!! {CHROMIUM} not found: quick capture not timed")
        fill(app, forum_id, args.notes)
        print(f"\nRequests on SQLite with {args.notes} notes in 10 forums ({args.rounds} rounds each):")
        for label, times in time_requests(app, forum_id, args.rounds).items():
            median, worst = 1000 * statistics.median(times), 1000 * max(times)
            print(f"  {label:<38} median {median:6.1f} ms  max {worst:6.1f} ms")


if __name__ == "__main__":
    main()
