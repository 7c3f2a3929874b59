"""Who has come: attendance counts (overall, by organization kind and district, per day), the roster
for the offline scanner, who has not arrived yet, and the search at the door."""

import re

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from app.auth.models import User
from app.checkin.models import CheckIn, Method, Scan
from app.checkin.service import current_day, today_of
from app.directory.geography import district_name
from app.directory.models import Organization
from app.extensions import db
from app.registration.models import Registration, RegistrationStatus
from app.registration.short_codes import normalized_short_code
from app.thai import search_key
from app.timeutil import utcnow

#: The key of registrations whose organization is not in the directory.
UNLISTED = "unlisted"
SEARCH_LIMIT = 30
_PHONE_LIKE = re.compile(r"[\d\s\-+().]{4,}")
_CONFIRMED_FIRST = case((Registration.status == RegistrationStatus.CONFIRMED, 0), else_=1)


def _counts():
    return {"confirmed": 0, "checked_in": 0}


def attendance(forum, now=None):
    """The forum's attendance: confirmed and checked-in people overall, by organization kind and
    district, per day, with walk-ins and offline conflicts. Counts confirmed registrations only;
    `checked_in` counts people who came on any day."""
    now = now or utcnow()
    rows = db.session.execute(
        select(
            Organization.kind,
            Organization.district_code,
            func.count(),
            func.count(Registration.checked_in_at),
        )
        .select_from(Registration)
        .outerjoin(Organization, Organization.id == Registration.organization_id)
        .where(Registration.forum_id == forum.id, Registration.status == RegistrationStatus.CONFIRMED)
        .group_by(Organization.kind, Organization.district_code)
    ).all()
    overall, by_kind, by_district = _counts(), {}, {}
    for kind, district_code, confirmed, checked_in in rows:
        kind_key = kind.value if kind is not None else UNLISTED
        district_key = district_code or UNLISTED
        district = by_district.setdefault(district_key, {"name": district_name(district_code), **_counts()})
        for bucket in (overall, by_kind.setdefault(kind_key, _counts()), district):
            bucket["confirmed"] += confirmed
            bucket["checked_in"] += checked_in
    walk_ins, conflicts = db.session.execute(
        select(
            select(func.count())
            .select_from(CheckIn)
            .where(
                CheckIn.forum_id == forum.id, CheckIn.undone_at.is_(None), CheckIn.method == Method.WALK_IN
            )
            .scalar_subquery(),
            select(func.count())
            .select_from(Scan)
            .where(Scan.forum_id == forum.id, Scan.conflict.is_(True))
            .scalar_subquery(),
        )
    ).one()
    today = today_of(forum, now)
    return {
        **overall,
        "by_kind": by_kind,
        "by_district": by_district,
        "walk_ins": walk_ins,
        "conflicts": conflicts,
        "today": today,
        "days": [{"date": day, "checked_in": count} for day, count in arrivals_per_day(forum)],
        "generated_at": now,
    }


def arrivals_per_day(forum):
    """[(day, confirmed people with a standing check-in that day)] for each of the forum's days, in order."""
    per_day = dict(
        db.session.execute(
            select(CheckIn.day, func.count())
            .join(Registration, Registration.id == CheckIn.registration_id)
            .where(
                CheckIn.forum_id == forum.id,
                CheckIn.undone_at.is_(None),
                Registration.status == RegistrationStatus.CONFIRMED,
            )
            .group_by(CheckIn.day)
        ).all()
    )
    return [(day, per_day.get(day, 0)) for day in forum.days]


def days_attended(forum, registration=None):
    """{registration id: the set of the forum's days it has a standing check-in for}, in one query.

    Of one registration, or of the whole forum. A day no longer among the forum's days (it
    was moved after the check-in) counts for none of them.
    """
    query = select(CheckIn.registration_id, CheckIn.day).where(
        CheckIn.forum_id == forum.id, CheckIn.undone_at.is_(None)
    )
    if registration is not None:
        query = query.where(CheckIn.registration_id == registration.id)
    days, attended = set(forum.days), {}
    for registration_id, day in db.session.execute(query):
        if day in days:
            attended.setdefault(registration_id, set()).add(day)
    return attended


def roster(forum, now=None):
    """Every registration of the forum with its check-in for the day scans count for now, in one query.

    The offline scanner answers from it: cancelled and waitlisted people are in it so it can say so.
    It searches it by name, organization and phone (static/js/door-search.js) and takes short codes.
    """
    now = now or utcnow()
    day = current_day(forum, now)
    staff = aliased(User)
    rows = db.session.execute(
        select(
            Registration.ticket_code,
            Registration.short_code,
            Registration.id,
            Registration.prefix,
            Registration.first_name,
            Registration.last_name,
            Registration.position,
            func.coalesce(Organization.name, Registration.organization_name),
            Registration.phone,
            Registration.status,
            CheckIn.checked_in_at,
            func.coalesce(func.nullif(staff.name, ""), staff.email),
        )
        .select_from(Registration)
        .outerjoin(Organization, Organization.id == Registration.organization_id)
        .outerjoin(
            CheckIn,
            and_(
                CheckIn.registration_id == Registration.id,
                CheckIn.day == day,
                CheckIn.undone_at.is_(None),
            ),
        )
        .outerjoin(staff, staff.id == CheckIn.checked_in_by_id)
        .where(Registration.forum_id == forum.id)
        .order_by(Registration.id)
    ).all()
    keys = (
        "ticket_code",
        "short_code",
        "registration_id",
        "prefix",
        "first_name",
        "last_name",
        "position",
        "organization",
        "phone",
        "status",
        "checked_in_at",
        "checked_in_by",
    )
    return {
        "forum_id": forum.id,
        "generated_at": now,
        "days": forum.days,
        "today": today_of(forum, now),
        "day": day,
        "items": [dict(zip(keys, row, strict=True)) for row in rows],
    }


def not_arrived(forum, now=None):
    """Confirmed people with no check-in for the day scans count for now, by organization then name."""
    day = current_day(forum, now)
    arrived = select(CheckIn.registration_id).where(
        CheckIn.forum_id == forum.id, CheckIn.day == day, CheckIn.undone_at.is_(None)
    )
    return db.session.scalars(
        select(Registration)
        .outerjoin(Organization, Organization.id == Registration.organization_id)
        .where(
            Registration.forum_id == forum.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.id.not_in(arrived),
        )
        .order_by(func.coalesce(Organization.name, Registration.organization_name), Registration.first_name)
    ).all()


def walk_ins(forum):
    """The standing walk-in check-ins, latest first."""
    return db.session.scalars(
        select(CheckIn)
        .where(CheckIn.forum_id == forum.id, CheckIn.method == Method.WALK_IN, CheckIn.undone_at.is_(None))
        .order_by(CheckIn.checked_in_at.desc())
    ).all()


def conflicts(forum):
    """Scans where two devices let the same person in without knowing of each other, latest first."""
    return db.session.scalars(
        select(Scan)
        .where(Scan.forum_id == forum.id, Scan.conflict.is_(True))
        .order_by(Scan.registration_id, Scan.scanned_at)
    ).all()


def search(forum, query, limit=SEARCH_LIMIT):
    """Registrations of the forum matching a name, phone, organization (Thai) or short code, best first.

    A phone number matches however it is written (081-234-5678, 081 234 5678), a short code in any case.
    """
    query = (query or "").replace("\x00", "")
    short_code = normalized_short_code(query)
    key = search_key(query)[:200]
    if _PHONE_LIKE.fullmatch(key):
        key = re.sub(r"\D", "", key)
    if not key:
        return []
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    matches = Registration.search_text.like(f"%{escaped}%", escape="\\")
    if short_code is not None:
        matches = or_(matches, Registration.short_code == short_code)
    return db.session.scalars(
        select(Registration)
        .where(Registration.forum_id == forum.id, matches)
        .order_by(_CONFIRMED_FIRST, Registration.first_name, Registration.id)
        .limit(limit)
    ).all()
