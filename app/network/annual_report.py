"""The annual network report (รายงานสถานการณ์เครือข่ายองค์กรสวัสดิการสังคม ปีงบประมาณ 25xx), for the
provincial committee: the year's figures overall, by kind and by district, their trend over five
fiscal years, and the organizations losing touch; as a PDF and as a workbook.

The figures are app/network/health.py's, read once into an AnnualNetworkReport; the PDF, the
workbook and the dashboard only phrase them, so the three always agree.
"""

import io
from dataclasses import dataclass
from datetime import date

from flask import send_file

from app.directory.exporting import MIMETYPES
from app.network import health, health_charts
from app.network.figures import FIGURE_LABELS, FIGURE_SHORT, REASON_LABELS
from app.network.health import FIGURES, NetworkHealth
from app.reports.pdf import render_pdf
from app.thai import fiscal_year_bounds

TEMPLATE = "pdf/network_report.html"
XLSX = MIMETYPES["xlsx"]
#: The title of the report and of its files, always in Thai (an official paper).
TITLE = "รายงานสถานการณ์เครือข่ายองค์กรสวัสดิการสังคม"


@dataclass(frozen=True)
class AnnualNetworkReport:
    fiscal_year: int
    #: The day the losing-touch list stands on (health.list_as_of).
    as_of: date
    printed_on: date
    health: NetworkHealth
    #: NetworkHealth of the last five fiscal years, oldest first, ending with this one.
    trend: list
    losing_touch: list

    @property
    def title(self):
        return f"{TITLE} ปีงบประมาณ {self.fiscal_year}"

    @property
    def first_day(self):
        return fiscal_year_bounds(self.fiscal_year)[0]

    @property
    def last_day(self):
        return fiscal_year_bounds(self.fiscal_year)[1]

    @property
    def trend_rows(self):
        """[(fiscal year, HealthRow)] of the trend, for its table."""
        return [(year.fiscal_year, year.overall) for year in self.trend]

    @property
    def kinds(self):
        return health_charts.kind_groups(self.health)

    @property
    def districts(self):
        return health_charts.district_groups(self.health)

    def figures_chart(self):
        return health_charts.figures_chart(self.health.overall)

    def trend_chart(self):
        return health_charts.trend_chart(self.trend)

    def kind_chart(self):
        return health_charts.kind_chart(self.health)

    def district_chart(self):
        return health_charts.district_chart(self.health)


def annual_network_report(fiscal_year, today):
    """Everything the annual report of the fiscal year shows; ``today`` is the day it is printed."""
    return AnnualNetworkReport(
        fiscal_year=fiscal_year,
        as_of=health.list_as_of(fiscal_year, today),
        printed_on=today,
        health=health.network_health(fiscal_year),
        trend=health.health_trend(fiscal_year),
        losing_touch=health.with_contacts(health.losing_touch(fiscal_year, today)),
    )


def render_annual_report(fiscal_year, today):
    """The annual network report of the fiscal year as PDF bytes."""
    report = annual_network_report(fiscal_year, today)
    return render_pdf(
        TEMPLATE,
        report=report,
        printed_on=today,
        figure_names=FIGURES,
        figure_labels=FIGURE_LABELS,
        figure_short=FIGURE_SHORT,
        reason_labels=REASON_LABELS,
    )


def file_name(fiscal_year, extension):
    return f"{TITLE}-{fiscal_year}.{extension}"


def xlsx_response(content, filename):
    """An HTTP response that downloads a workbook; it holds contacts, so no caching."""
    response = send_file(
        io.BytesIO(content), mimetype=XLSX, download_name=filename, as_attachment=True, max_age=0
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
