"""How long importing and exporting 5,000 organizations takes.

Usage: python bench/import_directory.py [DATABASE_URL]   (default: a temporary SQLite file)

Prints the seconds for: reading the .xlsx (and the same list as an Excel 97–2003 .xls),
planning (validation and matching), writing 5,000 new organizations with their history,
planning a second import of the same file (5,000 unchanged), and exporting them to .xlsx and CSV.
"""

import os
import sys
import tempfile
import time
from datetime import date, timedelta

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from flask_migrate import upgrade

from app import create_app
from app.directory import exporting, geography, importing, service
from app.directory.columns import COLUMNS, guess_mapping
from app.directory.spreadsheets import read_table
from app.extensions import db
from tests.conftest import drop_everything
from tests.spreadsheets import xls_bytes, xlsx_bytes

ROWS = 5000
KINDS = ("องค์กรสาธารณประโยชน์", "องค์กรสวัสดิการชุมชน", "องค์กรปกครองส่วนท้องถิ่น")


def rows(province_code):
    places = [
        (district, subdistrict)
        for district_code, district in geography.districts_of(province_code)
        for _code, subdistrict, _postal in geography.subdistricts_of(district_code)
    ]
    header = [column.thai for column in COLUMNS if column.name in FIELDS]
    body = []
    for i in range(ROWS):
        district, subdistrict = places[i % len(places)]
        values = {
            "name": f"กลุ่มออมทรัพย์เพื่อการผลิตบ้านที่ {i + 1}",
            "kind": KINDS[i % 3],
            "certification_no": f"พล {i + 1}/2561",
            "certified_on": date(2018, 1, 1) + timedelta(days=i % 900),
            "district": district,
            "subdistrict": subdistrict,
            "phone": 812345678 + i,
            "email": f"group{i}@example.org",
            "fields_of_work": "การศึกษา, สุขภาพอนามัย",
            "contacts": f"นางสาวสมใจ ใจดี {i} | ประธาน | 081-234-{i % 10000:04d}",
        }
        body.append([values[column.name] for column in COLUMNS if column.name in FIELDS])
    return [header, *body]


FIELDS = (
    "name", "kind", "certification_no", "certified_on", "district", "subdistrict",
    "phone", "email", "fields_of_work", "contacts",
)  # fmt: skip


def timed(label, action):
    # CPU time too: on a busy machine the wall clock says more about the neighbours.
    start, cpu = time.perf_counter(), time.process_time()
    result = action()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<42} {wall:6.2f} s  (cpu {cpu:5.2f} s)", flush=True)
    return result


def main():
    url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app(
        "testing", {"SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://")}
    )
    with app.test_request_context():
        drop_everything()
        upgrade()
        print(f"{ROWS} organizations on {db.engine.dialect.name}")
        content = xlsx_bytes(rows("65"))
        print(f"file: {len(content) / 1024:.0f} KB .xlsx")
        table = timed("read the .xlsx", lambda: read_table("bench.xlsx", content, ROWS))
        old = xls_bytes(rows("65"))
        print(f"file: {len(old) / 1024:.0f} KB .xls (Excel 97–2003)")
        assert len(timed("read the .xls", lambda: read_table("bench.xls", old, ROWS)).rows) == ROWS
        mapping = guess_mapping(table.headers)
        plan = timed("plan (validate, match)", lambda: importing.plan_import(table, mapping, "65"))
        assert not plan.errors, plan.errors[:3]

        def write():
            result = importing.run_import(plan, importing.ImportMode.ALL_OR_NOTHING, None)
            db.session.commit()
            return result

        result = timed("import (create, with history) + commit", write)
        assert result.created == ROWS, result
        db.session.expunge_all()
        again = timed("plan the same file again", lambda: importing.plan_import(table, plan.mapping, "65"))
        assert again.count("unchanged") == ROWS
        organizations = timed(
            "load for export", lambda: exporting.organizations_to_export(service.DirectoryFilter())
        )
        timed("export .xlsx", lambda: exporting.to_xlsx(organizations))
        timed("export .csv", lambda: exporting.to_csv(organizations))
        # The session's open transaction would block dropping the tables on PostgreSQL.
        db.session.remove()
        drop_everything()


if __name__ == "__main__":
    main()
