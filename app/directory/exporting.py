"""The directory as .xlsx or CSV, in the columns and Thai titles that the import reads back."""

import csv
import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import selectinload

from app.directory import geography, labels
from app.directory.columns import COLUMNS
from app.directory.models import Organization
from app.directory.record import ORGANIZATION
from app.extensions import db
from app.records.types import thai_labels
from app.tables import defuse_cell, defused, text_cell
from app.thai import thai_date
from app.timeutil import utcnow

#: Column widths in characters, by field; the rest get DEFAULT_WIDTH.
WIDTHS = {"name": 42, "address": 36, "contacts": 48, "fields_of_work": 30, "target_groups": 30, "kind": 26}
DEFAULT_WIDTH = 16
HEADER_FILL = PatternFill("solid", start_color="1F5F8B")
HEADER_FONT = Font(bold=True, color="FFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top")
#: Download names, before the date: the directory's export and the import's template.
EXPORT_NAME = "ทำเนียบองค์กร"
TEMPLATE_NAME = "แบบฟอร์มนำเข้าทำเนียบ"
MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    # Werkzeug adds "; charset=utf-8" to a text type itself (given here too, it came twice).
    "csv": "text/csv",
}


def file_name(name, file_type):
    """A download's name with today's date in the Buddhist era: ทำเนียบองค์กร-26-11-2569.xlsx."""
    return f"{name}-{thai_date(utcnow(), 'numeric').replace('/', '-')}.{file_type}"


def organizations_to_export(directory_filter):
    """Every organization the filter lets through, in the list's order, contacts loaded with them."""
    stmt = directory_filter.statement().options(selectinload(Organization.contacts))
    return db.session.scalars(stmt).all()


class _Writer:
    """Turns organizations into rows of text, with the labels looked up once per export."""

    def __init__(self):
        self.row = ORGANIZATION.row_writer()
        # The template's example and explanation sheet use the Thai labels too.
        self.kinds = thai_labels(labels.KIND_LABELS)
        self.statuses = thai_labels(labels.STATUS_LABELS)
        self.legal_forms = thai_labels(labels.LEGAL_FORM_LABELS)
        self.fields_of_work = thai_labels(labels.WELFARE_FIELDS)
        self.target_groups = thai_labels(labels.TARGET_GROUPS)


def to_csv(organizations):
    """CSV in UTF-8 with a BOM, the one sign by which Excel knows to show Thai."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([column.thai for column in COLUMNS])
    rows = _Writer()
    for org in organizations:
        writer.writerow([defused(v) for v in rows.row(org)])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(organizations):
    """An .xlsx workbook: styled, frozen header, sized columns, a filter on every column."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("ทำเนียบองค์กร")
    _prepare(sheet, rows=len(organizations))
    rows = _Writer()
    for org in organizations:
        values = zip(COLUMNS, rows.row(org), strict=True)
        sheet.append([_cell(sheet, value, column.name) for column, value in values])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _prepare(sheet, rows):
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column.name, DEFAULT_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{rows + 1}"
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.thai)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        header.append(cell)
    sheet.append(header)


def _cell(sheet, value, field):
    # Styles cost much time per cell, so only the long-text columns wrap.
    return text_cell(sheet, value or None, WRAP if field in WIDTHS else None)


def template_xlsx(province_code):
    """An empty import file to fill in: the titles, one example row, and a sheet that explains them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "ทำเนียบองค์กร"
    rows = _Writer()
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.thai)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column.name, DEFAULT_WIDTH)
    district_code, district = (geography.districts_of(province_code) or [("", "")])[0]
    subdistricts = geography.subdistricts_of(district_code)
    example = {
        "name": "มูลนิธิตัวอย่างเพื่อเด็กและเยาวชน",
        "kind": rows.kinds["public_benefit"],
        "legal_form": rows.legal_forms["foundation"],
        "legal_form_other": "",
        "certification_no": "1/2561",
        "certified_on": "25 ตุลาคม 2561",
        "status": rows.statuses["active"],
        "province": geography.province_name(province_code),
        "district": district,
        "subdistrict": subdistricts[0][1] if subdistricts else "",
        "postal_code": subdistricts[0][2][0] if subdistricts and subdistricts[0][2] else "",
        "address": "99 หมู่ 1",
        "phone": "081-234-5678",
        "email": "info@example.org",
        "line_id": "@example",
        "fields_of_work": ", ".join((rows.fields_of_work["education"], rows.fields_of_work["health"])),
        "target_groups": ", ".join((rows.target_groups["children"], rows.target_groups["youth"])),
        "contacts": "นางสาวสมใจ ใจดี | ประธาน | 081-234-5678 | somjai@example.org",
        "last_confirmed_on": "",
    }
    for index, column in enumerate(COLUMNS, start=1):
        # A column added to the table later is simply empty in the example until given one here.
        defuse_cell(sheet.cell(row=2, column=index, value=example.get(column.name, ""))).alignment = WRAP
    sheet.freeze_panes = "A2"
    _explain(workbook.create_sheet("คำอธิบาย"), rows)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _explain(sheet, rows):
    lines = [
        (_("How to fill in this file"), ""),
        (_("One organization per row, on the first sheet. Keep the titles in row 1."), ""),
        (_("Columns you do not need may be left out or left empty."), ""),
        (_("Dates"), _("25/10/2561, 25 ตุลาคม 2561 or 2018-10-25 (Buddhist or Christian era)")),
        (_("Several values in one cell"), _("Separate them with commas")),
        (_("Contacts"), _("One person per line: name | position | phone | e-mail")),
        (
            _("Updating"),
            _(
                "A row with the certification number of a listed organization updates it; so does a row "
                "with the name of a listed organization that has no number. Other rows are added."
            ),
        ),
        ("", ""),
        (_("Allowed values"), ""),
    ]
    choices = (
        ("kind", rows.kinds),
        ("legal_form", rows.legal_forms),
        ("status", rows.statuses),
        ("fields_of_work", rows.fields_of_work),
        ("target_groups", rows.target_groups),
    )
    by_field = {column.name: column for column in COLUMNS}
    lines += [(by_field[name].thai, ", ".join(values.values())) for name, values in choices]
    for line in lines:
        sheet.append(line)
    for row in (1, 9):
        sheet.cell(row=row, column=1).font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 90


FORMATS = {"xlsx": to_xlsx, "csv": to_csv}
