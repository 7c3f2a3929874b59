"""The door's own server at the rush: 8 phones scanning while 110 people open their ticket pages.

Usage: python bench/door_day.py [--postgresql URL] [--scans N] [--views N]

Serves the product the way `flask run-lan` does (app/lan.py: today's tickets' QR codes drawn
ahead and one ticket page opened, then app/lan_server.py: gunicorn, gthread, TLS with a
self-signed certificate) on 127.0.0.1, over PostgreSQL (default: the h_door_day database, created
for the run and dropped after), with the data of bench/checkin.py. Then, all at once: 8 phone
threads, each with its own staff token and keep-alive connection, send `--scans` first scans each to
POST /api/v1/checkin, while 110 people (one thread and one new TLS connection each) open their
ticket page /t/<code> `--views` times, fetching its QR image too when the page links to one, as a
browser does. Prints p50/p95/max per kind and for everything, and the CPU seconds the server's
processes, the PostgreSQL backends and this client used (the machine may be shared: the CPU per
request moves less with other load than the latencies do). Goal: p95 under 200 ms.

Before it, in the same run, the floor: the same rush on the same server, every request answered
by /healthz (one SELECT 1, no template). Each new TLS connection costs the server and this client
CPU before any page is made, on the same two cores: the floor says how much of the p95 that is,
and the ratio how much the product adds. Rate limits
are raised: from 127.0.0.1 the 110 phones are one address, at a venue each has its own. Loops are
bounded; nothing leaves 127.0.0.1.
"""

import argparse
import contextlib
import html
import http.client
import json
import os
import re
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, ROOT)

from app import lan  # noqa: E402
from bench.checkin import DatabaseCpu, prepare  # noqa: E402
from bench.postgres import own_database  # noqa: E402
from bench.registration import free_port, percentile, process_cpu_seconds  # noqa: E402

PHONES, PEOPLE, GOAL_P95_MS = 8, 110, 200
QR_IMAGE = re.compile(r'<img src="(?P<src>[^"]*)"[^>]*data-testid="ticket-qr"')


def start_server(url, folder, port):
    cert_path, key_path = lan.ensure_certificate(folder, "127.0.0.1", now=datetime.now(UTC))
    env = {
        **os.environ,
        "APP_ENV": "production",
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-only-not-secret",
        "PUBLIC_BASE_URL": f"https://127.0.0.1:{port}",
        "PUBLIC_RATE_LIMIT": "1000000 per minute",
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    url = f"https://127.0.0.1:{port}/"
    script = (  # the steps of `flask run-lan` (app/lan.py, run_lan)
        "from app import create_app, lan; app = create_app()\n"
        f"with app.app_context(): lan.draw_todays_tickets({url!r}); lan.open_a_ticket_page({url!r})\n"
        f"lan.serve(app, '127.0.0.1', {port}, {cert_path!r}, {key_path!r})"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    trusted = ssl.create_default_context(cafile=cert_path)
    for _ in range(300):  # until it listens: at most 300 tries
        with contextlib.suppress(OSError):
            if fetch(connect(port, trusted), "GET", "/login")[0] == 200:
                return process, trusted
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the door server did not start")


def server_cpu_seconds(process):
    """CPU time (user + system) the server and its gunicorn workers have used so far."""
    pids = [process.pid]
    with contextlib.suppress(OSError), open(f"/proc/{process.pid}/task/{process.pid}/children") as children:
        pids += [int(pid) for pid in children.read().split()]
    return sum(process_cpu_seconds(pid) for pid in pids)


def connect(port, trusted):
    return http.client.HTTPSConnection("127.0.0.1", port, timeout=60, context=trusted)


def fetch(connection, method, path, body=None, headers=None):
    connection.request(method, path, body, headers or {})
    response = connection.getresponse()
    return response.status, response.read()


def timed(latencies, kind, connection, *request):
    started = time.perf_counter()
    status, body = fetch(connection, *request)
    latencies.append((kind, 1000 * (time.perf_counter() - started), status))
    return body


def qr_image_path(page):
    """The address the ticket page's QR image is fetched from, or None when the page holds it."""
    found = QR_IMAGE.search(page.decode("utf-8"))
    return None if found is None or found["src"].startswith("data:") else html.unescape(found["src"])


def rush(port, trusted, work, scans, views):
    """All at once: PHONES keep-alive phones send `scans` requests each, PEOPLE people open a page
    `views` times on a new connection each. `work` gives the requests: (phone's, person's).
    Returns (latencies as (kind, ms, status), seconds)."""
    phone_request, person_request = work
    latencies, start = [], threading.Barrier(PHONES + PEOPLE)

    def phone(n):
        connection = connect(port, trusted)
        start.wait()
        for k in range(scans):
            timed(latencies, "phones", connection, *phone_request(n, k))

    def person(n):
        start.wait()
        for _ in range(views):
            connection = connect(port, trusted)
            page = timed(latencies, "people", connection, *person_request(n))
            image = qr_image_path(page)
            if image:  # as a browser does: on the page's own keep-alive connection
                timed(latencies, "its QR image", connection, "GET", image)
            connection.close()

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=PHONES + PEOPLE) as pool:
        jobs = [pool.submit(phone, n) for n in range(PHONES)]
        jobs += [pool.submit(person, n) for n in range(PEOPLE)]
        for job in jobs:
            job.result()
    return latencies, time.perf_counter() - began


def product_work(forum_id, codes, tokens, scans):
    """The door's real requests: first scans of `codes`, then ticket pages of the codes after them."""

    def phone_request(n, k):
        body = json.dumps(
            {"forum_id": forum_id, "scan": codes[n * scans + k], "device": f"phone {n}", "answer": "brief"}
        )
        headers = {"Authorization": f"Bearer {tokens[n]}", "Content-Type": "application/json"}
        return "POST", "/api/v1/checkin", body, headers

    def person_request(n):
        return "GET", f"/t/{codes[PHONES * scans + n]}"

    return phone_request, person_request


#: The floor: the same server, TLS, connections and client, every request answered by /healthz
#: (one SELECT 1, no template): what the rush costs before the product does any work.
FLOOR_WORK = (lambda n, k: ("GET", "/healthz"), lambda n: ("GET", "/healthz"))


def print_rush(title, latencies, took, cpu):
    print(f"\n{title} · {took:.1f} s")
    print(f"{'requests':>12} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'not 200':>8}")
    for kind in ("phones", "people", "its QR image", None):
        rows = [(ms, status) for k, ms, status in latencies if kind in (None, k)]
        if not rows:
            continue
        values = [ms for ms, _ in rows]
        cells = (
            kind or "all",
            len(rows),
            f"{percentile(values, 50):.0f}",
            f"{percentile(values, 95):.0f}",
            f"{max(values):.0f}",
            sum(status != 200 for _, status in rows),
        )
        print(" ".join(f"{cell:>{w}}" for cell, w in zip(cells, (12, 6, 8, 8, 8, 8), strict=True)))
    print(
        f"CPU seconds: server (gunicorn) {cpu[0]:.2f}, PostgreSQL backends {cpu[1]:.2f},"
        f" this client {cpu[2]:.2f}"
        f" · {1000 * (cpu[0] + cpu[1]) / len(latencies):.1f} ms server + database per request"
    )
    return percentile([ms for _, ms, _ in latencies], 95)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgresql", default="postgresql+psycopg://postgres@127.0.0.1:5432/h_door_day")
    parser.add_argument("--scans", type=int, default=40, help="first scans per phone")
    parser.add_argument("--views", type=int, default=2, help="ticket page visits per person")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, own_database(args.postgresql) as url:
        forum_id, codes, tokens = prepare(url, PHONES * args.scans + PEOPLE)
        port = free_port()
        process, trusted = start_server(url, folder, port)
        database_cpu = DatabaseCpu(url)
        runs = []
        try:
            for title, work in (
                ("floor: every request /healthz", FLOOR_WORK),
                ("the door", product_work(forum_id, codes, tokens, args.scans)),
            ):
                cpu_before = (server_cpu_seconds(process), database_cpu.seconds(), time.process_time())
                latencies, took = rush(port, trusted, work, args.scans, args.views)
                cpu_after = (server_cpu_seconds(process), database_cpu.seconds(), time.process_time())
                cpu = [after - before for after, before in zip(cpu_after, cpu_before, strict=True)]
                runs.append((title, latencies, took, cpu))
        finally:
            process.terminate()
            process.wait(timeout=60)
            database_cpu.engine.dispose()
    print(
        f"\nPostgreSQL · gunicorn over TLS as run-lan · {PHONES} phones x {args.scans} scans, "
        f"{PEOPLE} people x {args.views} ticket pages, all at once"
    )
    floor, door = (print_rush(*run) for run in runs)
    print(f"\np95 of the door {door:.0f} ms = {door / floor:.2f}x the floor's {floor:.0f} ms")
    print(f"goal: p95 under {GOAL_P95_MS} ms: {'met' if door < GOAL_P95_MS else 'NOT met'}")


if __name__ == "__main__":
    main()
