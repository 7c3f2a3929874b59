"""The printed letters asking for yearly reports: all those of the organizations just asked (from
the page that follows the asking), or one organization's (from its page)."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from app.auth.access import STAFF, role_required
from app.extensions import db
from app.forums import invitations
from app.network import bp, report_letters
from app.network.models import AnnualReport
from app.params import fiscal_year as fiscal_year_param
from app.reports.pdf import pdf_response


def _nothing_to_print():
    flash(_("There is no letter to print: the report was not asked for, or it has come."), "info")


def _response(letters, year, name=""):
    pdf = report_letters.letters_pdf(letters)
    db.session.commit()  # an organization whose link was withdrawn since it was asked got a new one
    with force_locale("th"):
        filename = f"{_('Letters asking for the report of operations')}-{year}{name}.pdf"
    return pdf_response(pdf, filename)


@bp.get("/losing-touch/asked/letters.pdf")
@role_required(*STAFF)
def asked_letters():
    """One PDF of the letters to the organizations listed (?ids=1,2,3) whose report of ?year= is
    asked for and not received, in the list's order."""
    year = request.args.get("year", type=fiscal_year_param)
    ids = [int(i) for i in request.args.get("ids", "").split(",") if i.isdigit() and len(i) < 11]
    organizations, _missing = invitations.find_organizations(ids)
    letters = report_letters.letters_for(organizations, year) if year else []
    if not letters:
        _nothing_to_print()
        return redirect(url_for("network.losing_touch"))
    return _response(letters, year)


@bp.get("/reports/<int:report_id>/letter.pdf")
@role_required(*STAFF)
def report_letter(report_id):
    """One organization's letter, for a report asked for and not received."""
    report = db.session.get(AnnualReport, report_id)
    if report is None:
        abort(404)
    if not report_letters.awaited(report):
        _nothing_to_print()
        return redirect(url_for("directory.show", organization_id=report.organization_id))
    return _response(
        [report_letters.letter_of(report)], report.fiscal_year, f"-{report.organization.name[:60]}"
    )
