"""Capacity under load: 300 people register at once for 110 seats through real servers, then 10 cancel.

On PostgreSQL (TEST_DATABASE_URL) several gunicorn processes serve them; on either database one
threaded server process does.
"""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from app.extensions import db
from app.registration.models import Registration, RegistrationStatus

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PEOPLE, SEATS, CANCELLATIONS = 300, 110, 10
#: Three processes of two threads each; the app is imported once, before the workers fork.
GUNICORN = [
    "-m",
    "gunicorn",
    "--workers",
    "3",
    "--threads",
    "2",
    "--worker-class",
    "gthread",
    "--preload",
    "--log-level",
    "warning",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(port, path, fields):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        body = urlencode(fields)
        connection.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location", "")
    finally:
        connection.close()


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def all_at_once(calls):
    """Run the calls in as many threads, released together by a barrier; their results in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.fixture
def full_house(create_forum):
    """The servers run on the wall clock in processes of their own: a forum far ahead of it."""
    start = datetime(2099, 10, 25, 3, 0)
    return create_forum(status="open", capacity=SEATS, starts_at=start, ends_at=start + timedelta(hours=6))


@pytest.fixture
def gunicorn(app, tmp_path):
    """Three gunicorn worker processes, two threads each, serving the suite's PostgreSQL database."""
    if db.engine.dialect.name != "postgresql":
        # It holds there too (one writer at a time), but SQLite's lock waits poll: slow, and not its use.
        pytest.skip("several server processes are for PostgreSQL; run the suite with TEST_DATABASE_URL")
    port = free_port()
    env = {**os.environ, "TEST_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "APP_ENV": "testing"}
    log = open(tmp_path / "gunicorn.log", "w+")  # noqa: SIM115  (closed below, after the server)
    server = subprocess.Popen(
        [sys.executable, *GUNICORN, "--bind", f"127.0.0.1:{port}", "app:create_app('testing')"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, "/healthz") == 200:
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail("gunicorn did not start:\n" + log.read())
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture
def threaded_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # Everyone connects at once: werkzeug's backlog of 128 would turn some away before they are served.
    server.socket.listen(PEOPLE)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()


def fields(n):
    return {
        "prefix": "นาง",
        "first_name": f"ผู้เข้าร่วม{n}",
        "last_name": "ทดสอบ",
        "phone": f"09{n:08d}",
        "privacy_ack": "y",
        "dietary": "none",
    }


def check_capacity_under_load(forum, port):
    path = f"/f/{forum.public_code}/register"
    answers = all_at_once([lambda n=n: post(port, path, fields(n)) for n in range(PEOPLE)])

    assert [status for status, _ in answers] == [302] * PEOPLE, "every request answered, none failed"
    codes = [location.rsplit("/t/", 1)[-1] for _, location in answers]
    db.session.expire_all()
    rows = db.session.scalars(
        select(Registration).where(Registration.forum_id == forum.id).order_by(Registration.id)
    ).all()
    assert sorted(r.ticket_code for r in rows) == sorted(codes), "nothing lost, nothing twice"
    # Ids come from the insert, made while holding the forum's lock: they are the commit order.
    assert [r.status for r in rows] == [RegistrationStatus.CONFIRMED] * SEATS + [
        RegistrationStatus.WAITLISTED
    ] * (PEOPLE - SEATS)
    assert [r.waitlist_position for r in rows[SEATS:]] == list(range(1, PEOPLE - SEATS + 1))

    first_in_line = rows[SEATS : SEATS + CANCELLATIONS]
    rest_of_line = rows[SEATS + CANCELLATIONS :]
    leaving = rows[:CANCELLATIONS]
    cancels = all_at_once([lambda r=r: post(port, f"/m/{r.manage_token}/cancel", {}) for r in leaving])
    assert [status for status, _ in cancels] == [302] * CANCELLATIONS

    db.session.expire_all()
    assert all(db.session.get(Registration, r.id).status == RegistrationStatus.CANCELLED for r in leaving)
    assert all(
        db.session.get(Registration, r.id).status == RegistrationStatus.CONFIRMED for r in first_in_line
    )
    confirmed = db.session.scalars(
        select(Registration).where(
            Registration.forum_id == forum.id, Registration.status == RegistrationStatus.CONFIRMED
        )
    ).all()
    assert len(confirmed) == SEATS
    assert [db.session.get(Registration, r.id).waitlist_position for r in rest_of_line] == list(
        range(1, PEOPLE - SEATS - CANCELLATIONS + 1)
    )


def test_several_server_processes_never_give_more_seats_than_there_are(full_house, gunicorn):
    check_capacity_under_load(full_house, gunicorn)


def test_one_process_with_threads_never_gives_more_seats_than_there_are(full_house, threaded_server):
    check_capacity_under_load(full_house, threaded_server)
