"""Importing the files offices keep under an .xls name: Excel 97–2003 workbooks, web pages, tab text."""

from datetime import date

import pytest

from app.directory.models import OrganizationKind
from app.directory.spreadsheets import FileProblem, read_table
from tests.directory.test_importing import import_file, organizations
from tests.spreadsheets import csv_bytes, html_table_bytes, xls_bytes, xlsx_bytes

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER = ["ชื่อองค์กร", "ประเภทองค์กร", "วันที่ได้รับการรับรอง", "อำเภอ", "โทรศัพท์"]
ROWS = [
    HEADER,
    ["มูลนิธิเพื่อผู้สูงอายุบางระกำ", "องค์กรสาธารณประโยชน์", date(2018, 10, 25), "บางระกำ", 812345678],
    ["ชมรมคนพิการตำบลท่าทอง", "องค์กรสวัสดิการชุมชน", "25/10/2561", "เมือง", "055-123456"],
]


def test_an_excel_97_workbook_is_read_with_its_thai_text_dates_and_numbers():
    result = import_file(xls_bytes(ROWS), "รายชื่อองค์กร.xls")
    assert (result.created, result.errors) == (2, [])
    one, two = organizations()
    assert one.name == "มูลนิธิเพื่อผู้สูงอายุบางระกำ" and one.kind == OrganizationKind.PUBLIC_BENEFIT
    # A date cell, and a phone number Excel kept as a number without its leading zero.
    assert (one.certified_on, one.phone, one.district_name) == (date(2018, 10, 25), "0812345678", "บางระกำ")
    assert (two.certified_on, two.kind) == (date(2018, 10, 25), OrganizationKind.COMMUNITY_WELFARE)


def test_an_xls_workbook_keeps_the_spreadsheet_numbering_below_title_rows():
    content = xls_bytes([["ทำเนียบองค์กรเครือข่าย จังหวัดพิษณุโลก"], [], *ROWS])
    table = read_table("list.xls", content, 100)
    assert (table.file_type, table.header_row, [n for n, _ in table.rows]) == ("xls", 3, [4, 5])


COVER = ("คำอธิบาย", [["แบบฟอร์มทำเนียบองค์กร สำนักงานพัฒนาสังคมฯ จังหวัดพิษณุโลก"], ["กรอกข้อมูลในแผ่นงานถัดไป"]])


@pytest.mark.parametrize("make, filename", [(xls_bytes, "list.xls"), (xlsx_bytes, "list.xlsx")])
def test_the_list_is_found_on_the_first_sheet_with_column_titles(make, filename):
    content = make(ROWS, title="รายชื่อองค์กร", before=[COVER, ("ว่าง", [])])
    table = read_table(filename, content, 100)
    assert (table.sheet, table.header_row, len(table.rows)) == ("รายชื่อองค์กร", 1, 2)


@pytest.mark.parametrize("make, filename", [(xls_bytes, "list.xls"), (xlsx_bytes, "list.xlsx")])
def test_a_workbook_without_titles_on_any_sheet_says_so(make, filename):
    with pytest.raises(FileProblem) as problem:
        read_table(filename, make([["ไม่มีหัวตาราง", 1]], before=[COVER]), 100)
    assert problem.value.code == "no_header"


def test_an_xls_renamed_to_xlsx_is_still_read():
    assert import_file(xls_bytes(ROWS), "list.xlsx").created == 2


@pytest.mark.parametrize("encoding", ["utf-8", "cp874"])
def test_a_web_page_saved_as_xls_is_read_in_either_encoding(encoding):
    rows = [[v.strftime("%d/%m/%Y") if isinstance(v, date) else v for v in row] for row in ROWS]
    content = html_table_bytes(rows, encoding)
    table = read_table("export.xls", content, 100)
    assert table.file_type == "html" and table.encoding == encoding
    assert import_file(content, "export.xls").created == 2
    assert [o.name for o in organizations()] == [ROWS[1][0], ROWS[2][0]]


def test_a_web_page_cell_keeps_its_line_breaks_and_drops_the_page_layout():
    page = """<table>
      <tr><th>ชื่อองค์กร</th>
          <th>ที่อยู่</th></tr>
      <tr><td>
            มูลนิธิ&nbsp;ตัวอย่าง &amp; เพื่อน
          </td><td>99 หมู่ 1<br>ต.ท่าทอง</td></tr>
    </table>""".encode()
    table = read_table("export.xls", page, 100)
    assert table.rows == [(2, ["มูลนิธิ ตัวอย่าง & เพื่อน", "99 หมู่ 1\nต.ท่าทอง"])]


def test_tab_separated_text_named_xls_is_read_as_text():
    content = csv_bytes([["ชื่อองค์กร", "อำเภอ"], ["กลุ่มออมทรัพย์บ้านใหม่", "วัดโบสถ์"]], "cp874", "\t")
    table = read_table("export.xls", content, 100)
    assert (table.file_type, table.encoding, table.delimiter) == ("csv", "cp874", "\t")
    assert table.rows == [(2, ["กลุ่มออมทรัพย์บ้านใหม่", "วัดโบสถ์"])]


@pytest.mark.parametrize(
    ("filename", "content", "code"),
    [
        # The old container with no workbook inside: a damaged file, or a Word document renamed.
        ("list.xls", OLE_MAGIC + b"\0" * 600, "broken_file"),
        ("list.xls", xls_bytes(ROWS)[:700], "broken_file"),
        # Excel saves an .xlsx with a password to open it in the old container.
        ("locked.xlsx", OLE_MAGIC + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le"), "encrypted_file"),
        ("locked.xls", OLE_MAGIC + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le"), "encrypted_file"),
        ("list.xls", "<html><body><p>ไม่มีตาราง</p></body></html>".encode(), "no_header"),
    ],
)
def test_an_xls_that_cannot_be_read_gets_a_clear_reason(filename, content, code):
    with pytest.raises(FileProblem) as problem:
        read_table(filename, content, 100)
    assert problem.value.code == code
    assert problem.value.message
