"""Network health as .xlsx workbooks: the annual report's figures and lists, and the list of
organizations losing touch. Always in Thai (papers for the provincial committee); every text that
came from outside stays text (app.tables.text_cell), so no cell runs as a formula."""

import io

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from app.directory.exporting import HEADER_FILL, HEADER_FONT, WRAP
from app.directory.labels import KIND_LABELS
from app.network.figures import FIGURE_LABELS, REASON_LABELS, percent
from app.network.health import FIGURES
from app.tables import text_cell
from app.thai import thai_date


def _header(sheet, titles, widths):
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=str(title))
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        cells.append(cell)
    sheet.append(cells)
    sheet.freeze_panes = "A2"


def _figure_titles():
    titles = [_("Organizations")]
    for name in FIGURES:
        label = FIGURE_LABELS[name]
        titles += [f"{label} ({_('organizations')})", f"{label} ({_('per cent')})"]
    return titles


def _figure_values(row):
    values = [row.organizations]
    for name in FIGURES:
        share = getattr(row, name)
        values += [share.count, float(percent(share.share))]
    return values


def _summary_sheet(workbook, report):
    sheet = workbook.create_sheet(_("Figures %(year)s", year=report.fiscal_year))
    _header(sheet, [_("Group"), _("Kind or district"), *_figure_titles()], [18, 40] + [14] * 9)
    sheet.append([text_cell(sheet, _("Overall")), text_cell(sheet, _("All certified organizations")),
                  *_figure_values(report.health.overall)])  # fmt: skip
    for label, row in report.kinds:
        sheet.append([text_cell(sheet, _("By kind")), text_cell(sheet, label), *_figure_values(row)])
    for label, row in report.districts:
        sheet.append([text_cell(sheet, _("By district")), text_cell(sheet, label), *_figure_values(row)])


def _trend_sheet(workbook, report):
    sheet = workbook.create_sheet(_("Trend"))
    _header(sheet, [_("Fiscal year"), *_figure_titles()], [14] + [14] * 9)
    for year in report.trend:
        sheet.append([year.fiscal_year, *_figure_values(year.overall)])


def _contacts(organization):
    return "\n".join(
        " ".join(part for part in (contact.name, contact.position, contact.phone, contact.email) if part)
        for contact in organization.contacts
    )


def _losing_touch_sheet(workbook, items, as_of):
    sheet = workbook.create_sheet(_("Losing touch"))
    titles = [_("Organization"), _("Kind"), _("District"), _("Reasons"), _("Phone"), _("E-mail"),
              _("Contacts"), _("Last confirmed")]  # fmt: skip
    _header(sheet, titles, [42, 26, 18, 48, 16, 26, 44, 16])
    for item in items:
        organization = item.organization
        reasons = "\n".join(str(REASON_LABELS[reason]) for reason in item.reasons)
        sheet.append(
            [
                text_cell(sheet, organization.name, alignment=WRAP),
                text_cell(sheet, str(KIND_LABELS[organization.kind])),
                text_cell(sheet, organization.district_name or ""),
                text_cell(sheet, reasons, alignment=WRAP),
                text_cell(sheet, organization.phone),
                text_cell(sheet, organization.email),
                text_cell(sheet, _contacts(organization), alignment=WRAP),
                text_cell(sheet, thai_date(organization.last_confirmed_on, "numeric")),
            ]
        )
    sheet.append([])
    sheet.append([text_cell(sheet, _("Judged on %(date)s", date=thai_date(as_of)))])


def _saved(workbook):
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def annual_report_xlsx(report):
    """The annual network report (app/network/annual_report.py) as a workbook of three sheets."""
    workbook = Workbook(write_only=True)
    with force_locale("th"):
        _summary_sheet(workbook, report)
        _trend_sheet(workbook, report)
        _losing_touch_sheet(workbook, report.losing_touch, report.as_of)
    return _saved(workbook)


def losing_touch_xlsx(items, as_of):
    """The organizations losing touch (LosingTouch items), with their reasons and contacts."""
    workbook = Workbook(write_only=True)
    with force_locale("th"):
        _losing_touch_sheet(workbook, items, as_of)
    return _saved(workbook)
