"""make demo: five fiscal years of network health shaped on the office's own figures for 2561."""

from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.network.health import health_trend, losing_touch
from app.network.models import AnnualReport


def test_the_demo_shows_the_offices_figures_and_a_list_losing_touch(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    trend = health_trend(2562)
    assert [h.fiscal_year for h in trend] == [2558, 2559, 2560, 2561, 2562]
    assert all(h.overall.organizations > 40 for h in trend)
    fy2561 = trend[3].overall
    assert 0.13 <= fy2561.fund_supported.share <= 0.14
    assert 0.57 <= fy2561.took_part.share <= 0.63
    assert all(0 < h.overall.reported.share < 1 and h.overall.supported.count for h in trend)
    # Participation grows over the years, as the office's forums brought the network together.
    assert [h.overall.took_part.share for h in trend] == sorted(h.overall.took_part.share for h in trend)
    losing = losing_touch(2562, date(2019, 11, 1))
    drifted = {"no_report", "no_attendance", "never_supported"}
    assert len([row for row in losing if drifted <= set(row.reasons)]) >= 5
    reports = db.session.scalar(select(func.count()).select_from(AnnualReport))
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(AnnualReport)) == reports  # nothing twice
