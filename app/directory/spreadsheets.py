"""Reading an uploaded .xlsx, .xls or .csv into rows, or a clear reason why it cannot be read."""

import codecs
import contextlib
import csv
import io
import os
import warnings
import zipfile
from dataclasses import dataclass, field

from flask_babel import gettext as _

from app.directory.columns import TITLES, title_key
from app.directory.fields import cell_text
from app.directory.legacy_excel import (
    OLE_MAGIC,
    BrokenWorkbook,
    EncryptedWorkbook,
    html_rows,
    is_encrypted_office_file,
    looks_like_html,
    xls_sheets,
)

#: An .xlsx is a zip of XML: one that unpacks to more than this is refused before it is opened,
#: so a small file cannot unpack into more memory than the server has (20,000 rows unpack to ~40 MB).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: Columns beyond this are not read: a sheet formatted to its last column must not cost memory.
MAX_COLUMNS = 100
#: So many empty rows in a row end the sheet, however far its formatting reaches.
MAX_EMPTY_RUN = 1000
#: The header is looked for in the first rows, below any title rows above the table.
HEADER_SEARCH_ROWS = 10
#: Text tables; an .xls that is neither workbook nor web page is the tab-separated text some systems export.
TEXT_EXTENSIONS = {".csv", ".txt", ".tsv", ".xls", ""}
XLSX_EXTENSIONS = {".xlsx", ".xlsm"}
DELIMITERS = (",", ";", "\t")


class FileProblem(Exception):
    """The file as a whole cannot be imported; `code` names the reason for the API.

    The request was well formed (a file was sent); what the file holds cannot be used: 422,
    except for a format the importer does not read at all (415).
    """

    def __init__(self, code, message, status=422):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


@dataclass
class Table:
    """The rows of a file, numbered as a spreadsheet shows them."""

    headers: list
    header_row: int
    #: (row number, cell values) of every non-empty row below the header.
    rows: list = field(default_factory=list)
    file_type: str = "xlsx"
    #: For a workbook: the name of the sheet the table was found on.
    sheet: str = ""
    #: For CSV: the encoding and delimiter it was read with.
    encoding: str = ""
    delimiter: str = ""


def read_table(filename, content, max_rows):
    """The table in an uploaded file. :raise FileProblem: for anything that is not a readable table."""
    if not content or not content.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise FileProblem("empty_file", _("The file is empty."))
    extension = os.path.splitext(filename or "")[1].lower()
    if is_encrypted_office_file(content):
        # Excel keeps a workbook with a password to open it in the old container.
        raise _encrypted()
    if content.startswith(OLE_MAGIC):
        return _xls_table(content, max_rows)
    if content.startswith(b"%PDF-"):
        raise FileProblem("unsupported_file_type", _("A PDF cannot be imported. Upload .xlsx or .csv."), 415)
    if content.startswith(b"PK\x03\x04") and extension not in (".ods", ".docx"):
        return _xlsx_table(content, max_rows)
    if extension == ".xls" and looks_like_html(content):
        text, encoding = decode_text(content)
        return _table(_limited(html_rows(text, MAX_COLUMNS)), max_rows, file_type="html", encoding=encoding)
    if extension in XLSX_EXTENSIONS:
        raise FileProblem("broken_file", _("This .xlsx file is damaged and cannot be opened."))
    if extension not in TEXT_EXTENSIONS:
        raise FileProblem(
            "unsupported_file_type",
            _("Files of type %(type)s cannot be imported. Upload .xlsx or .csv.", type=extension),
            415,
        )
    text, encoding = decode_text(content)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = ([_without_formula_guard(cell) for cell in record] for record in reader)
    try:
        return _table(records, max_rows, file_type="csv", encoding=encoding, delimiter=delimiter)
    except csv.Error as error:
        raise FileProblem(
            "broken_file", _("This CSV file cannot be read: a cell is far too long or a quote is not closed.")
        ) from error


def decode_text(content):
    """(text, encoding) of a CSV: UTF-8 with or without BOM, UTF-16 with BOM, else Thai Windows (cp874)."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    elif content.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    else:
        # Strict UTF-8 first: Thai in TIS-620 is almost never valid UTF-8, the reverse often is cp874.
        candidates = ("utf-8", "cp874")
    for encoding in candidates:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, encoding
    raise FileProblem(
        "unsupported_file_type",
        _("This is not a text (CSV) file. Upload .xlsx or .csv saved from Excel."),
        415,
    )


def _looks_like_text(text):
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\r\n")
    return "\x00" not in text and controls <= len(text[:20000]) // 1000


def _without_formula_guard(cell):
    """Drop the apostrophe our CSV export puts before a leading =, +, - or @ (see exporting)."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell


def sniff_delimiter(text):
    """Comma, semicolon (Excel in some locales) or tab (Excel's "Unicode text"): the commonest in line 1."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _xlsx_table(content, max_rows):
    from openpyxl import load_workbook

    _refuse_a_zip_bomb(content)
    # openpyxl raises whatever its XML and zip layers raise on a damaged file, and warns
    # about styles and extensions it skips: neither is the person's concern.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:
            raise FileProblem(
                "broken_file", _("This file is damaged or is not an Excel workbook (.xlsx).")
            ) from error
        try:
            sheets = (
                (sheet.title, sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True))
                for sheet in workbook.worksheets
            )
            return _first_table(sheets, max_rows, file_type="xlsx")
        except FileProblem:
            raise
        except Exception as error:
            raise FileProblem("broken_file", _("This .xlsx file is damaged and cannot be read.")) from error
        finally:
            workbook.close()


def _refuse_a_zip_bomb(content):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FileProblem(
            "broken_file", _("This file is damaged or is not an Excel workbook (.xlsx).")
        ) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileProblem(
            "too_large",
            _(
                "This workbook unpacks to more than %(size)d MB. Split it into smaller files.",
                size=MAX_UNPACKED_BYTES // (1024 * 1024),
            ),
            413,
        )


def _encrypted():
    return FileProblem(
        "encrypted_file",
        _("This workbook is protected with a password. Remove the password in Excel and save it again."),
    )


def _xls_table(content, max_rows):
    try:
        with contextlib.closing(xls_sheets(content, MAX_COLUMNS)) as sheets:
            return _first_table(sheets, max_rows, file_type="xls")
    except EncryptedWorkbook as error:
        raise _encrypted() from error
    except BrokenWorkbook as error:
        raise FileProblem(
            "broken_file", _("This .xls file is damaged or is not an Excel workbook.")
        ) from error


def _first_table(sheets, max_rows, **about):
    """The table on the first sheet that has one: a workbook may open with a cover or a sheet of
    instructions before the list."""
    first_problem = None
    for name, rows in sheets:
        try:
            return _table(_limited(rows), max_rows, sheet=name, **about)
        except FileProblem as problem:
            if problem.code not in ("no_header", "no_rows"):
                raise
            first_problem = first_problem or problem
    raise first_problem


def _limited(rows):
    empty_run = 0
    for row in rows:
        empty_run = 0 if any(_filled(v) for v in row) else empty_run + 1
        if empty_run > MAX_EMPTY_RUN:
            return
        yield row


def _filled(value):
    return value is not None and cell_text(value) != ""


def _table(records, max_rows, **about):
    header, header_row, rows = None, 0, []
    for number, record in enumerate(records, start=1):
        cells = list(record)[:MAX_COLUMNS]
        if not any(_filled(v) for v in cells):
            continue
        if header is None:
            if number > HEADER_SEARCH_ROWS:
                break
            if _recognised(cells):
                header, header_row = cells, number
            continue
        if len(rows) >= max_rows:
            raise FileProblem(
                "too_many_rows",
                _("The file has more than %(limit)d rows. Split it into smaller files.", limit=max_rows),
            )
        rows.append((number, cells))
    if header is None:
        raise FileProblem(
            "no_header",
            _(
                "No row of column titles was found. The first row must hold titles such as "
                "ชื่อองค์กร, ประเภทองค์กร, อำเภอ (download the template to see them all)."
            ),
        )
    if not rows:
        raise FileProblem("no_rows", _("The file has column titles but no organizations below them."))
    width = max(_width(header), *(_width(cells) for _, cells in rows))
    headers = [cell_text(v) for v in header[:width]] + [""] * (width - len(header))
    rows = [(number, (cells + [None] * width)[:width]) for number, cells in rows]
    return Table(headers=headers, header_row=header_row, rows=rows, **about)


def _width(cells):
    return max((i + 1 for i, value in enumerate(cells) if _filled(value)), default=0)


def _recognised(cells):
    return any(title_key(cell_text(v)) in TITLES for v in cells if _filled(v))
