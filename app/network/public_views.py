"""The yearly report form behind the organization's self-update link (/u/<token>/report): no account."""

from datetime import date
from decimal import Decimal

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.directory.self_update import bp, get_organization_by_token_or_404, public_limit
from app.extensions import db
from app.network import reports
from app.network.fields import FISCAL_YEARS, REPORT_FIELDS, RecordDataError
from app.network.forms import PublicReportForm
from app.thai import thai_date
from app.timeutil import local_today


def _year_asked(organization, today):
    requested = request.args.get("fiscal_year", type=int)
    if requested and FISCAL_YEARS[0] <= requested <= FISCAL_YEARS[1]:
        return requested
    return reports.expected_fiscal_year(today)


@bp.route("/<token>/report", methods=["GET", "POST"])
@public_limit
def report(token):
    organization = get_organization_by_token_or_404(token)
    today = local_today()
    form = PublicReportForm()
    values, errors = None, {}
    if form.validate_on_submit():
        values = reports.form_data(request.form)
        values.pop("received_on", None)  # the day it arrives, not the sender's word
        if form.is_spam:
            return redirect(url_for("self_update.report", token=token))
        saved = receive_report(organization, values, form.files.data, today, errors)
        if saved is not None:
            flash(
                _("Thank you. Your report for the fiscal year %(year)s is received.", year=saved.fiscal_year),
                "success",
            )
            return redirect(url_for("self_update.report", token=token, fiscal_year=saved.fiscal_year))
    elif request.method == "POST":
        errors["form"] = _("The form had expired. Please send it again.")
        values = reports.form_data(request.form)
    fiscal_year = _year_asked(organization, today)
    existing = reports.report_of(organization, fiscal_year)
    return render_template(
        "network/report_form.html",
        organization=organization,
        form=form,
        fields=REPORT_FIELDS,
        fiscal_year=fiscal_year,
        report=existing,
        values=values if values is not None else report_values(existing, fiscal_year),
        errors=errors,
        today=today,
    ), 422 if errors else 200


def _as_input(value):
    """A stored value as a form's text box shows it: BE dates, amounts without trailing zeros."""
    if isinstance(value, date):
        return thai_date(value, "numeric")
    if isinstance(value, str) and value.replace(".", "", 1).isdigit():
        value = Decimal(value)
    if isinstance(value, Decimal):
        return f"{value:f}".removesuffix(".00")
    return "" if value is None else value


def report_values(report, fiscal_year):
    """The form's values from a stored report (or an empty one for the year)."""
    if report is None:
        return {"fiscal_year": fiscal_year}
    values = {field.name: _as_input(getattr(report, field.name)) for field in REPORT_FIELDS}
    for name in ("served", "sources"):
        values[name] = {key: _as_input(amount) for key, amount in (values[name] or {}).items()}
    values["activities"] = [
        {"title": a["title"], "date": _as_input(date.fromisoformat(a["date"])) if a.get("date") else ""}
        for a in values["activities"] or []
    ]
    return values


def receive_report(organization, values, files, today, errors, staff=None):
    """Record the report and its files; None with `errors` filled when something is wrong (nothing kept)."""
    stored = []
    try:
        report = reports.record_report(organization, reports.parse_report(values), staff=staff, today=today)
        for upload in files or ():
            if upload and upload.filename:
                stored.append(
                    reports.add_attachment(report, upload.stream, upload.filename, uploaded_by=staff).filename
                )
        db.session.commit()
        return report
    except RecordDataError as error:
        errors.update(error.errors)
    except reports.ReportError as error:
        errors["files"] = str(error)
    db.session.rollback()
    reports.discard_files(stored)
    return None
