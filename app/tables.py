"""A table of rows as the spreadsheets people open it in: XLSX, or CSV that Excel in Thailand reads.

Every CSV and XLSX the product writes goes through `defused` (CSV) or `text_cell` (XLSX), so text
a participant typed or a QR code carried (``=HYPERLINK(...)``) never becomes a live formula in the
organizer's spreadsheet. The directory's export uses them too, and the directory's import drops the
apostrophe again (`app.directory.spreadsheets`).
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

#: A cell starting with one of these is a formula (or starts one) to a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def is_formula_like(value):
    """Whether a spreadsheet would run this text as a formula; a phone number like +66 81 is not."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_phone_like(value)


def _is_phone_like(value):
    return value.startswith("+") and value[1:].replace(" ", "").replace("-", "").isdigit()


def defused(value):
    """A leading apostrophe keeps a spreadsheet from running text as a formula, as Excel does itself."""
    return "'" + value if is_formula_like(value) else value


def text_cell(sheet, value, alignment=None):
    """An XLSX cell for `value`: text that looks like a formula is stored as text, quoted as Excel
    quotes what one types after an apostrophe, so editing the cell keeps it text."""
    if not is_formula_like(value) and alignment is None:
        return value
    cell = defuse_cell(WriteOnlyCell(sheet, value=value))
    if alignment is not None:
        cell.alignment = alignment
    return cell


def defuse_cell(cell):
    """Keep an XLSX cell whose text looks like a formula as quoted text; returns the cell."""
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def xlsx_bytes(title, header, rows, widths=()):
    """One sheet named `title`: a bold header row that stays in view, then the rows; `widths` by column."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(title)[:31])  # the longest sheet name Excel takes
    for index, width in enumerate(widths[: len(header)]):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    bold = []
    for value in header:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for row in rows:
        sheet.append([text_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(header, rows):
    """UTF-8 with a byte-order mark, so Excel in Thailand opens the Thai text right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([defused(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
