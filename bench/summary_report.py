"""Time, pages and peak memory of the forum summary report for 110 and 1,000 attendees.

Each size runs in its own process, so the peak memory (ru_maxrss: Pango, HarfBuzz and
the layout tree included) is that size's alone. The forum is the one the tests use
(tests/reports/forum_data.py: invitations, no-shows, notes, action items, feedback),
in a fresh SQLite database. The time is of a warm render (imports done, fonts loaded
by a first report), as a running server would see it, from the database to the bytes;
CPU time is printed too, since other work on a shared machine stretches the wall time.

    .venv/bin/python bench/summary_report.py                 # 110 and 1,000 attendees
    .venv/bin/python bench/summary_report.py --attendees 110 5000
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from datetime import date

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench.child import measured_in_child  # noqa: E402
from bench.table import table_line  # noqa: E402

PRINTED_ON = date(2025, 11, 26)


def run_case(attendees):
    """In the child process: seed a held forum, render its report twice (cold, then warm) and measure."""
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.reports.summary import render_summary_report
    from tests.pdf_helpers import page_count
    from tests.reports.forum_data import held_forum

    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{os.path.join(folder, 'bench.db')}"
        app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database})
        with app.app_context():
            upgrade()
            warm_up = held_forum(5, organizations=4)
            forum = held_forum(attendees)
            render_summary_report(warm_up, PRINTED_ON)
            db.session.expire_all()
            cpu, started = time.process_time(), time.perf_counter()
            pdf = render_summary_report(forum, PRINTED_ON)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            db.engine.dispose()
    return {
        "attendees": attendees,
        "pages": page_count(pdf),
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "pdf_kb": len(pdf) / 1024,
    }


#: (figure, title, width, format) of each printed column.
COLUMNS = (
    ("attendees", "attendees", 9, ""),
    ("pages", "pages", 6, ""),
    ("seconds", "wall s", 7, ".2f"),
    ("cpu_seconds", "cpu s", 6, ".2f"),
    ("peak_mb", "peak MB", 8, ".0f"),
    ("pdf_kb", "KB", 6, ".0f"),
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, nargs="*", default=[110, 1000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_case(args.child)))
        return
    print(f"# Forum summary report, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(table_line(COLUMNS))
    for attendees in args.attendees:
        print(table_line(COLUMNS, measured_in_child(__file__, attendees)), flush=True)


if __name__ == "__main__":
    main()
