"""Network health for a fiscal year: of the certified organizations active that year, how many took
part, received Fund money, received any support, sent their report; and the organizations the
office is losing touch with.

Counted organizations (the denominator): public-benefit and community welfare organizations with a
certification dated on or before the year's last day (or a certification number without a date),
and not revoked before the year's first day. The revocation's day is the latest change of their
status to "revoked" in the directory's history; a revoked organization without such an entry is
taken as revoked long ago.

The facts are read in a few set-wise queries whatever the number of years or organizations (the
certified organizations, then who took part, got support, reported, by fiscal year) and counted
here; bench/network_health.py prints what that costs for 5,000 organizations.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import case, func, literal, or_, select

from app.checkin.models import CheckIn
from app.checkin.participation import organizations_took_part
from app.directory.geography import district_name
from app.directory.models import (
    STALE_AFTER,
    Contact,
    Organization,
    OrganizationChange,
    OrganizationKind,
    OrganizationStatus,
)
from app.extensions import db
from app.network.models import FUND_GRANTED, AnnualReport, Support, SupportKind
from app.thai import fiscal_year_bounds, fiscal_year_of, to_bangkok

FIGURES = ("took_part", "fund_supported", "supported", "reported")
CERTIFIED_KINDS = (OrganizationKind.PUBLIC_BENEFIT, OrganizationKind.COMMUNITY_WELFARE)
REASONS = ("no_report", "no_attendance", "never_supported", "not_confirmed")
#: "In twelve months", as the directory counts details not confirmed.
TWELVE_MONTHS = STALE_AFTER


@dataclass(frozen=True)
class Share:
    count: int
    #: Of the row's organizations, 0–1 (0 when there are none).
    share: float


@dataclass(frozen=True)
class HealthRow:
    organizations: int
    took_part: Share
    fund_supported: Share
    supported: Share
    reported: Share


@dataclass(frozen=True)
class NetworkHealth:
    fiscal_year: int
    overall: HealthRow
    by_kind: list[tuple[str, HealthRow]]
    #: In the order of the district codes (the province seat first), an unknown district last.
    by_district: list[tuple[str, str, HealthRow]]


@dataclass(frozen=True)
class ListedContact:
    name: str
    position: str
    phone: str
    email: str

    def as_dict(self):
        return {"name": self.name, "position": self.position, "phone": self.phone, "email": self.email}


@dataclass(frozen=True)
class ListedOrganization:
    """What the losing-touch list shows of an organization: plain columns, not an ORM object (a list
    of thousands is read in milliseconds that way). `contacts` is empty until `with_contacts`."""

    id: int
    name: str
    kind: OrganizationKind
    district_code: str | None
    phone: str
    email: str
    last_confirmed_on: date | None
    contacts: tuple[ListedContact, ...] = ()

    @property
    def district_name(self):
        return district_name(self.district_code)


#: The columns of ListedOrganization, in its order (contacts apart).
LISTED_COLUMNS = (
    Organization.id,
    Organization.name,
    Organization.kind,
    Organization.district_code,
    Organization.phone,
    Organization.email,
    Organization.last_confirmed_on,
)


@dataclass(frozen=True)
class LosingTouch:
    organization: ListedOrganization
    reasons: tuple[str, ...]


# The facts, read set-wise


@dataclass(frozen=True)
class _Certified:
    """What decides whether, and where, a certified organization is counted."""

    id: int
    kind: str
    district_code: str
    certified_on: date | None
    has_number: bool
    #: The day its certification was revoked (date.min when revoked on an unknown day); None if not.
    revoked_on: date | None
    last_confirmed_on: date | None

    def counted_in(self, fiscal_year):
        first, last = fiscal_year_bounds(fiscal_year)
        certified = self.certified_on <= last if self.certified_on else self.has_number
        return certified and not self.revoked_before(first)

    def revoked_before(self, day):
        return self.revoked_on is not None and self.revoked_on < day


def _certified():
    revoked = (
        select(OrganizationChange.organization_id, func.max(OrganizationChange.changed_at).label("at"))
        .where(
            OrganizationChange.field == "status",
            OrganizationChange.new_value == OrganizationStatus.REVOKED.value,
        )
        .group_by(OrganizationChange.organization_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Organization.id,
            Organization.kind,
            Organization.district_code,
            Organization.certified_on,
            Organization.certification_no.is_not(None),
            Organization.status,
            revoked.c.at,
            Organization.last_confirmed_on,
        )
        .outerjoin(revoked, revoked.c.organization_id == Organization.id)
        .where(Organization.kind.in_(CERTIFIED_KINDS))
    )
    found = []
    for org_id, kind, district, certified_on, has_number, status, revoked_at, confirmed in rows:
        revoked_on = None
        if status == OrganizationStatus.REVOKED:
            revoked_on = to_bangkok(revoked_at).date() if revoked_at else date.min
        found.append(
            _Certified(
                org_id, kind.value, district or "", certified_on, bool(has_number), revoked_on, confirmed
            )
        )
    return found


def _members(years):
    """{figure: {fiscal year: ids of the organizations in it}} for consecutive fiscal years."""
    members = {figure: {year: set() for year in years} for figure in FIGURES}
    first, last = fiscal_year_bounds(years[0])[0], fiscal_year_bounds(years[-1])[1]
    year_of_day = literal(years[0])
    if len(years) > 1:
        year_of_day = case(
            *((CheckIn.day <= fiscal_year_bounds(y)[1], y) for y in years[:-1]), else_=years[-1]
        )
    for org_id, year in db.session.execute(
        organizations_took_part(first, last).add_columns(year_of_day).distinct()
    ):
        members["took_part"][year].add(org_id)
    granted = Support.kind == SupportKind.FUND
    granted = granted & Support.status.in_(FUND_GRANTED)
    supports = db.session.execute(
        select(Support.organization_id, Support.fiscal_year, func.max(case((granted, 1), else_=0)))
        .where(Support.fiscal_year.between(years[0], years[-1]), _counts_as_support())
        .group_by(Support.organization_id, Support.fiscal_year)
    )
    for org_id, year, fund in supports:
        members["supported"][year].add(org_id)
        if fund:
            members["fund_supported"][year].add(org_id)
    for org_id, year in db.session.execute(
        select(AnnualReport.organization_id, AnnualReport.fiscal_year).where(
            AnnualReport.fiscal_year.between(years[0], years[-1]), AnnualReport.received_on.is_not(None)
        )
    ):
        members["reported"][year].add(org_id)
    return members


def _counts_as_support():
    """Support received: any kind but a Fund project not (yet) approved (as Support.counts_as_support)."""
    return or_(Support.kind != SupportKind.FUND, Support.status.in_(FUND_GRANTED))


def counted_ids(fiscal_year):
    """The ids of the organizations a fiscal year's figures count."""
    return {c.id for c in _certified() if c.counted_in(fiscal_year)}


# The figures


def _share(count, total):
    return Share(count, count / total if total else 0.0)


def _row(ids, members, year):
    return HealthRow(len(ids), *(_share(len(ids & members[f][year]), len(ids)) for f in FIGURES))


def _health(years):
    certified, members = _certified(), _members(years)
    result = []
    for year in years:
        counted = [c for c in certified if c.counted_in(year)]
        kinds, districts = {}, {}
        for c in counted:
            kinds.setdefault(c.kind, set()).add(c.id)
            districts.setdefault(c.district_code, set()).add(c.id)
        by_kind = [
            (k.value, _row(kinds[k.value], members, year)) for k in CERTIFIED_KINDS if k.value in kinds
        ]
        by_district = [
            (code, district_name(code) if code else _("District not known"), _row(ids, members, year))
            for code, ids in sorted(districts.items(), key=lambda item: (item[0] == "", item[0]))
        ]
        result.append(NetworkHealth(year, _row({c.id for c in counted}, members, year), by_kind, by_district))
    return result


def network_health(fiscal_year: int) -> NetworkHealth:
    """The four figures of a fiscal year, overall, by kind and by district."""
    return _health([fiscal_year])[0]


def health_trend(fiscal_year: int, years: int = 5) -> list[NetworkHealth]:
    """The health of `years` fiscal years ending with `fiscal_year`, oldest first (read in one pass)."""
    return _health(list(range(fiscal_year - years + 1, fiscal_year + 1)))


def _load(ids):
    """The organizations with these ids, in Thai dictionary order."""
    stmt = (
        select(Organization)
        .where(Organization.id.in_(sorted(ids)))
        .order_by(Organization.name_sort, Organization.id)
    )
    return list(db.session.scalars(stmt)) if ids else []


def organizations_behind(
    fiscal_year: int,
    figure: str | None,
    *,
    kind: str | None = None,
    district_code: str | None = None,
    missing: bool = False,
) -> list[Organization]:
    """The organizations behind a figure (None: all counted ones); with `missing`, the counted ones
    NOT in it. `district_code` "" means the organizations whose district is not known."""
    if figure is not None and figure not in FIGURES:
        raise ValueError(f"unknown figure: {figure!r}")
    ids = {
        c.id
        for c in _certified()
        if c.counted_in(fiscal_year)
        and (kind is None or c.kind == kind)
        and (district_code is None or c.district_code == district_code)
    }
    if figure is not None:
        members = _members([fiscal_year])[figure][fiscal_year]
        ids = ids - members if missing else ids & members
    return _load(ids)


# Losing touch


def list_as_of(fiscal_year, today):
    """The day a year's losing-touch list stands on: today, or the year's last day once it is over."""
    return min(today, fiscal_year_bounds(fiscal_year)[1])


def report_year_expected(as_of):
    """The last fiscal year that has ended on `as_of` (its report is the one expected)."""
    return fiscal_year_of(as_of + timedelta(days=1)) - 1


def losing_touch(fiscal_year: int, today: date) -> list[LosingTouch]:
    """The counted organizations of the year, not revoked by `today`, with at least one reason:
    no report received for the last fiscal year that has ended, no attendance in the twelve months up
    to that day, never any support (up to the year), details not confirmed in twelve months."""
    as_of = list_as_of(fiscal_year, today)
    year_ago = as_of - TWELVE_MONTHS
    candidates = [
        c
        for c in _certified()
        if c.counted_in(fiscal_year) and not c.revoked_before(as_of + timedelta(days=1))
    ]
    reported = set(
        db.session.scalars(
            select(AnnualReport.organization_id).where(
                AnnualReport.fiscal_year == report_year_expected(as_of), AnnualReport.received_on.is_not(None)
            )
        )
    )
    came = set(db.session.scalars(organizations_took_part(year_ago + timedelta(days=1), as_of).distinct()))
    supported = set(
        db.session.scalars(
            select(Support.organization_id)
            .where(Support.fiscal_year <= fiscal_year, _counts_as_support())
            .distinct()
        )
    )
    reasons = {}
    for c in candidates:
        flags = (
            c.id not in reported,
            c.id not in came,
            c.id not in supported,
            c.last_confirmed_on is None or c.last_confirmed_on <= year_ago,
        )
        if any(flags):
            reasons[c.id] = tuple(name for name, flag in zip(REASONS, flags, strict=True) if flag)
    # All the certified kinds' rows, kept here: cheaper than sending thousands of ids to the database.
    listed = db.session.execute(
        select(*LISTED_COLUMNS)
        .where(Organization.kind.in_(CERTIFIED_KINDS))
        .order_by(Organization.name_sort, Organization.id)
    )
    return [LosingTouch(ListedOrganization(*row), reasons[row.id]) for row in listed if row.id in reasons]


def with_contacts(items: list[LosingTouch]) -> list[LosingTouch]:
    """The items with their organizations' contacts (in their order), read in one query: only for
    the items a page, an export or the API shows."""
    contacts = {}
    if items:
        for org_id, *contact in db.session.execute(
            select(Contact.organization_id, Contact.name, Contact.position, Contact.phone, Contact.email)
            .where(Contact.organization_id.in_(sorted({item.organization.id for item in items})))
            .order_by(Contact.organization_id, Contact.position_order, Contact.id)
        ):
            contacts.setdefault(org_id, []).append(ListedContact(*contact))
    return [
        replace(
            item,
            organization=replace(item.organization, contacts=tuple(contacts.get(item.organization.id, ()))),
        )
        for item in items
    ]
