"""Where a check-in's time goes: statements and CPU per POST /api/v1/checkin, beside the bare endpoint.

Usage: python bench/checkin_cost.py [--postgresql URL | --sqlite] [--scans N] [--nonce] [--sql] [--profile]

Builds the data as bench/checkin.py does (default: the h_checkin_cost database, created for the run
and dropped after), then sends first scans, repeat scans and unknown codes through Flask's test
client, one at a time, to the product (production configuration, rate limits in memory) and to
the bare endpoint of bench/checkin.py; the scans take turns among 8 staff tokens, as phones at a
door. It prints, per request, the SQL statements and commits sent and the CPU milliseconds of this
process (the test client's own share included, alike for both; the database's not counted).
Unlike latencies under load these hardly move when the machine is busy. --sql prints the
statements of one first scan; --profile, the functions where first scans spend CPU (cProfile).
Nothing leaves 127.0.0.1.
"""

import argparse
import contextlib
import cProfile
import itertools
import os
import pstats
import secrets
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, ROOT)

from sqlalchemy import event  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from app import create_app  # noqa: E402
from bench.checkin import SCENARIOS, create_bare_app, prepare  # noqa: E402
from bench.postgres import own_database  # noqa: E402

#: Staff phones taking turns, each with its own token (the bench's concurrency 8).
PHONES = 8
HEADINGS = ("endpoint", "scans", "statements", "commits", "cpu ms")


class Statements:
    """Counts what every engine sends to its database; keeps the text while `keep` is set."""

    def __init__(self):
        self.executed = self.commits = 0
        self.keep = False
        self.kept = []
        event.listen(Engine, "before_cursor_execute", self._execute)
        event.listen(Engine, "commit", self._commit)

    def _execute(self, _conn, _cursor, statement, _parameters, _context, _many):
        self.executed += 1
        if self.keep:
            self.kept.append(" ".join(statement.split()))

    def _commit(self, _conn):
        self.commits += 1
        if self.keep:
            self.kept.append("COMMIT")


def sender(app, path, tokens=(), forum_id=None, nonces=False):
    """Send one code; with tokens, the scans take turns among those phones, as at a door; with
    nonces, each scan has its own, as the scanner page sends them."""
    client = app.test_client()
    turns = itertools.cycle([{"Authorization": f"Bearer {token}"} for token in tokens] or [{}])

    def send(code):
        # The scanner page asks for the brief answer (what it shows of the person).
        body = {"forum_id": forum_id, "scan": code, "answer": "brief"} if forum_id else {"scan": code}
        if nonces:
            body["nonce"] = secrets.token_hex(16)
        response = client.post(path, json=body, headers=next(turns))
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")

    return send


def cost(send, codes, statements):
    """(statements, commits, CPU seconds) per request for sending each code once."""
    executed, commits, cpu = statements.executed, statements.commits, time.process_time()
    for code in codes:
        send(code)
    n = len(codes)
    return (
        (statements.executed - executed) / n,
        (statements.commits - commits) / n,
        (time.process_time() - cpu) / n,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgresql", default="postgresql+psycopg://postgres@127.0.0.1:5432/h_checkin_cost")
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file instead")
    parser.add_argument("--scans", type=int, default=300)
    parser.add_argument("--nonce", action="store_true", help="a nonce with each scan, as the scanner")
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-lines", type=int, default=45)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
        url = (
            f"sqlite:///{folder}/cost.db"
            if args.sqlite
            else stack.enter_context(own_database(args.postgresql))
        )
        os.environ["DATABASE_URL"] = url
        forum_id, codes, tokens = prepare(url, 2 * args.scans + 1)
        production = create_app(
            "production",
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": "bench-only-not-secret",
                "SESSION_COOKIE_SECURE": False,
                "RATELIMIT_STORAGE_URI": "memory://",
                "PUBLIC_BASE_URL": "http://localhost",
            },
        )
        ours = sender(production, "/api/v1/checkin", tokens[:PHONES], forum_id, args.nonce)
        bare = sender(create_bare_app(), "/scan")
        statements = Statements()
        fresh, profiled, sample = codes[: args.scans], codes[args.scans : -1], codes[-1]
        unknown = [f"unknown-code-{n:06d}" for n in range(args.scans)]
        for send in (ours, bare):
            for code in unknown[:20]:
                send(code)
        if args.sql:
            statements.keep = True
            ours(sample)
            statements.keep = False
            print("statements of one first scan:", *statements.kept, sep="\n  ")
        # Backwards, so a repeat mostly comes from another phone than the first scan, as at a door.
        runs = {"first": fresh, "repeat": fresh[::-1], "unknown": unknown}
        print(f"\n{'SQLite' if args.sqlite else 'PostgreSQL'} · in process · {args.scans} scans per run")
        print(" ".join(f"{title:>10}" for title in HEADINGS))
        for scenario in SCENARIOS:
            for label, send in (("checkin", ours), ("bare", bare)):
                executed, commits, cpu = cost(send, runs[scenario], statements)
                cells = (label, scenario, f"{executed:.1f}", f"{commits:.1f}", f"{1000 * cpu:.2f}")
                print(" ".join(f"{cell:>10}" for cell in cells))
        if args.profile:
            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
            for code in profiled:
                ours(code)
            profiler.disable()
            stats = pstats.Stats(profiler).strip_dirs()
            stats.sort_stats("cumulative").print_stats(args.profile_lines)
            stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
