"""Staff forms of network health: a report that came on paper (with its scan), a support entry, the
files of reports, and the import of the Fund's project list. Routes on the network blueprint."""

from dataclasses import dataclass

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import STAFF, role_required
from app.directory.models import Organization
from app.directory.spreadsheets import FileProblem, read_table
from app.extensions import db
from app.network import bp, reports
from app.network.fields import (
    FISCAL_YEARS,
    NEEDS,
    REPORT_STATUSES,
    SUPPORT_FIELDS,
    SUPPORT_KINDS,
    SUPPORT_STATUSES,
    RecordDataError,
    read_fiscal_year,
)
from app.network.follow_ups import calls_of
from app.network.forms import RecordForm, ReportFilesForm, SupportImportForm
from app.network.models import AnnualReport, ReportAttachment
from app.network.public_views import receive_report, report_values
from app.network.support_import import ImportMode, column_label, plan_support_import, run_support_import
from app.network.supports import add_support, parse_support, supports_of
from app.thai import fiscal_year_of
from app.timeutil import local_today


def get_organization_or_404(organization_id):
    organization = db.session.get(Organization, organization_id)
    if organization is None:
        abort(404)
    return organization


@bp.app_context_processor
def organization_records():
    """`network_records(organization)` for the organization's page (network/_organization_records.html)."""
    return {
        "network_records": records_of,
        "report_statuses": REPORT_STATUSES,
        "report_needs": NEEDS,
        "support_kinds": SUPPORT_KINDS,
        "support_statuses": SUPPORT_STATUSES,
    }


@dataclass(frozen=True)
class Records:
    reports: list
    supports: list
    calls: list
    today: object


def records_of(organization):
    """The organization's reports, support and follow-up calls, newest first."""
    reports_ = db.session.scalars(
        db.select(AnnualReport)
        .where(AnnualReport.organization_id == organization.id)
        .order_by(AnnualReport.fiscal_year.desc())
    ).all()
    return Records(reports_, supports_of(organization), calls_of(organization), local_today())


def _year_from_args():
    try:
        return read_fiscal_year(request.args.get("fiscal_year", ""))
    except ValueError:
        return reports.expected_fiscal_year(local_today())


@bp.route("/organizations/<int:organization_id>/reports/new", methods=["GET", "POST"])
@role_required(*STAFF)
def paper_report(organization_id):
    """Type in a report that came on paper, with the scan of it."""
    organization = get_organization_or_404(organization_id)
    form = ReportFilesForm()
    today = local_today()
    values, errors = None, {}
    if form.validate_on_submit():
        values = reports.form_data(request.form)
        saved = receive_report(organization, values, form.files.data, today, errors, staff=current_user)
        if saved is not None:
            flash(
                _("The report for the fiscal year %(year)s is recorded.", year=saved.fiscal_year), "success"
            )
            return redirect(url_for("directory.show", organization_id=organization.id) + "#records")
    elif request.method == "POST":
        values, errors = (
            reports.form_data(request.form),
            {"form": _("The form had expired. Please send it again.")},
        )
    fiscal_year = _year_from_args()
    if values is None:
        values = report_values(reports.report_of(organization, fiscal_year), fiscal_year)
        values.setdefault("received_on", "")
    return render_template(
        "network/paper_report.html",
        organization=organization,
        form=form,
        fields=reports.REPORT_FIELDS,
        values=values,
        errors=errors,
        years=range(fiscal_year_of(today), FISCAL_YEARS[0] + 50, -1)[:10],
    ), 422 if errors else 200


@bp.route("/organizations/<int:organization_id>/supports/new", methods=["GET", "POST"])
@role_required(*STAFF)
def new_support(organization_id):
    organization = get_organization_or_404(organization_id)
    form = RecordForm()
    values = {"fiscal_year": fiscal_year_of(local_today()), "kind": request.args.get("kind", "fund")}
    errors = {}
    if form.validate_on_submit():
        values = {f.name: request.form.get(f.name, "") for f in SUPPORT_FIELDS}
        try:
            add_support(organization, parse_support(values), current_user)
        except RecordDataError as error:
            errors = error.errors
        else:
            db.session.commit()
            flash(_("The support is recorded."), "success")
            return redirect(url_for("directory.show", organization_id=organization.id) + "#records")
    return render_template(
        "network/support_form.html", organization=organization, form=form, fields=SUPPORT_FIELDS,
        values=values, errors=errors,
    ), 422 if errors else 200  # fmt: skip


@bp.get("/attachments/<int:attachment_id>")
@role_required(*STAFF)
def attachment(attachment_id):
    """A file sent with a report: staff only (reports may name people)."""
    found = db.session.get(ReportAttachment, attachment_id)
    if found is None:
        abort(404)
    return send_file(
        reports.attachment_path(found.filename),
        mimetype=found.content_type,
        download_name=found.original_name or found.filename,
        as_attachment=found.content_type == "application/pdf",
    )


@dataclass(frozen=True)
class ShownError:
    row: int
    field: str
    label: str
    message: str


@bp.route("/supports/import", methods=["GET", "POST"])
@role_required(*STAFF)
def import_supports():
    """Import the Fund's project list; the result names every bad row."""
    form = SupportImportForm()
    if request.method == "GET":
        form.fiscal_year.data = fiscal_year_of(local_today())
    if not form.validate_on_submit():
        return render_template("network/support_import.html", form=form), 400 if form.errors else 200
    try:
        table = read_table(
            form.file.data.filename, form.file.data.read(), current_app.config["IMPORT_MAX_ROWS"]
        )
    except FileProblem as problem:
        form.file.errors.append(problem.message)
        return render_template("network/support_import.html", form=form), problem.status
    plan = plan_support_import(table, form.fiscal_year.data)
    created, updated, written = run_support_import(plan, ImportMode(form.mode.data), current_user)
    db.session.commit()
    errors = [ShownError(e.row, e.field, column_label(e.field), e.message) for e in plan.errors]
    return render_template(
        "network/support_import.html", form=form, plan=plan, errors=errors,
        created=created, updated=updated, written=written,
    ), 200 if written else 422  # fmt: skip
