"""Network health for a fiscal year: of the certified organizations active that year, how many took
part, received Fund money, received any support, sent their report; and the organizations the
office is losing touch with.

Counted organizations (the denominator): public-benefit and community welfare organizations with a
certification dated on or before the year's last day (or a certification number without a date),
and not revoked before the year's first day. The revocation's day is the latest change of their
status to "revoked" in the directory's history; a revoked organization without such an entry is
taken as revoked long ago. Every figure is one SQL aggregate over that set, so the dashboard costs
a few queries whatever the size of the network.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import selectinload

from app.checkin.participation import organizations_took_part
from app.directory.geography import district_name
from app.directory.models import (
    STALE_AFTER,
    Organization,
    OrganizationChange,
    OrganizationKind,
    OrganizationStatus,
)
from app.extensions import db
from app.network.models import FUND_GRANTED, AnnualReport, Support, SupportKind
from app.thai import fiscal_year_bounds, fiscal_year_of
from app.timeutil import utc_from_bangkok

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
class LosingTouch:
    organization: Organization
    reasons: tuple[str, ...]


# The sets behind the figures, as SELECTs of organization ids


def _revoked_before(day):
    """Organizations whose certification was revoked before `day` (a Bangkok date)."""
    revoked_at = (
        select(func.max(OrganizationChange.changed_at))
        .where(
            OrganizationChange.organization_id == Organization.id,
            OrganizationChange.field == "status",
            OrganizationChange.new_value == OrganizationStatus.REVOKED.value,
        )
        .scalar_subquery()
    )
    moment = utc_from_bangkok(datetime.combine(day, time.min))
    return and_(
        Organization.status == OrganizationStatus.REVOKED,
        or_(revoked_at.is_(None), revoked_at < moment),
    )


def counted(fiscal_year):
    """The condition on Organization of the organizations a fiscal year's figures count."""
    first, last = fiscal_year_bounds(fiscal_year)
    return and_(
        Organization.kind.in_(CERTIFIED_KINDS),
        or_(
            Organization.certified_on <= last,
            and_(Organization.certified_on.is_(None), Organization.certification_no.is_not(None)),
        ),
        ~_revoked_before(first),
    )


def _supports(fiscal_year=None, *, up_to=None, fund_only=False):
    granted = Support.status.in_(FUND_GRANTED)
    stmt = select(Support.organization_id)
    if fund_only:
        stmt = stmt.where(Support.kind == SupportKind.FUND, granted)
    else:
        stmt = stmt.where(or_(Support.kind != SupportKind.FUND, granted))
    if fiscal_year is not None:
        stmt = stmt.where(Support.fiscal_year == fiscal_year)
    if up_to is not None:
        stmt = stmt.where(Support.fiscal_year <= up_to)
    return stmt


def _reported(fiscal_year):
    return select(AnnualReport.organization_id).where(
        AnnualReport.fiscal_year == fiscal_year, AnnualReport.received_on.is_not(None)
    )


def figure_members(fiscal_year, figure):
    """A SELECT of the ids of the organizations in a figure (before the counted set is applied)."""
    if figure == "took_part":
        return organizations_took_part(*fiscal_year_bounds(fiscal_year))
    if figure == "fund_supported":
        return _supports(fiscal_year, fund_only=True)
    if figure == "supported":
        return _supports(fiscal_year)
    if figure == "reported":
        return _reported(fiscal_year)
    raise ValueError(f"unknown figure: {figure!r}")


# The figures


def _share(count, total):
    return Share(count, count / total if total else 0.0)


def _row(total, counts):
    return HealthRow(total, *(_share(counts[i], total) for i in range(len(FIGURES))))


def network_health(fiscal_year: int) -> NetworkHealth:
    """The four figures of a fiscal year, overall, by kind and by district."""
    flags = [
        func.sum(case((Organization.id.in_(figure_members(fiscal_year, f)), 1), else_=0)) for f in FIGURES
    ]
    rows = db.session.execute(
        select(Organization.kind, Organization.district_code, func.count(), *flags)
        .where(counted(fiscal_year))
        .group_by(Organization.kind, Organization.district_code)
    ).all()
    overall, kinds, districts = [0] * 5, {}, {}
    for kind, district_code, *numbers in rows:
        numbers = [int(n or 0) for n in numbers]
        for bucket in (
            overall,
            kinds.setdefault(kind.value, [0] * 5),
            districts.setdefault(district_code or "", [0] * 5),
        ):
            for i, n in enumerate(numbers):
                bucket[i] += n
    by_kind = [
        (k.value, _row(kinds[k.value][0], kinds[k.value][1:])) for k in CERTIFIED_KINDS if k.value in kinds
    ]
    by_district = sorted(
        (
            (code, district_name(code) if code else _("District not known"), _row(n[0], n[1:]))
            for code, n in districts.items()
        ),
        key=lambda item: (item[0] == "", item[0]),
    )
    return NetworkHealth(fiscal_year, _row(overall[0], overall[1:]), by_kind, by_district)


def health_trend(fiscal_year: int, years: int = 5) -> list[NetworkHealth]:
    """The health of `years` fiscal years ending with `fiscal_year`, oldest first."""
    return [network_health(year) for year in range(fiscal_year - years + 1, fiscal_year + 1)]


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
    stmt = select(Organization).where(counted(fiscal_year))
    if figure is not None:
        members = Organization.id.in_(figure_members(fiscal_year, figure))
        stmt = stmt.where(~members if missing else members)
    if kind is not None:
        stmt = stmt.where(Organization.kind == kind)
    if district_code is not None:
        stmt = stmt.where(
            Organization.district_code == district_code
            if district_code
            else Organization.district_code.is_(None)
        )
    return list(db.session.scalars(stmt.order_by(Organization.name_sort, Organization.id)))


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
    checks = (
        ~Organization.id.in_(_reported(report_year_expected(as_of))),
        ~Organization.id.in_(organizations_took_part(year_ago + timedelta(days=1), as_of)),
        ~Organization.id.in_(_supports(up_to=fiscal_year)),
        or_(Organization.last_confirmed_on.is_(None), Organization.last_confirmed_on <= year_ago),
    )
    flags = [
        case((check, literal(True)), else_=literal(False)).label(name)
        for name, check in zip(REASONS, checks, strict=True)
    ]
    rows = db.session.execute(
        select(Organization, *flags)
        .where(counted(fiscal_year), ~_revoked_before(as_of + timedelta(days=1)), or_(*checks))
        .options(selectinload(Organization.contacts))
        .order_by(Organization.name_sort, Organization.id)
    ).all()
    return [
        LosingTouch(organization, tuple(name for name, flag in zip(REASONS, marks, strict=True) if flag))
        for organization, *marks in rows
    ]
