"""A table of rows as the spreadsheets people open it in: XLSX, or CSV that Excel in Thailand reads."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font


def xlsx_bytes(title, header, rows, widths=()):
    """One sheet named `title`: a bold header row that stays in view, then the rows; `widths` by column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(title)[:31]  # the longest sheet name Excel takes
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for cell, width in zip(sheet[1], widths, strict=False):
        sheet.column_dimensions[cell.column_letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(header, rows):
    """UTF-8 with a byte-order mark, so Excel in Thailand opens the Thai text right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
