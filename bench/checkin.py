"""How fast the door can scan: POST /api/v1/checkin against a bare Flask endpoint on the same database.

Usage: python bench/checkin.py [--postgresql URL] [--sqlite-only | --postgresql-only] [--scans N]

For SQLite (a temporary file) and PostgreSQL (default: the h_checkin_bench database, created
for the run and dropped after), it starts gunicorn with two workers (bench/registration.py's
Server: production configuration, rate limits in Redis) and prints, at 8 and 32 scans in flight,
scans per second and p50/p95/p99 latency for first scans (each ticket's first), repeat scans
(the same tickets again: "already checked in") and unknown codes. Each client thread is one phone
with its own staff token. In the same run, served the same way on the same database, come two
endpoints doing the least a check-in could: one indexed read (the ticket) and one write (a log
row): "bare" with SQLAlchemy Core and text SQL, and "orm", the floor the goal is set against,
with Flask-SQLAlchemy and the product's own Registration model. "app ms" is the gunicorn processes'
CPU time per scan, "db ms" the PostgreSQL backends' (0 on SQLite): unlike the latencies they hardly
depend on what else the machine runs. Goal (issue 15), first scans at concurrency 8 on PostgreSQL:
at least the orm floor's throughput, a p95 no more than 1.2 x the floor's, and app + db CPU per
scan at most 3.5 ms. Loops are bounded; nothing leaves 127.0.0.1.
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
from flask_login import LoginManager  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, create_engine, insert, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

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
from bench.registration import Server, percentile, process_cpu_seconds  # noqa: E402
from tests.conftest import drop_everything  # noqa: E402

CONCURRENCIES = (8, 32)
SCENARIOS = ("first", "repeat", "unknown")
GOAL_SHARE, GOAL_P95_RATIO, GOAL_CPU_MS = 1.0, 1.2, 3.5
ENDPOINTS = ("checkin", "orm", "bare")
HEADINGS = ("endpoint", "scans", "conc", "req/s", "p50 ms", "p95 ms", "p99 ms", "app ms", "db ms", "of orm")

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


class BenchScan(db.Model):
    """The orm floor's log row (the bare endpoint writes the same table through Core)."""

    __table__ = bare_scans.to_metadata(db.metadata)


def create_orm_floor_app():
    """The floor of the goal: the bare endpoint's read and write through Flask-SQLAlchemy ORM models."""
    url = os.environ["DATABASE_URL"]
    floor = Flask("orm_floor")
    floor.config["SQLALCHEMY_DATABASE_URI"] = url
    floor.config["SQLALCHEMY_ENGINE_OPTIONS"] = (
        {"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {"pool_size": 8}
    )
    db.init_app(floor)
    # The product's session listeners (the forum change log) ask who is logged in: nobody here.
    LoginManager(floor).user_loader(lambda _user_id: None)

    @floor.post("/scan")
    def scan():
        code = request.get_json()["scan"]
        ticket = db.session.scalar(db.select(Registration).where(Registration.ticket_code == code))
        db.session.add(
            BenchScan(registration_id=ticket.id if ticket else None, scan_text=code, received_at=utcnow())
        )
        db.session.commit()
        return jsonify({"result": ticket.status.value if ticket else "unknown"})

    @floor.get("/healthz")
    def health():
        return {"status": "ok"}

    return floor


class DatabaseCpu:
    """CPU time of the PostgreSQL backends connected to the bench's database (nothing on SQLite)."""

    def __init__(self, url):
        self.engine = create_engine(url, poolclass=NullPool) if url.startswith("postgresql") else None

    def seconds(self):
        if self.engine is None:
            return 0.0
        with self.engine.connect() as conn:
            pids = conn.scalars(
                text(
                    "SELECT pid FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).all()
        return sum(process_cpu_seconds(pid) for pid in pids)


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


def measure(senders, sets, database):
    """Time each scenario at each concurrency on every endpoint, one right after the other, so a
    machine busy with something else weighs on all alike; each server's pools are warmed first.

    `senders` maps a label to (its Server, its send); figures are
    (per second, latencies, app cpu s per scan, database cpu s per scan).
    """
    figures = {}
    for concurrency, scenarios in sets.items():
        for _server, send in senders.values():
            run(send, [scenarios["unknown"][0]] * concurrency, concurrency)
        for scenario in SCENARIOS:
            for label, (server, send) in senders.items():
                cpu, db_cpu = server.cpu_seconds(), database.seconds()
                per_second, latencies = run(send, scenarios[scenario], concurrency)
                scans = len(scenarios[scenario])
                cpu, db_cpu = (server.cpu_seconds() - cpu) / scans, (database.seconds() - db_cpu) / scans
                figures[label, scenario, concurrency] = per_second, latencies, cpu, db_cpu
    return figures


def bench(name, url, scans):
    forum_id, codes, tokens = prepare(url, scans * len(CONCURRENCIES))
    servers = {
        "checkin": Server(url),
        "orm": Server(url, "bench.checkin:create_orm_floor_app()"),
        "bare": Server(url, "bench.checkin:create_bare_app()"),
    }
    ours = servers["checkin"]

    def scan_of(label):
        if label == "checkin":
            # The scanner page asks for the brief answer (what it shows of the person).
            body = lambda code: {"forum_id": forum_id, "scan": code, "answer": "brief"}  # noqa: E731
            return lambda code, phone: post(ours.port, "/api/v1/checkin", body(code), tokens[phone])
        return lambda code, _phone: post(servers[label].port, "/scan", {"scan": code})

    try:
        figures = measure(
            {label: (server, scan_of(label)) for label, server in servers.items()},
            scan_sets(codes, scans),
            DatabaseCpu(url),
        )
    finally:
        for server in servers.values():
            server.stop()
    print(f"\n{name} · gunicorn, 2 workers × 4 threads · {scans} scans per run")
    print(" ".join(f"{title:>9}" for title in HEADINGS))
    for concurrency in CONCURRENCIES:
        for scenario in SCENARIOS:
            floor = figures["orm", scenario, concurrency]
            for label in ENDPOINTS:
                per_second, latencies, cpu, db_cpu = figures[label, scenario, concurrency]
                p50, p95, p99 = (1000 * percentile(latencies, p) for p in (50, 95, 99))
                cells = [label, scenario, concurrency, f"{per_second:.0f}"]
                cells += [
                    f"{p50:.1f}",
                    f"{p95:.1f}",
                    f"{p99:.1f}",
                    f"{1000 * cpu:.2f}",
                    f"{1000 * db_cpu:.2f}",
                ]
                cells.append(f"{per_second / floor[0]:.0%}" if label != "orm" else "")
                print(" ".join(f"{cell:>9}" for cell in cells))
    ours_8, floor_8 = figures["checkin", "first", 8], figures["orm", "first", 8]
    share = ours_8[0] / floor_8[0]
    p95_ratio = percentile(ours_8[1], 95) / percentile(floor_8[1], 95)
    cpu_ms = 1000 * (ours_8[2] + ours_8[3])
    met = share >= GOAL_SHARE and p95_ratio <= GOAL_P95_RATIO and cpu_ms <= GOAL_CPU_MS
    print(
        f"goal, first scans at concurrency 8: {share:.2f} x the orm floor's throughput (>= {GOAL_SHARE}),"
        f" p95 {p95_ratio:.2f} x the floor's (<= {GOAL_P95_RATIO}),"
        f" {cpu_ms:.2f} ms app + db CPU per scan (<= {GOAL_CPU_MS})"
        f" -> {'met' if met else 'NOT met'}"
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
