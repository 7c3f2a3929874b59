"""/api/v1/network-health, an organization's supports and reports, and the Fund list import."""

from flask import current_app, request
from flask_login import current_user

from app.api import bp, query
from app.api.common import ApiError, api_roles, get_or_404, json_body, page_body
from app.api.query import PAGING, paging, takes
from app.api.transfer import _uploaded_file
from app.auth.access import STAFF
from app.directory.models import Organization
from app.directory.spreadsheets import FileProblem, read_table
from app.extensions import db
from app.network import health, reports
from app.network.fields import FISCAL_YEARS
from app.network.models import AnnualReport, Support
from app.network.record import ANNUAL_REPORT, SUPPORT
from app.network.support_import import ImportMode, plan_support_import, run_support_import
from app.network.supports import NEWEST_FIRST, add_support, parse_support
from app.records import RecordDataError
from app.thai import fiscal_year_of
from app.timeutil import local_today

FISCAL_YEAR = query.Number(
    "fiscal_year",
    *FISCAL_YEARS,
    description="Buddhist era, e.g. 2569; when not given, the current one",
)


def _fiscal_year():
    return FISCAL_YEAR.read() or fiscal_year_of(local_today())


def _share(share):
    return {"count": share.count, "share": round(share.share, 4)}


def _row(row):
    return {
        "organizations": row.organizations,
        **{name: _share(getattr(row, name)) for name in health.FIGURES},
    }


@bp.get("/network-health")
@api_roles(*STAFF)
@takes(FISCAL_YEAR)
def network_health():
    result = health.network_health(_fiscal_year())
    return {
        "fiscal_year": result.fiscal_year,
        **_row(result.overall),
        "by_kind": [{"kind": kind, **_row(row)} for kind, row in result.by_kind],
        "by_district": [
            {"district": name, "district_code": code or None, **_row(row)}
            for code, name, row in result.by_district
        ],
    }


@bp.get("/network-health/losing-touch")
@api_roles(*STAFF)
@takes(FISCAL_YEAR)
def losing_touch():
    rows = health.with_contacts(health.losing_touch(_fiscal_year(), local_today()))
    return [
        {
            "organization_id": row.organization.id,
            "name": row.organization.name,
            "reasons": list(row.reasons),
            "kind": row.organization.kind.value,
            "district": row.organization.district_name or None,
            "phone": row.organization.phone,
            "email": row.organization.email,
            "contacts": [c.as_dict() for c in row.organization.contacts],
        }
        for row in rows
    ]


# An organization's records


support_json = SUPPORT.to_json
report_json = ANNUAL_REPORT.to_json


def _invalid(error):
    return ApiError(422, "invalid", "Some fields are not valid.", error.errors)


def _page_of(model, organization, order, to_json):
    page, per_page = paging()
    query = db.select(model).where(model.organization_id == organization.id)
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(*order).limit(per_page).offset((page - 1) * per_page))
    return page_body([to_json(r) for r in rows], total, page, per_page)


@bp.get("/organizations/<int:organization_id>/supports")
@api_roles(*STAFF)
@takes(*PAGING)
def list_supports(organization_id):
    organization = get_or_404(Organization, organization_id)
    return _page_of(Support, organization, NEWEST_FIRST, support_json)


@bp.post("/organizations/<int:organization_id>/supports")
@api_roles(*STAFF)
def create_support(organization_id):
    organization = get_or_404(Organization, organization_id)
    try:
        data = parse_support(json_body(), strict=True)
    except RecordDataError as error:
        raise _invalid(error) from error
    support = add_support(organization, data, current_user)
    db.session.commit()
    return support_json(support), 201


@bp.get("/organizations/<int:organization_id>/reports")
@api_roles(*STAFF)
@takes(*PAGING)
def list_reports(organization_id):
    organization = get_or_404(Organization, organization_id)
    return _page_of(AnnualReport, organization, (AnnualReport.fiscal_year.desc(),), report_json)


@bp.post("/organizations/<int:organization_id>/reports")
@api_roles(*STAFF)
def create_report(organization_id):
    """A report received (typed in by staff, or from another system): created, or replacing that year's."""
    organization = get_or_404(Organization, organization_id)
    try:
        data = reports.parse_report(json_body(), strict=True)
        report = reports.record_report(organization, data, staff=current_user)
    except RecordDataError as error:
        raise _invalid(error) from error
    db.session.commit()
    return report_json(report), 201


@bp.post("/supports/import")
@api_roles(*STAFF)
def import_supports():
    upload = _uploaded_file()
    mode = request.form.get("mode") or ImportMode.ALL_OR_NOTHING
    if mode not in set(ImportMode):
        raise ApiError(400, "bad_mode", "mode is all_or_nothing or good_rows.", {"mode": mode})
    fiscal_year = request.form.get("fiscal_year", "")
    if fiscal_year and not (fiscal_year.isdigit() and FISCAL_YEARS[0] <= int(fiscal_year) <= FISCAL_YEARS[1]):
        raise ApiError(400, "bad_fiscal_year", "fiscal_year is a Buddhist-era year such as 2562.")
    try:
        table = read_table(upload.filename, upload.read(), current_app.config["IMPORT_MAX_ROWS"])
    except FileProblem as problem:
        raise ApiError(problem.status, problem.code, problem.message) from problem
    plan = plan_support_import(table, int(fiscal_year) if fiscal_year else None)
    if plan.problems:
        raise ApiError(422, "missing_column", " ".join(plan.problems))
    created, updated, written = run_support_import(plan, ImportMode(mode), current_user)
    db.session.commit()
    return plan.as_dict(created, updated), 200 if written else 422
