"""How long the network-health figures take for a big network.

Usage: python bench/network_health.py [DATABASE_URL]   (default: a temporary SQLite file)

With a PostgreSQL URL the named database is created fresh and dropped afterwards (only that one:
e.g. postgresql://postgres@127.0.0.1:5432/bench_network). It holds 5,000 organizations (4,000 of them
certified, some revoked, each with its directory history), 300 forums over five fiscal years
(2558–2562) with about 45,000 check-ins (some undone), Fund projects and other support, and
yearly reports. Prints the median of several warm runs of: the dashboard's figures of one year
(overall, by kind, by district), the five-year trend, a figure's list of organizations, the
losing-touch list, and that list with the contacts of one page of it (as its page shows them).
The goal is under 300 ms each.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from flask_migrate import upgrade
from sqlalchemy import insert, select

from app import create_app
from app.checkin.models import CheckIn
from app.directory.models import Contact, Organization, OrganizationChange
from app.extensions import db
from app.forums.models import Forum
from app.network import health
from app.network.models import AnnualReport, Support
from app.registration.models import Registration
from app.thai import fiscal_year_bounds
from bench.postgres import own_database
from tests.conftest import drop_everything

ORGANIZATIONS = 5000
FORUMS = 300
YEARS = range(2558, 2563)
RUNS = 7
KINDS = ("public_benefit", "community_welfare", "local_government", "government_agency")
DISTRICTS = [f"65{d:02d}" for d in range(1, 10)]
NOW = datetime(2019, 12, 1)
#: The columns every row of a table shares in this bench.
CHANGE = {"source": "import", "old_value": "", "new_value": "x", "merged_from": "", "changed_at": NOW}
FORUM = {"kind": "forum", "description": "", "objectives": "", "status": "finished", "venue_name": "",
         "venue_address": "", "map_url": "", "capacity": 300, "seats_per_organization": 3,
         "target_kinds": [], "certificate_rule": "any_day", "cancel_reason": "",
         "created_at": NOW, "updated_at": NOW}  # fmt: skip
REGISTRATION = {"organization_name": "", "prefix": "", "first_name": "ทดสอบ", "position": "",
                "status": "confirmed", "dietary": "none", "dietary_other": "", "accessibility_needs": "",
                "answers": {},
                "privacy_notice_version": "1", "privacy_notice_at": NOW, "source": "staff", "search_text": "",
                "created_at": NOW, "updated_at": NOW}  # fmt: skip
CHECKIN = {"device": "", "method": "scan", "undo_reason": ""}
SUPPORT = {"title": "โครงการ", "given_by": "", "note": "", "created_at": NOW, "updated_at": NOW}
REPORT = {"activities": [], "served": {}, "sources": {}, "needs": [], "problems": "", "note": "",
          "created_at": NOW, "updated_at": NOW}  # fmt: skip
HISTORY_FIELDS = (
    "name",
    "kind",
    "certification_no",
    "certified_on",
    "status",
    "district_code",
    "phone",
    "email",
)


def _insert(model, rows, batch=5000):
    for start in range(0, len(rows), batch):
        db.session.execute(insert(model), rows[start : start + batch])


def build(rng):
    organizations, changes = [], []
    for i in range(ORGANIZATIONS):
        kind = KINDS[0] if i % 5 in (0, 1) else KINDS[1] if i % 5 in (2, 3) else KINDS[2 + i % 2]
        certified = kind in KINDS[:2]
        revoked = certified and i % 40 == 0
        organizations.append(
            {
                "id": i + 1,
                "name": f"องค์กรทดสอบ {i + 1}",
                "kind": kind,
                "certification_no": f"พล {i + 1}/25{40 + i % 22}" if certified else None,
                "certified_on": date(2000, 1, 1) + timedelta(days=rng.randint(0, 7300))
                if certified
                else None,
                "status": "revoked" if revoked else "active",
                "district_code": rng.choice(DISTRICTS),
                "province_code": "65",
                "last_confirmed_on": date(2019, 9, 1) - timedelta(days=rng.choice((30, 90, 200, 300, 600))),
                "name_sort": f"องค์กรทดสอบ {i + 1:05d}",
                **dict.fromkeys(("search_text", "address", "phone", "email", "line_id"), ""),
                "fields_of_work": [],
                "target_groups": [],
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
        changes += [{**CHANGE, "organization_id": i + 1, "field": field} for field in HISTORY_FIELDS]
        if revoked:
            revocation = {
                "changed_at": datetime(2012 + i % 9, 5, 1),
                "field": "status",
                "new_value": "revoked",
            }
            changes.append({**CHANGE, "organization_id": i + 1, "source": "staff", **revocation})
    _insert(Organization, organizations)
    _insert(OrganizationChange, changes)
    # One or two contacts each, as the losing-touch page and exports show them.
    contacts = [
        {"organization_id": i + 1, "name": f"ผู้ประสานงาน {n}", "position": "", "phone": "055-000000",
         "email": "", "position_order": n}
        for i in range(ORGANIZATIONS)
        for n in range(1 + i % 2)
    ]  # fmt: skip
    _insert(Contact, contacts)

    forums, registrations, checkins = [], [], []
    for f in range(FORUMS):
        year = YEARS[f % len(YEARS)]
        day = fiscal_year_bounds(year)[0] + timedelta(days=rng.randint(0, 360))
        start = datetime.combine(day, datetime.min.time()) + timedelta(hours=2)
        forums.append(
            {**FORUM, "id": f + 1, "public_code": f"bench{f:05d}", "title": f"เวที {f + 1}",
             "starts_at": start, "ends_at": start + timedelta(hours=6)}
        )  # fmt: skip
        for organization_id in rng.sample(range(1, ORGANIZATIONS + 1), 150):
            rid = len(registrations) + 1
            registrations.append(
                {**REGISTRATION, "id": rid, "forum_id": f + 1, "organization_id": organization_id,
                 "last_name": str(rid), "ticket_code": f"t{rid:08d}", "manage_token": f"m{rid:08d}",
                 "short_code": f"B{rid:07d}",
                 "checked_in_at": start}
            )  # fmt: skip
            checkins.append(
                {**CHECKIN, "forum_id": f + 1, "registration_id": rid, "day": day, "checked_in_at": start,
                 "recorded_at": start, "undone_at": start if rid % 17 == 0 else None}
            )  # fmt: skip
    _insert(Forum, forums)
    _insert(Registration, registrations)
    _insert(CheckIn, checkins)

    supports, reports = [], []
    for year in YEARS:
        last = fiscal_year_bounds(year)[1]
        for organization_id in rng.sample(range(1, ORGANIZATIONS + 1), 1200):
            kind = rng.choice(("fund", "fund", "other_money", "technical", "visit"))
            status = rng.choice(("proposed", "approved", "not_approved", "done", "reported"))
            supports.append(
                {**SUPPORT, "organization_id": organization_id, "kind": kind, "fiscal_year": year,
                 "status": status if kind == "fund" else None}
            )  # fmt: skip
        for organization_id in rng.sample(range(1, ORGANIZATIONS + 1), 3000):
            received = last + timedelta(days=30) if rng.random() < 0.7 else None
            reports.append(
                {**REPORT, "organization_id": organization_id, "fiscal_year": year, "asked_on": last,
                 "due_on": last + timedelta(days=60), "received_on": received}
            )  # fmt: skip
    _insert(Support, supports)
    _insert(AnnualReport, reports)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
    return len(checkins), len(supports), len(reports)


def timed(label, action):
    """The median wall and process CPU time of warm runs (the first run warms caches and is not counted).

    On a busy machine the wall clock says more about the neighbours; the CPU time is this process's
    own (the database server's work is in the wall time only).
    """
    action()
    db.session.expunge_all()
    walls, cpus = [], []
    for _ in range(RUNS):
        start, cpu = time.perf_counter(), time.process_time()
        result = action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
        db.session.expunge_all()
    wall, cpu = statistics.median(walls) * 1000, statistics.median(cpus) * 1000
    print(f"{label:<50} {wall:7.1f} ms  (min {min(walls) * 1000:6.1f}; cpu {cpu:6.1f} ms)", flush=True)
    return result


def run(url):
    app = create_app(
        "testing", {"SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://")}
    )
    with app.test_request_context():
        drop_everything()
        upgrade()
        start = time.perf_counter()
        checkins, supports, reports = build(random.Random(2562))
        print(f"{db.engine.dialect.name}: {ORGANIZATIONS} organizations, {FORUMS} forums,",
              f"{checkins} check-ins, {supports} supports, {reports} reports,",
              f"fiscal years {YEARS[0]}–{YEARS[-1]} (built in {time.perf_counter() - start:.1f} s);",
              f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
        result = timed(
            "dashboard figures of FY 2562 (overall, kind, district)", lambda: health.network_health(2562)
        )
        print(f"  counted {result.overall.organizations}, took part {result.overall.took_part.count}, "
              f"districts {len(result.by_district)}")  # fmt: skip
        timed("five-year trend 2558–2562", lambda: health.health_trend(2562))
        listed = timed(
            "the list behind 'took part' (missing)",
            lambda: health.organizations_behind(2562, "took_part", missing=True),
        )
        print(f"  {len(listed)} organizations")
        losing = timed("losing-touch list of FY 2562", lambda: health.losing_touch(2562, date(2019, 11, 15)))
        print(f"  {len(losing)} organizations")
        timed(
            "losing-touch page (the list, one page's contacts)",
            lambda: health.with_contacts(health.losing_touch(2562, date(2019, 11, 15))[:50]),
        )
        assert db.session.scalar(select(db.func.count()).select_from(Organization)) == ORGANIZATIONS
        db.session.remove()
        drop_everything()


def main():
    url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    if url.startswith("postgresql"):
        with own_database(url.replace("postgresql+psycopg://", "postgresql://")) as own:
            run(own)
    else:
        run(url)


if __name__ == "__main__":
    main()
