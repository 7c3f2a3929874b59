"""A hand-counted network for the health figures (fiscal years 2561 and 2562, fixed dates).

FY 2562 runs 1 Oct 2018 – 30 Sep 2019; FY 2561 runs 1 Oct 2017 – 30 Sep 2018.

| org | kind | certified | history | FY 2562 | FY 2561 |
|---|---|---|---|---|---|
| A | public benefit, 6501 | 2010 | | check-in 25 Oct 2018, Fund approved, report received | |
| B | community welfare, 6502 | 15 Mar 2019 (mid-year) | | check-in 1 Jun 2019, technical support, |  |
|   |   |   | | report asked only | not certified yet |
| C | public benefit, 6501 | 2005 | revoked 1 Jun 2018 | not counted | counted, nothing |
| D | community welfare, 6501 | 2012 | | only check-in undone, Fund proposed, report received | |
| E | community welfare, 6502 | 2015 | | nothing | check-in 20 Sep 2018, Fund done |
| F | local administration | – | | check-in (never counted) | |
| G | public benefit | 2020 | | not counted (certified later) | |
| H | community welfare, 6501 | 2011 | revoked 1 Feb 2019 | counted, a staff visit | counted |
"""

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine

from app.checkin.models import CheckIn
from app.directory import service as directory_service
from app.directory.models import OrganizationKind, OrganizationStatus
from app.extensions import db
from app.network.models import AnnualReport, Support, SupportKind, SupportStatus
from app.registration.models import Registration, RegistrationStatus
from tests.registration.conftest import smtp  # noqa: F401  (a fixture of these tests)


def _revoke(organization, on):
    with time_machine.travel(datetime(on.year, on.month, on.day, 5, 0), tick=False):
        directory_service.update_organization(organization, {"status": OrganizationStatus.REVOKED})


def _attend(forum, organization, day, undone=False):
    registration = Registration(
        forum_id=forum.id,
        organization_id=organization.id,
        first_name="สมชาย",
        last_name=f"ทดสอบ{organization.id}",
        status=RegistrationStatus.CONFIRMED,
        privacy_notice_version="1",
        checked_in_at=datetime(day.year, day.month, day.day, 2, 0),
    )
    db.session.add(registration)
    db.session.flush()
    checkin = CheckIn(
        forum_id=forum.id,
        registration_id=registration.id,
        day=day,
        checked_in_at=datetime(day.year, day.month, day.day, 2, 0),
        undone_at=datetime(day.year, day.month, day.day, 2, 5) if undone else None,
        undo_reason="สแกนผิดคน" if undone else "",
    )
    db.session.add(checkin)


@pytest.fixture
def public_base(app, monkeypatch):
    """Links in e-mails are built on this address (as behind a proxy), also outside a request."""
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://forums.example.org")
    return "https://forums.example.org"


@pytest.fixture
def network(create_organization, create_forum):
    """The organizations A–H of the table above, by letter."""
    pb, cw = OrganizationKind.PUBLIC_BENEFIT, OrganizationKind.COMMUNITY_WELFARE

    def make(letter, kind, certified_on, district="6501", **extra):
        return create_organization(
            name=f"องค์กร {letter}",
            kind=kind,
            certified_on=certified_on,
            certification_no=f"พล {letter}/1" if certified_on else None,
            province_code="65",
            district_code=district,
            **extra,
        )

    with time_machine.travel(datetime(2017, 1, 5, 5, 0), tick=False):
        orgs = {
            "A": make("A", pb, date(2010, 1, 1), last_confirmed_on=date(2019, 5, 1)),
            "B": make("B", cw, date(2019, 3, 15), district="6502"),
            "C": make("C", pb, date(2005, 6, 1)),
            "D": make("D", cw, date(2012, 1, 1), last_confirmed_on=date(2018, 1, 1)),
            "E": make("E", cw, date(2015, 1, 1), district="6502", last_confirmed_on=date(2019, 9, 1)),
            "F": make("F", OrganizationKind.LOCAL_GOVERNMENT, None),
            "G": make("G", pb, date(2020, 1, 1)),
            "H": make("H", cw, date(2011, 1, 1)),
        }
    _revoke(orgs["C"], date(2018, 6, 1))
    _revoke(orgs["H"], date(2019, 2, 1))

    october = create_forum(
        status="finished", starts_at=datetime(2018, 10, 25, 3), ends_at=datetime(2018, 10, 25, 9)
    )
    june = create_forum(status="finished", starts_at=datetime(2019, 6, 1, 3), ends_at=datetime(2019, 6, 1, 9))
    september = create_forum(
        status="finished", starts_at=datetime(2018, 9, 20, 3), ends_at=datetime(2018, 9, 20, 9)
    )
    _attend(october, orgs["A"], date(2018, 10, 25))
    _attend(june, orgs["B"], date(2019, 6, 1))
    _attend(june, orgs["D"], date(2019, 6, 1), undone=True)
    _attend(september, orgs["E"], date(2018, 9, 20))
    _attend(october, orgs["F"], date(2018, 10, 25))

    fund = SupportKind.FUND
    db.session.add_all(
        [
            Support(organization_id=orgs["A"].id, kind=fund, fiscal_year=2562, title="โครงการเยาวชน",
                    amount_requested=Decimal("50000"), amount_approved=Decimal("45000"),
                    status=SupportStatus.APPROVED),
            Support(organization_id=orgs["B"].id, kind=SupportKind.TECHNICAL, fiscal_year=2562,
                    title="ให้คำปรึกษาการเขียนโครงการ", date=date(2019, 4, 2)),
            Support(organization_id=orgs["D"].id, kind=fund, fiscal_year=2562, title="โครงการผู้สูงอายุ",
                    amount_requested=Decimal("30000"), status=SupportStatus.PROPOSED),
            Support(organization_id=orgs["E"].id, kind=fund, fiscal_year=2561, title="โครงการครอบครัว",
                    amount_requested=Decimal("20000"), amount_approved=Decimal("20000"),
                    status=SupportStatus.DONE),
            Support(organization_id=orgs["H"].id, kind=SupportKind.VISIT, fiscal_year=2562,
                    title="เยี่ยมติดตาม", date=date(2018, 12, 3)),
            AnnualReport(organization_id=orgs["A"].id, fiscal_year=2562, asked_on=date(2019, 10, 1),
                         due_on=date(2019, 11, 30), received_on=date(2019, 10, 20)),
            AnnualReport(organization_id=orgs["B"].id, fiscal_year=2562, asked_on=date(2019, 10, 1),
                         due_on=date(2019, 11, 30)),
            AnnualReport(organization_id=orgs["D"].id, fiscal_year=2562, received_on=date(2019, 12, 5)),
        ]
    )  # fmt: skip
    db.session.commit()
    return orgs
