"""How fast invitations go out by e-mail: the forum's invitation job through a loopback SMTP server.

Prints the time to queue the job for N invited organizations (what the organizer's request
waits for) and the time the job takes to compose and send one message to each (messages per
second), links built on a captured base URL as from a request. A temporary SQLite database by
default; BENCH_DATABASE_URL=postgresql+psycopg://… for PostgreSQL (that database is emptied).

    .venv/bin/python bench/invitations.py [N]

Then the time to render the letters of the first LETTERS (134, the Phitsanulok forum) as the
one PDF to print (bench/letters.py compares ways of rendering them).
"""

import io
import os
import sys
import tempfile
import time
from datetime import datetime

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from flask_migrate import upgrade
from pypdf import PdfReader

from app import create_app
from app.directory import service as directory
from app.directory.models import OrganizationKind
from app.extensions import db
from app.forums import invitations, letters, mailing
from app.forums import service as forums
from app.forums.models import ForumKind, ForumStatus
from app.jobs.models import Job
from app.jobs.runner import run_job
from tests.conftest import drop_everything
from tests.smtp import SmtpServer

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 500
LETTERS = min(COUNT, 134)


def invite(count):
    forum = forums.create_forum(
        {
            "title": "เวทีสมัชชาองค์กรสวัสดิการชุมชน จังหวัดพิษณุโลก",
            "kind": ForumKind.FORUM,
            "starts_at": datetime(2030, 10, 25, 3, 0),
            "ends_at": datetime(2030, 10, 25, 9, 0),
            "venue_name": "โรงแรมเรือนแพ รอยัล ปาร์ค",
            "capacity": count,
        }
    )
    forum.status = ForumStatus.OPEN
    organizations = [
        directory.create_organization(
            {
                "name": f"องค์กรสวัสดิการที่ {n}",
                "kind": OrganizationKind.COMMUNITY_WELFARE,
                "email": f"org{n}@example.org",
            }
        )
        for n in range(1, count + 1)
    ]
    chosen = invitations.invite_organizations(forum, organizations, seats=1)
    db.session.commit()
    return forum, chosen


def main():
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.db"
        app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "JOBS_HEARTBEAT_SECONDS": 5})
        with SmtpServer() as server, app.app_context():
            app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
            drop_everything()
            upgrade()
            forum, chosen = invite(COUNT)
            started = time.perf_counter()
            job = mailing.send_invitations(
                forum, chosen, base_url="https://forum.example.go.th", in_background=False
            )
            db.session.commit()
            queued = time.perf_counter()
            run_job(job.id)
            sent = time.perf_counter()
            job = db.session.get(Job, job.id)
            assert job.done == COUNT and len(server.recorder.received) == COUNT, (job.done, job.last_error)
            print(f"database: {db.engine.dialect.name}")
            print(f"queue the e-mail job for {COUNT} invitations: {queued - started:.3f} s")
            print(
                f"compose and send {COUNT} invitations through the job and loopback SMTP: "
                f"{sent - queued:.2f} s ({COUNT / (sent - queued):.1f} messages/s)"
            )
            with app.test_request_context(base_url="https://forum.example.go.th"):
                wall, cpu = time.perf_counter(), time.process_time()
                pdf = letters.letters_pdf(forum, invitations.invitations_of(forum)[:LETTERS])
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            print(
                f"the first {LETTERS} letters as one PDF: {wall:.1f} s wall, {cpu:.1f} s CPU, {pages} pages"
            )
            db.session.remove()
            drop_everything()
            db.engine.dispose()


if __name__ == "__main__":
    main()
