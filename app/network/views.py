"""The organizer's pages of network health: the dashboard for a fiscal year, the lists of
organizations behind its figures, the annual network report, and the organization's timeline."""

from flask import abort, current_app, render_template, request

from app.auth.access import STAFF, role_required
from app.directory import geography
from app.directory.labels import KIND_LABELS
from app.directory.models import OrganizationKind
from app.network import annual_report, bp, health, health_charts, timeline, workbooks
from app.network.figures import FIGURE_LABELS, FIGURE_SHORT, percent
from app.params import fiscal_year as fiscal_year_param
from app.reports.pdf import pdf_response
from app.thai import fiscal_year_bounds, fiscal_year_of
from app.timeutil import local_today

#: The fiscal years the picker offers: this many back from the current one.
PICKER_YEARS = 10


@bp.app_context_processor
def network_helpers():
    """The organization's timeline, for its directory page (templates/network/_timeline.html)."""
    return {
        "organization_timeline": timeline.organization_timeline,
        "timeline_first_shown": timeline.FIRST_SHOWN,
    }


@bp.app_template_filter("percent")
def percent_filter(share):
    return percent(share)


@bp.context_processor
def figure_names():
    return {"figure_names": health.FIGURES, "figure_labels": FIGURE_LABELS, "figure_short": FIGURE_SHORT}


def requested_fiscal_year():
    """The fiscal year asked for in the query string; the current one when none (or nonsense) is given."""
    return request.args.get("fiscal_year", type=fiscal_year_param) or fiscal_year_of(local_today())


def picker_years(fiscal_year):
    current = fiscal_year_of(local_today())
    years = set(range(current - PICKER_YEARS + 1, current + 1)) | {fiscal_year}
    return sorted(years, reverse=True)


@bp.get("/")
@role_required(*STAFF)
def dashboard():
    fiscal_year = requested_fiscal_year()
    figures = health.network_health(fiscal_year)
    trend = health.health_trend(fiscal_year)
    width = health_charts.WEB_WIDTH_PT
    first_day, last_day = fiscal_year_bounds(fiscal_year)
    return render_template(
        "network/dashboard.html",
        health=figures,
        trend=trend,
        years=picker_years(fiscal_year),
        first_day=first_day,
        last_day=last_day,
        kind_rows=[(KIND_LABELS[OrganizationKind(kind)], row, kind, None) for kind, row in figures.by_kind],
        district_rows=[(name, row, None, code) for code, name, row in figures.by_district],
        figures_chart=health_charts.figures_chart(figures.overall, width),
        trend_chart=health_charts.trend_chart(trend, width),
        kind_chart=health_charts.kind_chart(figures, width),
        district_chart=health_charts.district_chart(figures, width),
    )


def _list_filter():
    figure = request.args.get("figure") or None
    kind = request.args.get("kind") or None
    #: "" asks for the organizations whose district is not known.
    district = request.args.get("district")
    if figure not in (None, *health.FIGURES) or kind not in (None, *OrganizationKind):
        abort(404)
    if district and not geography.district_name(district):
        abort(404)
    return figure, kind, district


@bp.get("/organizations")
@role_required(*STAFF)
def organizations():
    """The organizations behind one figure of the dashboard, or the ones missing from it."""
    fiscal_year = requested_fiscal_year()
    figure, kind, district = _list_filter()
    missing = request.args.get("missing") == "1" and figure is not None
    found = health.organizations_behind(
        fiscal_year, figure, kind=kind, district_code=district, missing=missing
    )
    return render_template(
        "network/organizations.html",
        fiscal_year=fiscal_year,
        figure=figure,
        kind=kind,
        district=district,
        missing=missing,
        organizations=found,
        district_name=geography.district_name(district) if district else "",
        province_code=current_app.config["OFFICE_PROVINCE_CODE"],
    )


@bp.get("/report.pdf")
@role_required(*STAFF)
def report_pdf():
    """The annual network report (รายงานสถานการณ์เครือข่าย…) of a fiscal year, to print."""
    fiscal_year = requested_fiscal_year()
    pdf = annual_report.render_annual_report(fiscal_year, local_today())
    return pdf_response(pdf, annual_report.file_name(fiscal_year, "pdf"))


@bp.get("/report.xlsx")
@role_required(*STAFF)
def report_xlsx():
    """The annual network report's figures and lists as a workbook, for the provincial committee."""
    fiscal_year = requested_fiscal_year()
    content = workbooks.annual_report_xlsx(annual_report.annual_network_report(fiscal_year, local_today()))
    return annual_report.xlsx_response(content, annual_report.file_name(fiscal_year, "xlsx"))
