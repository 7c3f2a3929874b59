"""The printed letters asking organizations for their yearly report of operations: an official
letter to an outside body (หนังสือภายนอก) per organization, in the invitation letter's frame
(templates/pdf/_letter.html), naming the fiscal year and the due date and carrying the
organization's own report link as a QR code and in print. Staff print them for the
organizations just asked, all in one PDF, or one from an organization's page."""

from dataclasses import dataclass

from app.forums import letters as official
from app.network import reports
from app.network.models import AnnualReport
from app.qr import qr_module_uri
from app.reports.pdf import render_pdf, today_in_bangkok


@dataclass(frozen=True)
class ReportLetter:
    """One organization's letter: the report asked for and the link it is sent through."""

    report: AnnualReport
    link: str

    @property
    def organization(self):
        return self.report.organization

    @property
    def addressee(self):
        return official.addressee_of(self.organization)

    @property
    def qr(self):
        return qr_module_uri(self.link)


def awaited(report):
    """A report is worth a letter while it was asked for and has not come."""
    return report is not None and report.asked_on is not None and report.received_on is None


def letters_for(organizations, fiscal_year):
    """The letters to the organizations whose report of the year is asked for and not received, in
    the organizations' order; the others (never asked, or already sent) get none."""
    chosen = (reports.report_of(organization, fiscal_year) for organization in organizations)
    return [letter_of(report) for report in chosen if awaited(report)]


def letter_of(report):
    return ReportLetter(report, reports.report_link(report.organization, report.fiscal_year))


def letters_pdf(report_letters, dated=None):
    """One PDF, one page per letter, in the given order."""
    dated = dated or today_in_bangkok()
    office = official.office()

    def render(part):
        return render_pdf(
            "pdf/report_letters.html", letters=part, office=office, dated=dated, printed_on=dated
        )

    return official.in_parts(render, list(report_letters))
