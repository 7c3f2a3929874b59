"""Time, pages and peak memory of each forum document (sign-in sheet, attendance, badges, certificates).

Each case runs in its own process on its own SQLite database, so the peak memory
(ru_maxrss, Pango and the layout included) is that case's alone; the time is of a warm
render (fonts loaded by a small document first), with CPU time beside it since other work
on a shared machine stretches the wall time. A document laid out by worker processes
(PDF_WORKERS) counts theirs too: the CPU time of the workers, and as peak memory the most
that the case's process and its workers held at one moment (their resident sizes added up,
read every 20 ms).

    .venv/bin/python bench/documents.py                     # 110 and 1,000 registrations
    .venv/bin/python bench/documents.py --people 5000 --documents sign-in-sheet
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import threading
import time
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench.child import measured_in_child  # noqa: E402
from bench.table import table_line  # noqa: E402

DOCUMENTS = ("sign-in-sheet", "attendance-sheet", "badges", "certificates")


def _resident_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:")), 0.0)
    except OSError:  # the process has ended
        return 0.0


def _children(pid):
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as children:
                found += [int(child) for child in children.read().split()]
        except OSError:
            pass
    return found + [grandchild for child in found for grandchild in _children(child)]


class TogetherPeak(threading.Thread):
    """The most memory this process and all its descendants held at one moment (MB), read every 20 ms."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self.running = 0.0, True

    def run(self):
        me = os.getpid()
        while self.running:
            self.peak = max(self.peak, sum(_resident_mb(pid) for pid in [me, *_children(me)]))
            time.sleep(0.02)

    def stop(self):
        self.running = False
        self.join()
        return self.peak


def run_case(name, people):
    """In the child process: seat the people, render the document once warm, return the figures."""
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.forums import service as forum_service
    from app.forums.models import ForumStatus
    from app.reports import generated
    from config import Config
    from tests.pdf_helpers import page_count
    from tests.reports.people import make_organizations, seat_people

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            "testing",
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{os.path.join(folder, 'bench.db')}",
                "PUBLIC_BASE_URL": "https://forum.example.go.th",
                # As a server lays documents out (the testing configuration keeps to one process).
                "PDF_WORKERS": Config.PDF_WORKERS,
            },
        )
        with app.app_context():
            upgrade()
            forum = forum_service.create_forum(
                {
                    "title": "เวทีสมัชชาองค์กรสวัสดิการชุมชน จังหวัดพิษณุโลก",
                    "starts_at": datetime(2018, 10, 25, 2),
                    "ends_at": datetime(2018, 10, 25, 9),
                    "venue_name": "โรงแรมเรือนแพ รอยัล ปาร์ค",
                    "capacity": max(people, 1),
                }
            )
            forum.status = ForumStatus.FINISHED
            seat_people(forum, people, make_organizations(), checked_in_every=1)
            db.session.commit()
            generated.render_now(generated.get("sign-in-sheet"), _small_forum(forum_service, forum))
            baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            together = TogetherPeak()
            together.start()
            cpu, started = _cpu_seconds(), time.perf_counter()
            pdf = generated.render_now(generated.get(name), forum)
            seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
            together_peak = together.stop()
            db.session.commit()
            db.engine.dispose()
    return {
        "document": name,
        "people": people,
        "pages": page_count(pdf),
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_mb": max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, together_peak),
        "warm_mb": baseline,
        "pdf_kb": len(pdf) / 1024,
    }


def _cpu_seconds():
    """CPU time of this process and of its children that have ended (a document's worker processes)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _small_forum(forum_service, forum):
    """A forum with nobody registered: rendering its sheet loads the fonts and templates."""
    return forum_service.create_forum(
        {
            "title": "อุ่นเครื่อง",
            "starts_at": forum.starts_at,
            "ends_at": forum.ends_at,
            "venue_name": "-",
            "capacity": 1,
        }
    )


COLUMNS = (
    ("document", "document", 17, ""),
    ("people", "people", 7, ""),
    ("pages", "pages", 6, ""),
    ("seconds", "wall s", 8, ".2f"),
    ("cpu_seconds", "cpu s", 7, ".2f"),
    ("peak_mb", "peak MB", 8, ".0f"),
    ("warm_mb", "warm MB", 8, ".0f"),
    ("pdf_kb", "KB", 7, ".0f"),
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="*", default=[110, 1000])
    parser.add_argument("--documents", nargs="*", default=list(DOCUMENTS), choices=DOCUMENTS)
    parser.add_argument("--child", nargs=2, metavar=("DOCUMENT", "PEOPLE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_case(args.child[0], int(args.child[1]))))
        return
    print(f"# Forum documents benchmark, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(table_line(COLUMNS))
    for people in args.people:
        for name in args.documents:
            print(table_line(COLUMNS, measured_in_child(__file__, name, people)), flush=True)


if __name__ == "__main__":
    main()
