"""How fast the job runner sends prepared messages through a loopback SMTP server (aiosmtpd).

Prints the time to prepare and queue N messages (what a request would wait for) and the time
the job takes to send them (messages per second). A temporary SQLite database by default;
BENCH_DATABASE_URL=postgresql+psycopg://… for PostgreSQL (that database is emptied).

    .venv/bin/python bench/mail.py [N]
"""

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from app.jobs.models import Job
from app.jobs.runner import run_job
from app.mail.message import Attachment
from app.mail.service import prepare_message, send_messages
from tests.conftest import drop_everything
from tests.smtp import SmtpServer

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 500
LETTER = b"%PDF-1.4\n" + os.urandom(30_000)


def prepare(count):
    messages = [
        prepare_message(
            f"org{n}@example.org",
            f"ขอเชิญเข้าร่วมเวทีเครือข่ายสวัสดิการ (องค์กรที่ {n})",
            f"เรียน ประธานองค์กรที่ {n}\n\nขอเชิญเข้าร่วมเวที ลงทะเบียนที่ https://forum.example.go.th/r/{n}\n" * 5,
            html=f"<p>เรียน ประธานองค์กรที่ {n}</p>",
            recipient_name=f"องค์กรที่ {n}",
            attachments=[Attachment("หนังสือเชิญ.pdf", LETTER)],
        )
        for n in range(1, count + 1)
    ]
    job = send_messages(messages, title="bench", in_background=False)
    db.session.commit()
    return job.id


def main():
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.db"
        app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "JOBS_HEARTBEAT_SECONDS": 5})
        with SmtpServer() as server, app.app_context():
            app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
            drop_everything()
            upgrade()
            started = time.perf_counter()
            job_id = prepare(COUNT)
            queued = time.perf_counter()
            run_job(job_id)
            sent = time.perf_counter()
            job = db.session.get(Job, job_id)
            assert job.done == COUNT and len(server.recorder.received) == COUNT, (job.done, job.last_error)
            print(f"database: {db.engine.dialect.name}")
            print(f"prepare and queue {COUNT} messages (30 KB PDF each): {queued - started:.2f} s")
            print(
                f"send {COUNT} messages through the job runner and loopback SMTP: {sent - queued:.2f} s "
                f"({COUNT / (sent - queued):.0f} messages/s)"
            )
            db.session.remove()
            drop_everything()
            db.engine.dispose()


if __name__ == "__main__":
    main()
