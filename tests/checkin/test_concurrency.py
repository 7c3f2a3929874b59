"""Eight phones scanning the same 110 tickets at once, through real servers: each person is checked in
exactly once, every other scan hears "already checked in", and the log holds every scan.

On PostgreSQL (TEST_DATABASE_URL) several gunicorn processes serve them; on SQLite one threaded
server process does. The servers and helpers are the registration concurrency test's.
"""

# ruff: noqa: F811  (the server fixtures imported below are parameters here)

import http.client
import json
import random
from collections import Counter

import pytest
from sqlalchemy import func, select

from app.auth import service as auth_service
from app.auth.models import Role
from app.checkin.models import CheckIn, Scan, ScanResult
from app.extensions import db
from tests.checkin.conftest import today_forum  # noqa: F401
from tests.clock import real_clock
from tests.registration.conftest import register  # noqa: F401
from tests.registration.test_concurrency import all_at_once, gunicorn, threaded_server  # noqa: F401

PHONES, TICKETS = 8, 110


@pytest.fixture
def clock():
    """The servers run in processes of their own, on the wall clock: the forum's day is built from it."""
    return real_clock()


def post_json(port, path, body, token):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(
            "POST",
            path,
            json.dumps(body),
            {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def check_every_ticket_once(forum, people, port, create_user):
    tokens = []
    for n in range(PHONES):
        tokens.append(auth_service.create_token(create_user(Role.CHECKIN, name=f"ประตู {n}")))
    db.session.commit()
    codes, ids, forum_id = [p.ticket_code for p in people], [p.id for p in people], forum.id

    def phone(n):
        order = list(codes)
        random.Random(n).shuffle(order)
        # Half the phones read the QR's URL, half the bare code: both name the same ticket.
        scans = [f"http://127.0.0.1:{port}/t/{code}" if n % 2 else code for code in order]
        return [
            post_json(
                port, "/api/v1/checkin", {"forum_id": forum_id, "scan": s, "device": f"phone-{n}"}, tokens[n]
            )
            for s in scans
        ]

    answers = [
        a for per_phone in all_at_once([lambda n=n: phone(n) for n in range(PHONES)]) for a in per_phone
    ]

    assert {status for status, _ in answers} == {200}, "every scan answered, none failed"
    results = Counter(body["result"] for _, body in answers)
    assert results == {"ok": TICKETS, "already_checked_in": TICKETS * (PHONES - 1)}
    oks = Counter(body["registration"]["id"] for _, body in answers if body["result"] == "ok")
    assert sorted(oks) == sorted(ids) and set(oks.values()) == {1}
    db.session.expire_all()
    per_registration = db.session.execute(
        select(CheckIn.registration_id, func.count()).group_by(CheckIn.registration_id)
    ).all()
    assert len(per_registration) == TICKETS and {n for _, n in per_registration} == {1}
    logged = Counter(db.session.scalars(select(Scan.result)))
    assert logged == {ScanResult.OK: TICKETS, ScanResult.ALREADY_CHECKED_IN: TICKETS * (PHONES - 1)}
    # Every repeat names the one check-in that was made, with its time and staff.
    first = {body["registration"]["id"]: body for _, body in answers if body["result"] == "ok"}
    for _, body in answers:
        made = first[body["registration"]["id"]]
        assert (body["checked_in_at"], body["checked_in_by"]) == (
            made["checked_in_at"],
            made["checked_in_by"],
        )


def test_eight_phones_on_several_server_processes_check_each_person_in_once(
    today_forum, register, gunicorn, create_user
):
    people = [register(today_forum, commit=False) for _ in range(TICKETS)]
    db.session.commit()
    check_every_ticket_once(today_forum, people, gunicorn, create_user)


def test_eight_phones_on_one_threaded_process_check_each_person_in_once(
    today_forum, register, threaded_server, create_user
):
    people = [register(today_forum, commit=False) for _ in range(TICKETS)]
    db.session.commit()
    check_every_ticket_once(today_forum, people, threaded_server, create_user)
