"""The health figures against the hand-counted network of conftest.py, on the real database."""

from datetime import date

import pytest

from app.network.health import losing_touch, network_health, organizations_behind


def _figures(row):
    return (
        row.organizations,
        row.took_part.count,
        row.fund_supported.count,
        row.supported.count,
        row.reported.count,
    )


def test_fiscal_year_2562_overall(network):
    health = network_health(2562)
    # A, B (certified mid-year), D, E, H (revoked during the year); not C (revoked before), F, G.
    assert _figures(health.overall) == (5, 2, 1, 3, 2)
    assert health.overall.took_part.share == pytest.approx(0.4)
    assert health.overall.fund_supported.share == pytest.approx(0.2)
    assert health.overall.supported.share == pytest.approx(0.6)
    assert health.overall.reported.share == pytest.approx(0.4)


def test_fiscal_year_2562_by_kind_and_district(network):
    health = network_health(2562)
    assert [(kind, _figures(row)) for kind, row in health.by_kind] == [
        ("public_benefit", (1, 1, 1, 1, 1)),
        ("community_welfare", (4, 1, 0, 2, 1)),
    ]
    assert [(code, _figures(row)) for code, _name, row in health.by_district] == [
        ("6501", (3, 1, 1, 2, 2)),
        ("6502", (2, 1, 0, 1, 0)),
    ]
    assert [name for _code, name, _row in health.by_district] == ["เมืองพิษณุโลก", "นครไทย"]


def test_fiscal_year_2561(network):
    # A, C (revoked in June 2018, after the year began), D, E, H; B was not certified yet.
    assert _figures(network_health(2561).overall) == (5, 1, 1, 1, 0)


def test_the_lists_behind_the_figures(network):
    names = lambda orgs: [o.name for o in orgs]  # noqa: E731
    assert names(organizations_behind(2562, None)) == ["องค์กร A", "องค์กร B", "องค์กร D", "องค์กร E", "องค์กร H"]
    assert names(organizations_behind(2562, "took_part")) == ["องค์กร A", "องค์กร B"]
    assert names(organizations_behind(2562, "took_part", missing=True)) == ["องค์กร D", "องค์กร E", "องค์กร H"]
    assert names(organizations_behind(2562, "supported", kind="community_welfare")) == ["องค์กร B", "องค์กร H"]
    assert names(organizations_behind(2562, "reported", district_code="6502", missing=True)) == [
        "องค์กร B",
        "องค์กร E",
    ]
    assert names(organizations_behind(2561, "fund_supported")) == ["องค์กร E"]


def test_losing_touch_after_the_year(network):
    rows = {row.organization.name: row.reasons for row in losing_touch(2562, today=date(2019, 11, 15))}
    # A is fine; H was revoked during the year; C, F, G are not counted.
    assert rows == {
        "องค์กร B": ("no_report", "not_confirmed"),
        "องค์กร D": ("no_attendance", "never_supported", "not_confirmed"),
        "องค์กร E": ("no_report", "no_attendance"),
    }


def test_losing_touch_during_the_year_expects_last_years_report(network):
    rows = {row.organization.name: row.reasons for row in losing_touch(2562, today=date(2019, 3, 1))}
    # On 1 Mar 2019 the report expected is FY 2561's, which nobody sent; E came on 20 Sep 2018,
    # within twelve months; H's revocation is a month old.
    assert rows["องค์กร A"] == ("no_report",)
    assert rows["องค์กร E"] == ("no_report",)
    assert "องค์กร H" not in rows
