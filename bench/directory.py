"""Latency of the directory's list, search and filters at 5,000 organizations, on SQLite and PostgreSQL.

    .venv/bin/python bench/directory.py [--organizations 5000] [--requests 200] [--only sqlite]

For each database it builds the data through the directory service (a fresh SQLite
file in a temporary directory; a PostgreSQL database it creates and drops itself,
BENCH_POSTGRES_URL, default postgresql+psycopg://postgres@127.0.0.1:5432/bench_directory),
serves the app with gunicorn (one sync worker) on 127.0.0.1, logs in, and times
bounded loops of requests one after the other. It prints a table; the goal is a
p95 under 50 ms for a search page.
"""

import argparse
import contextlib
import http.client
import io
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from urllib.parse import urlencode

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402

from app import create_app  # noqa: E402
from app.auth import service as auth_service  # noqa: E402
from app.auth.models import Role  # noqa: E402
from app.directory import demo, service  # noqa: E402
from app.directory.models import ChangeSource  # noqa: E402
from app.extensions import db  # noqa: E402
from bench.postgres import own_database  # noqa: E402

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_directory"
EMAIL, PASSWORD = "bench@example.org", "bench-password-42"
GOAL_MS = 50
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def build(database_url, count):
    """Migrate an empty database and fill it through the directory service; return an API token."""
    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context(), contextlib.redirect_stderr(io.StringIO()):  # Alembic's log lines
        upgrade()
    with app.app_context():
        for index, data in enumerate(demo.many_organizations(count, date.today()), start=1):
            service.create_organization(data, source=ChangeSource.IMPORT)
            if index % 500 == 0:
                db.session.commit()
        user, _ = auth_service.create_user(EMAIL, Role.ORGANIZER, password=PASSWORD)
        token = auth_service.create_token(user, "bench")
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does shortly after a bulk load; without it the planner guesses.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
        db.engine.dispose()
    return token


def scenarios():
    """(label, path, is_search_page) of what is timed."""
    first = demo.demo_organizations(date.today())[0]
    number = first["certification_no"].rpartition(" ")[2].translate(THAI_DIGITS)
    pages = [
        ("list, page 1", {}, False),
        ("list, page 60", {"page": 60}, False),
        ("search: subdistrict name", {"q": "วัดจันทร์"}, True),
        (f"search: cert. no. {number}", {"q": number}, True),
        ("search: no hit", {"q": "ไม่มีองค์กรนี้ในทำเนียบ"}, True),
        ("search: a contact's first name", {"q": "สมใจ"}, True),
        ("filter: kind + district", {"kind": "community_welfare", "district": "6501"}, False),
        ("filter: not confirmed 12 months", {"stale": "1"}, False),
    ]
    yield from ((label, "/directory/?" + urlencode(args), search) for label, args, search in pages)
    yield "API: list, 50 a page", "/api/v1/organizations?per_page=50", False
    yield "API: search", "/api/v1/organizations?" + urlencode({"q": "วัดจันทร์"}), True


class Client:
    """A tiny HTTP client that keeps cookies; one connection per request, as gunicorn's sync worker wants."""

    def __init__(self, port, token):
        self.port, self.token, self.cookies = port, token, {}

    def get(self, path):
        return self.request("GET", path)

    def request(self, method, path, form=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if path.startswith("/api/"):
            headers = {"Authorization": f"Bearer {self.token}"}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        connection.close()
        return response.status, data

    def log_in(self):
        _status, page = self.get("/login")
        csrf = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1).decode()
        status, _ = self.request("POST", "/login", {"email": EMAIL, "password": PASSWORD, "csrf_token": csrf})
        if status != 302:
            raise RuntimeError(f"log in failed: {status}")


def found(path, data):
    if path.startswith("/api/"):
        return json.loads(data)["total"]
    return int(re.search(rb'data-testid="org-total">(\d+)<', data).group(1))


def cpu_seconds(pid):
    """CPU time a process has used (Linux /proc), or None where that cannot be read."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def worker_pid(master_pid):
    try:
        with open(f"/proc/{master_pid}/task/{master_pid}/children") as children:
            return int(children.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def measure(client, path, requests, worker):
    """(organizations found, wall-clock ms of each request, app CPU ms per request or None)."""
    for _ in range(5):  # warm caches and the worker
        client.get(path)
    cpu_before = cpu_seconds(worker)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        status, data = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"{path}: HTTP {status}")
    cpu_after = cpu_seconds(worker)
    cpu = None if None in (cpu_before, cpu_after) else (cpu_after - cpu_before) * 1000 / requests
    return found(path, data), timings, cpu


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(database_url):
    """Start gunicorn on a free loopback port; return (process, port) once it answers."""
    port = free_port()
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="bench-only", APP_ENV="development")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "app:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if Client(port, None).get("/healthz")[0] == 200:
                return process, port
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def table_row(mark, label, hits, p50, p95, worst, rate, cpu):
    return f"{mark:<2}{label:<36}{hits:>7}{p50:>9}{p95:>9}{worst:>9}{rate:>8}{cpu:>12}"


def run(name, database_url, count, requests):
    started = time.perf_counter()
    token = build(database_url, count)
    print(f"\n{name}: {count:,} organizations built through the directory service in "
          f"{time.perf_counter() - started:.0f} s; {requests} requests each, one at a time")  # fmt: skip
    process, port = serve(database_url)
    try:
        client = Client(port, token)
        client.log_in()
        worker = worker_pid(process.pid)
        print(table_row("", "what", "found", "p50 ms", "p95 ms", "max ms", "req/s", "app CPU ms"))
        missed = []
        for label, path, is_search in scenarios():
            hits, timings, cpu = measure(client, path, requests, worker)
            p50 = statistics.median(timings)
            p95 = statistics.quantiles(timings, n=20, method="inclusive")[18]
            rate = 1000 * len(timings) / sum(timings)
            numbers = (f"{p50:.1f}", f"{p95:.1f}", f"{max(timings):.1f}", f"{rate:.0f}")
            cpu_text = "—" if cpu is None else f"{cpu:.1f}"
            print(table_row("*" if is_search else "", label, hits, *numbers, cpu_text))
            if is_search and p95 >= GOAL_MS:
                missed.append(label)
        verdict = f"missed by: {', '.join(missed)}" if missed else "met"
        print(f"* search pages; goal p95 < {GOAL_MS} ms: {verdict}")
        print(f"  app CPU: the gunicorn worker's CPU time per request (the database's own is not in it); "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")  # fmt: skip
    finally:
        process.terminate()
        process.wait(timeout=30)


def postgres(url, count, requests):
    """Run on a database of our own, created before and dropped after."""
    try:
        with own_database(url) as own:
            engine = create_engine(own)
            with engine.connect() as conn:
                version = conn.execute(text("SHOW server_version")).scalar()
            engine.dispose()
            run(f"PostgreSQL {version}", own, count, requests)
    except OperationalError as error:
        print(f"\nPostgreSQL: skipped, cannot reach {url}: {error.__class__.__name__}: {error}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organizations", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    print(f"Directory latency · {os.cpu_count()} CPUs · Python {platform.python_version()}")
    if args.only != "postgresql":
        import sqlite3

        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{os.path.join(tmp, 'bench.db')}"
            run(f"SQLite {sqlite3.sqlite_version}", url, args.organizations, args.requests)
    if args.only != "sqlite":
        url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
        postgres(url, args.organizations, args.requests)


if __name__ == "__main__":
    main()
