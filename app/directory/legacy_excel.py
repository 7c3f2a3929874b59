"""Files that arrive under an .xls name: real Excel 97–2003 workbooks, and the web pages and
tab-separated text that many government systems export and name .xls, which Excel opens alike.

Offices keep their lists in whatever their old systems gave them; a person cannot tell these
apart and should not have to convert them first.
"""

import io
import re
from html.parser import HTMLParser

#: The start of an old-style Office file (.xls, or an .xlsx with a password).
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The stream Office writes into the old container when it encrypts an .xlsx or .docx.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?<(!doctype html|html|table|meta|head)\b", re.I)


class BrokenWorkbook(Exception):
    """The file in the old container is damaged, or is not an Excel workbook."""


class EncryptedWorkbook(BrokenWorkbook):
    """The workbook needs a password to open."""


def is_encrypted_office_file(content):
    return content.startswith(OLE_MAGIC) and _ENCRYPTED_PACKAGE in content


def looks_like_html(content):
    return bool(_HTML_START.match(content[:2048].lstrip(b"\xef\xbb\xbf")))


def xls_sheets(content, max_columns):
    """(name, rows) of each sheet of an Excel 97–2003 workbook in turn, a sheet read when it is reached.

    Values come as openpyxl gives them: text, numbers, datetimes, booleans, None for empty.
    :raise BrokenWorkbook: (or EncryptedWorkbook) for a file in the old container that cannot be read.
    """
    import xlrd

    try:
        # xlrd writes its warnings to a log file, stdout by default: they are not the person's concern.
        book = xlrd.open_workbook(file_contents=content, on_demand=True, logfile=io.StringIO())
    except xlrd.XLRDError as error:
        if "encrypted" in str(error).lower():
            raise EncryptedWorkbook() from error
        raise BrokenWorkbook() from error
    except Exception as error:
        raise BrokenWorkbook() from error
    try:
        for index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(index)
                rows = [
                    [_value(cell, book.datemode) for cell in sheet.row(number)[:max_columns]]
                    for number in range(sheet.nrows)
                ]
            except Exception as error:
                raise BrokenWorkbook() from error
            yield sheet.name, rows
    finally:
        book.release_resources()


def _value(cell, datemode):
    import xlrd

    if cell.ctype == xlrd.XL_CELL_TEXT:
        return cell.value
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return cell.value
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return None


def html_rows(text, max_columns):
    """The rows of the tables of a web page saved as .xls, each a list of its cells' texts."""
    parser = _TableParser(max_columns)
    parser.feed(text)
    parser.close()
    return parser.rows


class _TableParser(HTMLParser):
    """Collects the text of every <td>/<th> by <tr>; a cell is a list of its lines (split at <br>)."""

    def __init__(self, max_columns):
        super().__init__(convert_charrefs=True)
        self.max_columns = max_columns
        self.rows, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._end_row()
            self._row = []
        elif tag in ("td", "th"):
            self._end_cell()
            if self._row is None:
                self._row = []
            self._cell = [""]
        elif tag == "br" and self._cell is not None:
            self._cell.append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._end_cell()
        elif tag in ("tr", "table"):
            self._end_row()

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[-1] += data

    def close(self):
        super().close()
        self._end_row()

    def _end_cell(self):
        if self._cell is not None and self._row is not None and len(self._row) < self.max_columns:
            # The page's own line breaks and indents are layout; a <br> is a line of the cell.
            lines = (" ".join(line.split()) for line in self._cell)
            self._row.append("\n".join(line for line in lines if line) or None)
        self._cell = None

    def _end_row(self):
        self._end_cell()
        if self._row is not None:
            self.rows.append(self._row)
        self._row = None
