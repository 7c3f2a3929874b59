"""Latency of finding likely duplicates (the merge page) among 5,000 organizations.

    python bench/duplicates.py                      # a throw-away SQLite file
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench python bench/duplicates.py

The database given is emptied and filled: never point it at one you keep.
"""

import os
import random
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flask_migrate import upgrade
from sqlalchemy import insert, text

from app import create_app
from app.directory import merging
from app.directory.models import Organization
from app.extensions import db
from app.thai import search_key, sort_key

ORGANIZATIONS = 5000
SAMPLES = 200


def empty_database():
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def fill():
    rnd = random.Random(2561)

    def phone():
        if rnd.random() < 0.5:
            return f"055-{rnd.randint(200000, 399999)}"
        return f"08{rnd.randint(1, 9)}-{rnd.randint(100, 999)}-{rnd.randint(1000, 9999)}"

    rows = []
    for i in range(ORGANIZATIONS):
        name = f"{rnd.choice(['มูลนิธิ', 'สมาคม', 'ชมรม', 'กลุ่ม'])}พัฒนาชุมชนแห่งที่ {i}"
        rows.append(
            {
                "name": name,
                "kind": "community_welfare",
                "status": "active",
                "certification_no": f"พล {i % 300 + 1}/{2540 + i // 300}",
                "phone": phone(),
                "address": "",
                "email": "",
                "line_id": "",
                "fields_of_work": [],
                "target_groups": [],
                "search_text": search_key(name),
                "name_sort": sort_key(name),
            }
        )
    db.session.execute(insert(Organization), rows)
    db.session.commit()


def main():
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        empty_database()
        upgrade()
        fill()
        sample = db.session.scalars(db.select(Organization).order_by(db.func.random()).limit(SAMPLES)).all()
        times = []
        for organization in sample:
            start = time.perf_counter()
            merging.likely_duplicates(organization)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        print(
            f"{db.engine.dialect.name}: likely duplicates among {ORGANIZATIONS:,} organizations: "
            f"p50 {statistics.median(times):.1f} ms, p95 {times[int(len(times) * 0.95)]:.1f} ms"
        )
        db.session.remove()
        empty_database()


if __name__ == "__main__":
    main()
