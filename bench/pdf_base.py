"""Time and peak memory of the PDF base: a long Thai table in one render and in parts; the booklet.

Each case runs in its own process, so the peak memory (ru_maxrss: Pango, HarfBuzz and
the layout tree included, which tracemalloc does not see) is that case's alone. The
time is of a warm render (imports done, fonts loaded by a small document first), as a
running server would see it; CPU time is printed too, since other work on a shared
machine stretches the wall time.

    .venv/bin/python bench/pdf_base.py                       # 110, 1,000 and 5,000 rows; booklet
    .venv/bin/python bench/pdf_base.py --rows 110 1000 --no-booklet
"""

import argparse
import json
import os
import random
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


def _rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _app(database_url="sqlite://"):
    from jinja2 import ChoiceLoader, FileSystemLoader

    from app import create_app

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url})
    # The roster is the long table the tests of the PDF base use (a sign-in sheet's shape).
    tests_templates = os.path.join(ROOT, "tests", "templates")
    app.jinja_env.loader = ChoiceLoader([app.jinja_env.loader, FileSystemLoader(tests_templates)])
    return app


def _people(count):
    names = ["นางสาวสมใจ ใจดี", "นายสมชาย รักษ์ถิ่น", "นางบุญเรือน แก้วมณี", "ผศ.ดร.กนกวรรณ พรหมมา"]
    organizations = [
        "มูลนิธิพัฒนาเด็กและเยาวชนจังหวัดพิษณุโลก",
        "องค์กรสวัสดิการชุมชนตำบลท่าทอง",
        "เทศบาลตำบลบ้านใหม่",
        "สมาคมผู้สูงอายุอำเภอวังทอง",
    ]
    positions = ["ประธานกรรมการ", "เลขานุการ", "ผู้ประสานงาน", "นักพัฒนาสังคมปฏิบัติการ"]
    return [
        {
            "name": names[n % 4],
            "organization": organizations[n % 4],
            "position": positions[n % 4],
            "phone": f"08{n % 9 + 1}-{n % 1000:03d}-{n:04d}",
        }
        for n in range(count)
    ]


def _seed_directory(count):
    from app.directory import geography, service
    from app.directory.models import OrganizationKind

    rnd = random.Random(count)
    districts = geography.districts_of("65")
    for n in range(count):
        district, district_name = rnd.choice(districts)
        subdistrict, subdistrict_name, postal_codes = rnd.choice(geography.subdistricts_of(district))
        kind = OrganizationKind.PUBLIC_BENEFIT if n % 3 == 0 else OrganizationKind.COMMUNITY_WELFARE
        service.create_organization(
            {
                "name": f"องค์กรสวัสดิการชุมชนตำบล{subdistrict_name} {n}"
                if kind == OrganizationKind.COMMUNITY_WELFARE
                else f"มูลนิธิพัฒนาคุณภาพชีวิตอำเภอ{district_name} {n}",
                "kind": kind,
                "certification_no": f"พล {n + 1}/2561",
                "certified_on": date(2018, 1 + n % 12, 1 + n % 28),
                "province_code": "65",
                "district_code": district,
                "subdistrict_code": subdistrict,
                "postal_code": postal_codes[0] if postal_codes else None,
                "address": f"{n % 300 + 1}/{n % 20 + 1} หมู่ที่ {n % 12 + 1}",
                "phone": f"055-{n:06d}",
                "email": f"org{n}@example.org",
                "fields_of_work": ["social_services", "health"][: 1 + n % 2],
                "last_confirmed_on": date(2025, 1 + n % 12, 1),
                "contacts": [{"name": "นางสาวสมใจ ใจดี", "position": "ประธาน", "phone": f"081-{n:07d}"}],
            }
        )


def run_case(kind, size):
    """In the child process: render one case and return its figures."""
    from flask_migrate import upgrade

    from app.directory.service import DirectoryFilter
    from app.extensions import db
    from app.reports.booklet import directory_booklet
    from app.reports.pdf import Part, render_pdf, render_pdf_in_parts
    from tests.pdf_helpers import page_count

    with tempfile.TemporaryDirectory() as folder:
        app = _app(f"sqlite:///{os.path.join(folder, 'bench.db')}")
        with app.app_context():
            render_pdf("pdf/roster.html", title="อุ่นเครื่อง", part=Part.whole(_people(3)), total=3)
            if kind == "booklet":
                upgrade()
                _seed_directory(size)
                db.session.commit()
            context = {"title": "แบบลงทะเบียนผู้เข้าร่วมเวที", "total": size, "printed_on": PRINTED_ON}
            rows = _people(size)
            baseline = _rss_mb()
            cpu, started = time.process_time(), time.perf_counter()
            if kind == "whole":
                pdf = render_pdf("pdf/roster.html", part=Part.whole(rows), **context)
            elif kind == "parts":
                pdf = render_pdf_in_parts("pdf/roster.html", rows, **context)
            else:
                booklet = directory_booklet(DirectoryFilter(), "65", PRINTED_ON)
                pdf = render_pdf("pdf/directory_booklet.html", booklet=booklet, printed_on=PRINTED_ON)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            db.engine.dispose()
    return {
        "case": kind,
        "size": size,
        "pages": page_count(pdf),
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "baseline_mb": baseline,
        "pdf_kb": len(pdf) / 1024,
    }


#: (figure, title, width, format) of each printed column.
COLUMNS = (
    ("case", "case", 8, ""),
    ("size", "size", 6, ""),
    ("pages", "pages", 6, ""),
    ("seconds", "wall s", 8, ".2f"),
    ("cpu_seconds", "cpu s", 7, ".2f"),
    ("peak_mb", "peak MB", 8, ".0f"),
    ("baseline_mb", "base MB", 8, ".0f"),
    ("pdf_kb", "KB", 6, ".0f"),
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[110, 1000, 5000])
    parser.add_argument("--organizations", type=int, nargs="*", default=[134, 500])
    parser.add_argument("--no-booklet", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("CASE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_case(args.child[0], int(args.child[1]))))
        return
    cases = [(kind, rows) for rows in args.rows for kind in ("whole", "parts")]
    if not args.no_booklet:
        cases += [("booklet", count) for count in args.organizations]
    print(f"# PDF base benchmark, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(table_line(COLUMNS))
    for kind, size in cases:
        print(table_line(COLUMNS, measured_in_child(__file__, kind, size)), flush=True)


if __name__ == "__main__":
    main()
