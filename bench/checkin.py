"""How fast the door can scan: POST /api/v1/checkin against a bare Flask endpoint on the same database.

Usage: python bench/checkin.py [--postgresql URL] [--sqlite-only | --postgresql-only] [--scans N]

For SQLite (a temporary file) and PostgreSQL (default: the h_checkin_bench database, created
for the run and dropped after), it starts gunicorn with two workers (bench/registration.py's
Server: production configuration, rate limits in Redis) and prints, at 8 and 32 scans in flight,
scans per second and p50/p95/p99 latency for first scans (each ticket's first), repeat scans
(the same tickets again: "already checked in") and unknown codes. Each client thread is one phone
with its own staff token. In the same run the same figures come from a bare Flask endpoint served
the same way, doing one indexed read (the ticket) and one write (a log row) on the same database:
the "of bare" column is our throughput as a share of it. "cpu ms" is the gunicorn processes' CPU
time per scan (the database's not counted): unlike the latencies it hardly depends on what else
the machine runs. Goal: p95 under 50 ms at concurrency 8
on PostgreSQL, and at least half the bare endpoint's throughput. Loops are bounded; nothing
leaves 127.0.0.1.
"""

import argparse
import http.client
import json
import os
import secrets
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, ROOT)

from flask import Flask, jsonify, request  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, create_engine, insert, text  # noqa: E402

from app import create_app  # noqa: E402
from app.auth import service as auth_service  # noqa: E402
from app.auth.models import Role  # noqa: E402
from app.extensions import db  # noqa: E402
from app.forums import service as forum_service  # noqa: E402
from app.forums.models import ForumStatus  # noqa: E402
from app.registration.models import Registration, RegistrationStatus  # noqa: E402
from app.registration.short_codes import new_short_code  # noqa: E402
from app.timeutil import utcnow  # noqa: E402
from bench.postgres import own_database  # noqa: E402
from bench.registration import Server, percentile  # noqa: E402
from tests.conftest import drop_everything  # noqa: E402

CONCURRENCIES = (8, 32)
SCENARIOS = ("first", "repeat", "unknown")
GOAL_P95_MS, GOAL_SHARE = 50, 0.5
HEADINGS = ("endpoint", "scans", "conc", "req/s", "p50 ms", "p95 ms", "p99 ms", "cpu ms", "of bare")

bare_metadata = MetaData()
#: The bare endpoint's write: one row per scan, like the product's log line.
bare_scans = Table(
    "bench_bare_scans",
    bare_metadata,
    Column("id", Integer, primary_key=True),
    Column("registration_id", Integer),
    Column("scan_text", String(500)),
    Column("received_at", DateTime),
)


def create_bare_app():
    """A Flask app with one endpoint: the least a check-in could do (one indexed read, one write)."""
    url = os.environ["DATABASE_URL"]
    options = {"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {"pool_size": 8}
    engine = create_engine(url, **options)
    bare = Flask("bare")

    @bare.post("/scan")
    def scan():
        code = request.get_json()["scan"]
        with engine.begin() as conn:
            row = conn.execute(
                text("SELECT id, status FROM registrations WHERE ticket_code = :code"), {"code": code}
            ).first()
            conn.execute(
                insert(bare_scans).values(
                    registration_id=row.id if row else None, scan_text=code, received_at=utcnow()
                )
            )
        return jsonify({"result": row.status if row else "unknown"})

    @bare.get("/healthz")
    def health():
        return {"status": "ok"}

    return bare


def prepare(url, people):
    """A fresh schema, a forum happening now with `people` confirmed registrations, and phone tokens."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        drop_everything()
        upgrade()
        bare_metadata.create_all(db.engine)
        start = utcnow().replace(microsecond=0) - timedelta(hours=1)
        forum = forum_service.create_forum(
            {
                "title": "เวทีทดสอบความเร็วการเช็กอิน",
                "starts_at": start,
                "ends_at": start + timedelta(hours=8),
                "venue_name": "โรงแรมเรือนแพ รอยัล ปาร์ค",
                "capacity": people,
            }
        )
        forum.status = ForumStatus.OPEN
        db.session.flush()
        codes = [secrets.token_urlsafe(24) for _ in range(people)]
        short_codes = set()
        while len(short_codes) < people:
            short_codes.add(new_short_code())
        db.session.execute(
            insert(Registration),
            [
                {
                    "forum_id": forum.id,
                    "prefix": "นาง",
                    "first_name": f"ผู้ทดสอบ{n}",
                    "last_name": "ความเร็ว",
                    "phone": f"09{n:08d}",
                    "status": RegistrationStatus.CONFIRMED,
                    "ticket_code": code,
                    "manage_token": secrets.token_urlsafe(24),
                    "privacy_notice_version": "bench",
                    "search_text": f"ผู้ทดสอบ{n}",
                    "short_code": short_code,
                }
                for n, (code, short_code) in enumerate(zip(codes, short_codes, strict=True))
            ],
        )
        tokens = []
        for n in range(max(CONCURRENCIES)):
            user, _ = auth_service.create_user(f"door{n}@example.org", Role.CHECKIN, password="bench-only-42")
            tokens.append(auth_service.create_token(user))
        forum_id = forum.id
        db.session.commit()
        db.engine.dispose()
    return forum_id, codes, tokens


def post(port, path, body, token=None):
    """Send one scan; the seconds until the answer, which must be 200."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    try:
        connection.request("POST", path, json.dumps(body), headers)
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return time.perf_counter() - started


def run(send, scans, concurrency):
    """Send every scan, `concurrency` at a time, each thread with its own token: (per second, latencies)."""
    local = threading.local()
    numbers = iter(range(concurrency))
    lock = threading.Lock()

    def one(scan):
        if not hasattr(local, "phone"):
            with lock:
                local.phone = next(numbers)
        return send(scan, local.phone)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        latencies = list(pool.map(one, scans))
    return len(scans) / (time.perf_counter() - started), latencies


def scan_sets(codes, scans):
    """For each concurrency: the first-scan, repeat and unknown codes, `scans` of each."""
    sets = {}
    for n, concurrency in enumerate(CONCURRENCIES):
        fresh = codes[n * scans : (n + 1) * scans]
        unknown = [secrets.token_urlsafe(24) for _ in range(scans)]
        sets[concurrency] = {"first": fresh, "repeat": fresh, "unknown": unknown}
    return sets


def measure(senders, sets):
    """Time each scenario at each concurrency on every endpoint, one right after the other, so a
    machine busy with something else weighs on both alike; each server's pools are warmed first.

    `senders` maps a label to (its Server, its send); figures are (per second, latencies, cpu s per scan).
    """
    figures = {}
    for concurrency, scenarios in sets.items():
        for _server, send in senders.values():
            run(send, [scenarios["unknown"][0]] * concurrency, concurrency)
        for scenario in SCENARIOS:
            for label, (server, send) in senders.items():
                cpu = server.cpu_seconds()
                per_second, latencies = run(send, scenarios[scenario], concurrency)
                cpu = (server.cpu_seconds() - cpu) / len(scenarios[scenario])
                figures[label, scenario, concurrency] = per_second, latencies, cpu
    return figures


def bench(name, url, scans):
    forum_id, codes, tokens = prepare(url, scans * len(CONCURRENCIES))
    ours, bare = Server(url), Server(url, "bench.checkin:create_bare_app()")
    try:
        figures = measure(
            {
                "checkin": (
                    ours,
                    lambda code, phone: post(
                        ours.port, "/api/v1/checkin", {"forum_id": forum_id, "scan": code}, tokens[phone]
                    ),
                ),
                "bare": (bare, lambda code, _phone: post(bare.port, "/scan", {"scan": code})),
            },
            scan_sets(codes, scans),
        )
    finally:
        ours.stop()
        bare.stop()
    print(f"\n{name} · gunicorn, 2 workers × 4 threads · {scans} scans per run")
    print(" ".join(f"{title:>9}" for title in HEADINGS))
    verdicts = []
    for concurrency in CONCURRENCIES:
        for scenario in SCENARIOS:
            for label in ("checkin", "bare"):
                per_second, latencies, cpu = figures[label, scenario, concurrency]
                share = per_second / figures["bare", scenario, concurrency][0]
                p50, p95, p99 = (1000 * percentile(latencies, p) for p in (50, 95, 99))
                cells = [
                    label,
                    scenario,
                    concurrency,
                    f"{per_second:.0f}",
                    f"{p50:.1f}",
                    f"{p95:.1f}",
                    f"{p99:.1f}",
                    f"{1000 * cpu:.1f}",
                ]
                cells.append(f"{share:.0%}" if label == "checkin" else "")
                print(" ".join(f"{cell:>9}" for cell in cells))
                if label == "checkin" and concurrency == 8:
                    verdicts.append((scenario, p95, share))
    for scenario, p95, share in verdicts:
        met = p95 < GOAL_P95_MS and share >= GOAL_SHARE
        print(
            f"goal at concurrency 8, {scenario} scans: p95 {p95:.1f} ms (< {GOAL_P95_MS}),"
            f" {share:.0%} of bare (≥ {GOAL_SHARE:.0%}) → {'met' if met else 'NOT met'}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--postgresql", default="postgresql+psycopg://postgres@127.0.0.1:5432/h_checkin_bench"
    )
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--sqlite-only", action="store_true")
    only.add_argument("--postgresql-only", action="store_true")
    parser.add_argument("--scans", type=int, default=400)
    args = parser.parse_args()
    if not args.postgresql_only:
        with tempfile.TemporaryDirectory() as folder:
            bench("SQLite", f"sqlite:///{folder}/bench.db", args.scans)
    if not args.sqlite_only:
        with own_database(args.postgresql) as url:
            bench("PostgreSQL", url, args.scans)


if __name__ == "__main__":
    main()
