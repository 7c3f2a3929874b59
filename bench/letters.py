"""How long the invitation letters of a forum take to render as one PDF to print.

The Phitsanulok case: 134 organizations invited, each letter with its agenda page. Prints
the wall and CPU time of a warm render (fonts loaded by a first letter), laid out by PDF_WORKERS
worker processes at once and, for comparison, by this process alone. The CPU time counts the
workers' (they have ended by then).

    .venv/bin/python bench/letters.py [N]
"""

import io
import os
import resource
import sys
import tempfile
import time
from datetime import datetime
from datetime import time as clock

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 134


def seed(count):
    from app.directory import service as directory_service
    from app.directory.models import OrganizationKind
    from app.extensions import db
    from app.forums import agenda, invitations
    from app.forums import service as forum_service
    from app.forums.models import ForumStatus

    forum = forum_service.create_forum(
        {
            "title": "เวทีสมัชชาองค์กรสวัสดิการชุมชน จังหวัดพิษณุโลก",
            "starts_at": datetime(2018, 10, 25, 3, 0),
            "ends_at": datetime(2018, 10, 25, 9, 0),
            "venue_name": "โรงแรมเรือนแพ รอยัล ปาร์ค",
            "venue_address": "ถนนวังจันทน์ ตำบลในเมือง อำเภอเมืองพิษณุโลก",
            "capacity": 110,
        }
    )
    forum.status = ForumStatus.OPEN
    for hour, title in [(9, "ลงทะเบียน"), (10, "พิธีเปิด"), (11, "บรรยายพิเศษ"), (13, "ประชุมกลุ่มย่อย")]:
        agenda.add_agenda_item(forum, {"start_time": clock(hour), "title": title})
    organizations = [
        directory_service.create_organization(
            {
                "name": f"องค์กรสวัสดิการชุมชนตำบลที่ {n}",
                "kind": OrganizationKind.COMMUNITY_WELFARE,
                "contacts": [{"name": "นายสมชาย ใจดี", "position": "ประธาน"}],
            }
        )
        for n in range(1, count + 1)
    ]
    invitations.invite_organizations(forum, organizations, 1)
    db.session.commit()
    return forum


def cpu_time():
    """CPU time of this process and of its children that have ended (the worker processes)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(render):
    wall, cpu = time.perf_counter(), cpu_time()
    pdf = render()
    return pdf, time.perf_counter() - wall, cpu_time() - cpu


def main():
    # Imported here, not at the top: a spawned worker imports this module again.
    from flask_migrate import upgrade
    from pypdf import PdfReader

    from app import create_app
    from app.forums import invitations, letters
    from config import Config

    with tempfile.TemporaryDirectory() as folder:
        # As a server lays documents out (the testing configuration keeps to one process).
        overrides = {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
            "PDF_WORKERS": Config.PDF_WORKERS,
        }
        app = create_app("testing", overrides)
        with app.app_context(), app.test_request_context():
            upgrade()
            forum = seed(COUNT)
            chosen = invitations.invitations_of(forum)
            letters.letters_pdf(forum, chosen[:1])  # warm: fonts and templates loaded
            workers = app.config["PDF_WORKERS"]
            for label, count in [(f"by {workers} workers", workers), ("in this process", 1)]:
                app.config["PDF_WORKERS"] = count
                pdf, wall, cpu = timed(lambda: letters.letters_pdf(forum, chosen))
                pages = len(PdfReader(io.BytesIO(pdf)).pages)
                print(
                    f"{COUNT} letters {label}: {wall:.1f} s wall, {cpu:.1f} s CPU, "
                    f"{pages} pages, {len(pdf) / 1e6:.2f} MB"
                )


if __name__ == "__main__":
    main()
