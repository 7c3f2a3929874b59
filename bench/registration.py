"""How fast people can register through the public form, with two gunicorn workers.

Usage: python bench/registration.py [--postgresql URL] [--sqlite-only] [--people N]

For SQLite (a temporary file) and PostgreSQL (default: the h_reg database, created for the run
and dropped after), it starts gunicorn on 127.0.0.1 with the production configuration (CSRF
on, rate limits in Redis at 127.0.0.1:6379/15, only the per-address limit raised since every
request comes from 127.0.0.1) and prints, at 8 and 32 registrations in flight at once,
registrations per second and the p50/p95/p99/max latency of the form's POST (the form was
opened once before). Then the goal: 110 registrations arriving spread over one second, each
answered in under 2 s. "cpu ms" is the gunicorn processes' CPU time per registration (the
database's not counted): unlike the latencies it hardly depends on what else the machine runs.
Loops are bounded (N registrations per run); nothing leaves 127.0.0.1.
"""

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from urllib.parse import urlencode

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, ROOT)

from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.forums import service as forum_service  # noqa: E402
from app.forums.models import ForumStatus  # noqa: E402
from app.timeutil import utcnow  # noqa: E402
from bench.postgres import own_database  # noqa: E402
from tests.conftest import drop_everything  # noqa: E402

WORKERS = ["--workers", "2", "--threads", "4", "--worker-class", "gthread", "--preload"]
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
GOAL_PEOPLE, GOAL_WINDOW, GOAL_LATENCY = 110, 1.0, 2.0
HEADINGS = ("concurrency", "reg/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "cpu ms")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(url, forums):
    """A fresh schema and open forums with plenty of seats; their public codes."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        drop_everything()
        upgrade()
        start = utcnow().replace(microsecond=0) + timedelta(days=30)
        codes = []
        for n, capacity in enumerate(forums):
            forum = forum_service.create_forum(
                {
                    "title": f"เวทีทดสอบความเร็ว {n + 1}",
                    "starts_at": start,
                    "ends_at": start + timedelta(hours=6),
                    "venue_name": "โรงแรมเรือนแพ รอยัล ปาร์ค",
                    "capacity": capacity,
                }
            )
            forum.status = ForumStatus.OPEN
            codes.append(forum.public_code)
        db.session.commit()
        db.engine.dispose()
    return codes


class Server:
    """Gunicorn on 127.0.0.1 serving `app_spec` (the product by default) with the production configuration."""

    def __init__(self, url, app_spec="app:create_app()"):
        self.port = free_port()
        env = {
            **os.environ,
            "APP_ENV": "production",
            "DATABASE_URL": url,
            "SECRET_KEY": "bench-only-not-secret",
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{self.port}",
            "SESSION_COOKIE_SECURE": "0",
            "PUBLIC_RATE_LIMIT": "1000000 per minute",
            # Rate limits shared by the workers, as at scale (DESIGN.md "Real parts"); database 15 of Redis.
            "RATELIMIT_STORAGE_URI": os.environ.get(
                "BENCH_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/15"
            ),
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            *WORKERS,
            "--bind",
            f"127.0.0.1:{self.port}",
            app_spec,
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if request(self.port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def cpu_seconds(self):
        """CPU time (user + system) the gunicorn processes have used so far."""
        total = 0
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                fields = _stat(int(entry))
                if fields and (int(entry) == self.process.pid or int(fields[1]) == self.process.pid):
                    total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def _stat(pid):
    """The fields of /proc/<pid>/stat after the command's name, or None for a process gone."""
    try:
        with open(f"/proc/{pid}/stat") as file:
            return file.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def process_cpu_seconds(pid):
    """CPU time (user + system) a process has used so far; 0 once it is gone."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") if fields else 0.0


def request(port, method, path, body=None, cookie=""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        return response.status, text, response.getheader("Set-Cookie", "")
    finally:
        connection.close()


class Form:
    """The registration form as a browser has it open: its address, CSRF token and session cookie."""

    def __init__(self, port, code):
        self.port, self.path = port, f"/f/{code}/register"
        status, page, cookie = request(port, "GET", self.path)
        if status != 200:
            raise RuntimeError(f"the form answered {status}")
        self.token = CSRF.search(page).group(1)
        self.cookie = cookie.split(";", 1)[0]

    def send(self, n, prefix="09"):
        """Register person n; the seconds until the answer came."""
        fields = {
            "csrf_token": self.token, "prefix": "นาง", "first_name": f"ผู้ทดสอบ{n}", "last_name": "ความเร็ว",
            "phone": f"{prefix}{n:08d}", "dietary": "none", "privacy_ack": "y",
        }  # fmt: skip
        started = time.perf_counter()
        status, _page, _cookie = request(self.port, "POST", self.path, urlencode(fields), self.cookie)
        elapsed = time.perf_counter() - started
        if status != 302:
            raise RuntimeError(f"registration {n} answered {status}")
        return elapsed


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run(form, people, concurrency):
    """`people` registrations, `concurrency` at a time: (registrations per second, latencies)."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        latencies = list(pool.map(form.send, range(people)))
    return people / (time.perf_counter() - started), latencies


def burst(form):
    """GOAL_PEOPLE registrations arriving evenly spread over GOAL_WINDOW seconds: their latencies."""
    latencies = [0.0] * GOAL_PEOPLE
    start = time.perf_counter() + 0.2

    def person(i):
        time.sleep(max(0.0, start + i * GOAL_WINDOW / GOAL_PEOPLE - time.perf_counter()))
        latencies[i] = form.send(i, prefix="06")

    threads = [threading.Thread(target=person, args=(i,)) for i in range(GOAL_PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def ms(seconds):
    return f"{1000 * seconds:>7.0f}"


def bench(name, url, people):
    codes = prepare(url, [100000, 100000, GOAL_PEOPLE])
    server = Server(url)
    try:
        print(f"\n{name} · gunicorn, 2 workers × 4 threads · {people} registrations per run")
        print(f"{HEADINGS[0]:>11} " + " ".join(f"{title:>7}" for title in HEADINGS[1:]))
        for concurrency, code in ((8, codes[0]), (32, codes[1])):
            form = Form(server.port, code)
            cpu = server.cpu_seconds()
            per_second, latencies = run(form, people, concurrency)
            cpu = (server.cpu_seconds() - cpu) / people
            figures = [
                percentile(latencies, 50),
                percentile(latencies, 95),
                percentile(latencies, 99),
                max(latencies),
            ]
            print(f"{concurrency:>11} {per_second:>7.1f} " + " ".join(ms(f) for f in [*figures, cpu]))
        latencies = burst(Form(server.port, codes[2]))
        verdict = "met" if max(latencies) < GOAL_LATENCY else "NOT met"
        p50, p95, worst = statistics.median(latencies), percentile(latencies, 95), max(latencies)
        print(
            f"goal, {GOAL_PEOPLE} registrations arriving within {GOAL_WINDOW:.0f} s: p50{ms(p50)} ms,"
            f" p95{ms(p95)} ms, max{ms(worst)} ms → each under {GOAL_LATENCY:.0f} s: {verdict}"
        )
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgresql", default="postgresql+psycopg://postgres@127.0.0.1:5432/h_reg")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--people", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bench("SQLite", f"sqlite:///{folder}/bench.db", args.people)
    if not args.sqlite_only:
        with own_database(args.postgresql) as url:
            bench("PostgreSQL", url, args.people)


if __name__ == "__main__":
    main()
