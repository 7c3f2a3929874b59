"""Real spreadsheet files for the import and export tests, made the way offices make them."""

import csv
import io

from openpyxl import Workbook, load_workbook

HEADER = ["ชื่อองค์กร", "ประเภทองค์กร", "เลขที่หนังสือรับรอง", "วันที่ได้รับการรับรอง", "อำเภอ", "ตำบล", "โทรศัพท์"]


def xlsx_bytes(rows, title="Sheet1"):
    """An .xlsx workbook by openpyxl; cell values keep their types (dates, numbers)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows, encoding="utf-8", delimiter=","):
    """CSV text in the given encoding ("utf-8-sig" gives a BOM, "utf-16" one too)."""
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


def read_xlsx(content):
    """Every row of the first sheet as values."""
    workbook = load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)], workbook
