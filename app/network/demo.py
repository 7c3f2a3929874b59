"""The demo's network health: five fiscal years (2558–2562) of forums and trainings with their
check-ins, Fund projects and other support, and yearly reports, for the Phitsanulok demo network.

Shaped on the office's own account of fiscal year 2561: about 13–14 % of the certified
organizations received Fund money and about 60 % took part in capacity building; a group of
organizations never comes, never reports and never gets support, so the list of organizations
the office is losing has names on it. Made through the areas' services from a seeded random
generator; seeding again finds the reports already there and adds nothing.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from app.checkin import service as checkin
from app.checkin.models import Method
from app.checkin.participation import organizations_took_part
from app.directory import demo_names as names
from app.directory.models import Organization
from app.extensions import db
from app.forums import service as forums
from app.forums.models import ForumKind
from app.network.fields import MONEY_SOURCES, NEEDS, TARGET_GROUPS
from app.network.health import CERTIFIED_KINDS, counted_ids
from app.network.models import AnnualReport, FollowUpCall, Support, SupportKind, SupportStatus
from app.registration import service as registration
from app.registration.models import Source
from app.thai import fiscal_year_bounds
from app.timeutil import utc_from_bangkok

SEED = 13632561
YEARS = range(2558, 2563)
#: Shares of the counted organizations each year: took part, Fund money, other support, reported.
TARGETS = {
    2558: (0.45, 0.10, 0.12, 0.50),
    2559: (0.50, 0.11, 0.14, 0.55),
    2560: (0.55, 0.12, 0.16, 0.58),
    2561: (0.60, 0.13, 0.18, 0.62),
    2562: (0.66, 0.15, 0.20, 0.50),
}
#: The share of organizations that have drifted away: nothing at all in any year.
DRIFTING = 0.12
EVENTS = (
    # (month, day, kind, title): one training in December, one forum in June, of each fiscal year.
    (12, 14, ForumKind.TRAINING, "อบรมการเขียนโครงการขอรับการสนับสนุนจากกองทุน ปีงบประมาณ {year}"),
    (6, 20, ForumKind.FORUM, "เวทีแลกเปลี่ยนเรียนรู้เครือข่ายองค์กรสวัสดิการสังคม จังหวัดพิษณุโลก ปีงบประมาณ {year}"),
)  # fmt: skip
FUND_PROJECTS = (
    "โครงการส่งเสริมคุณภาพชีวิตผู้สูงอายุ",
    "โครงการพัฒนาศักยภาพเด็กและเยาวชน",
    "โครงการครอบครัวอบอุ่น ชุมชนเข้มแข็ง",
    "โครงการฝึกอาชีพคนพิการ",
    "โครงการอาสาสมัครดูแลผู้ป่วยติดเตียง",
    "โครงการสวัสดิการชุมชนเพื่อผู้มีรายได้น้อย",
)
ACTIVITIES = (
    "ประชุมคณะกรรมการประจำเดือน",
    "เยี่ยมบ้านผู้สูงอายุและผู้ป่วยติดเตียง",
    "มอบทุนการศึกษาแก่เด็กนักเรียน",
    "อบรมอาสาสมัครในชุมชน",
    "จัดกิจกรรมวันผู้สูงอายุ",
    "ฝึกอาชีพแก่สตรีและครอบครัว",
)


def _day(fiscal_year, month, day):
    first, _last = fiscal_year_bounds(fiscal_year)
    return date(first.year if month >= 10 else first.year + 1, month, day)


def _forum(fiscal_year, month, day, kind, title, admin):
    start = utc_from_bangkok(datetime.combine(_day(fiscal_year, month, day), time(9)))
    forum = forums.create_forum(
        {
            "title": title.format(year=fiscal_year),
            "kind": kind,
            "starts_at": start,
            "ends_at": start + timedelta(hours=7),
            "venue_name": "ศาลากลางจังหวัดพิษณุโลก",
            "capacity": 300,
            "seats_per_organization": 3,
            "target_kinds": list(CERTIFIED_KINDS),
        },
        admin,
    )
    forums.open_forum(forum)
    return forum, start


def _attend(forum, start, organizations, rng, admin, number):
    for organization in organizations:
        number += 1
        person = registration.register(
            forum,
            {
                "prefix": rng.choice(("นาย", "นาง", "นางสาว")),
                "first_name": rng.choice(names.FEMALE_FIRST_NAMES + names.MALE_FIRST_NAMES),
                "last_name": rng.choice(names.LAST_NAMES),
                "position": rng.choice(("ประธาน", "เลขานุการ", "กรรมการ", "ผู้ประสานงาน")),
                "phone": f"09{number:08d}",
                "email": None,
                "organization_id": organization.id,
                "organization_name": "",
            },
            source=Source.STAFF,
            actor=admin,
            now=start - timedelta(days=7),
        )
        arrival = start - timedelta(minutes=rng.randint(0, 40))
        checkin.check_in_registration(person, admin, Method.SCAN, device="demo", now=arrival)
    return number


def _forums_of_year(fiscal_year, wanted, rng, admin, number):
    """Two events of the year whose attendance together is the organizations `wanted`."""
    wanted = list(wanted)
    rng.shuffle(wanted)
    half = len(wanted) // 2
    both = wanted[: len(wanted) // 5]  # some of the first event's come to the second too
    for (month, day, kind, title), group in zip(EVENTS, (wanted[:half], wanted[half:] + both), strict=True):
        forum, start = _forum(fiscal_year, month, day, kind, title, admin)
        number = _attend(forum, start, dict.fromkeys(group), rng, admin, number)
        forums.finish_forum(forum)
    return number


def _fund(organization, fiscal_year, rng, granted, admin):
    requested = Decimal(rng.choice((30000, 40000, 50000, 80000, 100000)))
    status = (
        rng.choice((SupportStatus.APPROVED, SupportStatus.DONE, SupportStatus.REPORTED)) if granted else None
    )
    if status is None:
        status = rng.choice((SupportStatus.NOT_APPROVED, SupportStatus.PROPOSED))
    return Support(
        organization_id=organization.id,
        kind=SupportKind.FUND,
        fiscal_year=fiscal_year,
        title=rng.choice(FUND_PROJECTS),
        amount_requested=requested,
        amount_approved=(requested * Decimal(rng.choice(("0.8", "0.9", "1")))) if granted else None,
        status=status,
        date=_day(fiscal_year, rng.choice((2, 3, 4)), rng.randint(1, 28)),
        recorded_by_id=admin.id,
    )


def _other_support(organization, fiscal_year, rng, admin):
    kind = rng.choice((SupportKind.TECHNICAL, SupportKind.VISIT, SupportKind.VISIT, SupportKind.OTHER_MONEY))
    title = {
        SupportKind.TECHNICAL: "ให้คำปรึกษาการจัดทำแผนและโครงการ",
        SupportKind.VISIT: "เยี่ยมติดตามการดำเนินงาน",
        SupportKind.OTHER_MONEY: "เงินอุดหนุนจากองค์การบริหารส่วนจังหวัด",
    }[kind]
    return Support(
        organization_id=organization.id,
        kind=kind,
        fiscal_year=fiscal_year,
        title=title,
        amount_approved=Decimal(rng.choice((10000, 20000))) if kind == SupportKind.OTHER_MONEY else None,
        date=_day(fiscal_year, rng.choice((1, 5, 7, 8)), rng.randint(1, 28)),
        given_by="นางสาวพิมพ์ใจ ใจงาม" if kind != SupportKind.OTHER_MONEY else "อบจ.พิษณุโลก",
        recorded_by_id=admin.id,
    )


def _report(organization, fiscal_year, rng, received, admin):
    _first, last = fiscal_year_bounds(fiscal_year)
    report = AnnualReport(
        organization_id=organization.id,
        fiscal_year=fiscal_year,
        asked_on=last + timedelta(days=1),
        due_on=last + timedelta(days=61),
        asked_by_id=admin.id,
    )
    if received:
        spent = Decimal(rng.randint(20, 300) * 1000)
        own = (spent * Decimal(rng.choice(("0.2", "0.4", "0.6")))).quantize(Decimal("1"))
        report.received_on = last + timedelta(days=rng.randint(15, 90))
        report.activities = [
            {"title": title, "date": _day(fiscal_year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()}
            for title in rng.sample(ACTIVITIES, rng.randint(2, 4))
        ]
        report.served = {g: rng.randint(5, 150) for g in rng.sample(list(TARGET_GROUPS), rng.randint(1, 3))}
        report.spent = spent
        report.sources = {"own": str(own), rng.choice(list(MONEY_SOURCES)[1:]): str(spent - own)}
        report.volunteers = rng.randint(3, 40)
        report.needs = rng.sample(list(NEEDS), rng.randint(1, 2))
        report.problems = rng.choice(("", "งบประมาณไม่เพียงพอ", "ขาดอาสาสมัครรุ่นใหม่"))
        report.entered_by_id = admin.id if rng.random() < 0.4 else None
    return report


def seed_network(admin):
    """Five fiscal years of network health for the demo network; None when already there."""
    if db.session.scalar(select(func.count()).select_from(AnnualReport)):
        return None
    rng = random.Random(SEED)
    certified = db.session.scalars(
        select(Organization).where(Organization.kind.in_(CERTIFIED_KINDS)).order_by(Organization.id)
    ).all()
    drifting = set(rng.sample(certified, round(len(certified) * DRIFTING)))
    number, records = 0, []
    for year in YEARS:
        ids = counted_ids(year)
        counted_now = [o for o in certified if o.id in ids]
        active = [o for o in counted_now if o not in drifting]
        took, fund, other, reported = (round(share * len(counted_now)) for share in TARGETS[year])
        first, last = fiscal_year_bounds(year)
        # The held demo forum (25 Oct 2561) already counts for fiscal year 2562.
        came = set(db.session.scalars(organizations_took_part(first, last))) & ids
        wanted = [o for o in rng.sample(active, len(active)) if o.id not in came][: max(0, took - len(came))]
        number = _forums_of_year(year, wanted, rng, admin, number)
        funded = rng.sample(active, min(fund, len(active)))
        records += [_fund(o, year, rng, True, admin) for o in funded]
        records += [_fund(o, year, rng, False, admin) for o in rng.sample(active, len(active) // 10)]
        records += [_other_support(o, year, rng, admin) for o in rng.sample(active, min(other, len(active)))]
        sent = set(rng.sample(active, min(reported, len(active))))
        records += [
            _report(o, year, rng, o in sent, admin) for o in counted_now if o in sent or rng.random() < 0.5
        ]
    db.session.add_all(records)
    calls = rng.sample(sorted(drifting, key=lambda o: o.id), min(3, len(drifting)))
    for organization in calls:
        called = date(2019, 8, rng.randint(1, 28))
        db.session.add(
            FollowUpCall(
                organization_id=organization.id,
                called_on=called,
                note="โทรแล้วไม่มีผู้รับสาย",
                recorded_by_id=admin.id,
            )
        )
    db.session.flush()
    return len(records)
