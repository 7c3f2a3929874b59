"""The columns of the directory's spreadsheets, shared by the export, its template and the import.

They are the exported fields of the organization's table (app/directory/record.py). The Thai
titles are a file format, not a translation: the export writes them whatever the reader's
language, and the import must still recognise old files when a label is reworded.
"""

import unicodedata

from app.directory.record import ORGANIZATION
from app.thai import THAI_DIGITS

#: Fields with .name (the column's field), .thai, .english, .label and .aliases.
COLUMNS = ORGANIZATION.columns()
BY_FIELD = {column.name: column for column in COLUMNS}


def title_key(title):
    """A column title reduced to what matters: letters, marks and digits, lower case.

    "E-mail", "e mail:" and "EMAIL *" are the same title; so are "อ." and "อ".
    """
    text = unicodedata.normalize("NFC", str(title or "")).translate(THAI_DIGITS).lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LMN")


def _titles():
    table = {}
    for column in COLUMNS:
        for title in (column.name, column.thai, column.english, *column.aliases):
            table.setdefault(title_key(title), column.name)
    return table


TITLES = _titles()


def guess_mapping(headers):
    """The field each column of a file holds (None: ignore it); a field is taken by its first column."""
    mapping, taken = [], set()
    for header in headers:
        field = TITLES.get(title_key(header))
        if field in taken:
            field = None
        mapping.append(field)
        if field:
            taken.add(field)
    return mapping
