"""Real spreadsheet files for the import and export tests, made the way offices make them."""

import csv
import io
from datetime import date, datetime

import xlwt
from openpyxl import Workbook, load_workbook

HEADER = ["ชื่อองค์กร", "ประเภทองค์กร", "เลขที่หนังสือรับรอง", "วันที่ได้รับการรับรอง", "อำเภอ", "ตำบล", "โทรศัพท์"]


def xlsx_bytes(rows, title="Sheet1", before=()):
    """An .xlsx workbook by openpyxl; cell values keep their types (dates, numbers).

    `before`: (title, rows) of sheets that come first, as a cover or a sheet of instructions.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet_title, sheet_rows in [*before, (title, rows)]:
        sheet = workbook.create_sheet(sheet_title)
        for row in sheet_rows:
            sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xls_bytes(rows, title="Sheet1", before=()):
    """An Excel 97–2003 workbook (BIFF8) by xlwt, as older office computers still save them;
    dates are date cells, numbers number cells. `before`: as for xlsx_bytes."""
    workbook = xlwt.Workbook(encoding="utf-8")
    as_date = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    for sheet_title, sheet_rows in [*before, (title, rows)]:
        sheet = workbook.add_sheet(sheet_title)
        for r, row in enumerate(sheet_rows):
            for c, value in enumerate(row):
                if isinstance(value, date | datetime):
                    sheet.write(r, c, value, as_date)
                elif value is not None:
                    sheet.write(r, c, value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def html_table_bytes(rows, encoding="utf-8"):
    """A web page with one table, as web systems export "Excel" files (named .xls)."""
    charset = {"cp874": "windows-874"}.get(encoding, encoding)
    cells = "".join(
        "<tr>" + "".join(f"<td>{'' if v is None else v}</td>" for v in row) + "</tr>\n" for row in rows
    )
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>\n'
        f"<body><table border=1>\n{cells}</table></body></html>\n"
    )
    return page.encode(encoding)


def csv_bytes(rows, encoding="utf-8", delimiter=","):
    """CSV text in the given encoding ("utf-8-sig" gives a BOM, "utf-16" one too)."""
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


def read_xlsx(content):
    """Every row of the first sheet as values."""
    workbook = load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)], workbook
