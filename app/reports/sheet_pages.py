"""Where the sign-in sheet's pages start, foretold from its rows' heights, so that its parts can be
laid out side by side (app/reports/parallel_parts.py checks every guess).

A row of the sheet is as tall as its least height, or as its tallest cell: its lines of text, and
the same padding and borders. The lines a name, an organization or a position takes
are counted by Pango in the column's width and style, as WeasyPrint lays them out. The rest
(where the first row of the first page starts, a table's head, the room between two groups'
tables, the page's bottom) is read from a small sheet laid out first: the first row of each group.
"""

import itertools

from weasyprint.formatting_structure import boxes
from weasyprint.text.line_break import create_layout

from app.reports.pdf import Part

#: Pixels of rounding a row may overrun the page by and still be foretold to fit.
EPSILON = 0.01
#: The cells of a person's row whose text may run onto more lines (name, organization, position).
TEXT_CELLS = (1, 2, 3)


def cell_texts(row):
    registration = row.registration
    return (registration.full_name, registration.organization_display or "", registration.position or "")


def lines_of(text, cell):
    """The lines ``text`` takes in a cell like ``cell`` (a laid-out table cell)."""
    lines = 1
    while text:
        _line, resume = create_layout(text, cell.style, None, cell.width, 0).get_first_line()
        if resume is None:
            return lines
        text = text.encode()[resume:].decode()
        lines += 1
    return lines


def _row_boxes(table):
    """The table's rows of the list: those whose first cell has the row's anchor."""
    return [
        box
        for box in table.descendants()
        if isinstance(box, boxes.TableRowBox) and _anchor(box).startswith("row-")
    ]


def _anchor(row_box):
    return (row_box.children[0].element.get("id") if row_box.children else None) or ""


class SheetPages:
    """The sheet's geometry, read from the laid-out first row of each group."""

    def __init__(self, rows, document):
        self.rows = rows
        self.line_counts = {}
        tables = []
        for page in document.pages:
            page_box = page._page_box
            for table in (box for box in page_box.descendants() if isinstance(box, boxes.TableBox)):
                tables.append((page_box, table, _row_boxes(table)))
        page_box, table, (first, *_others) = tables[0]
        self.top = page_box.content_box_y()
        self.bottom = self.top + page_box.height
        self.first_y = first.position_y
        self.head = first.position_y - table.position_y
        # From one group's last row to the next one's first, on the same page: margin, borders and head.
        self.gap = next(
            (
                after[0].position_y - (before[-1].position_y + before[-1].height)
                for (page, _t, before), (next_page, _n, after) in itertools.pairwise(tables)
                if page is next_page
            ),
            self.head,
        )
        self.heights = {}  # a blank row's height, and a person's row's parts
        for _page, _table, (row_box,) in tables:
            row = rows[int(_anchor(row_box)[4:]) - 1]
            if row.registration is None:
                self.heights.setdefault("blank", row_box.height)
            elif "least" not in self.heights:
                cells = row_box.children
                self.cells = [cells[index] for index in TEXT_CELLS]
                self.line_height = _line_height(cells[TEXT_CELLS[0]])
                # The row's least height is its own (the template sets it on the row); taller text
                # makes it as tall as the text, the cells' padding and their share of the rules.
                self.heights["least"] = row_box.style["height"].value
                self.heights["frame"] = _frame(cells[TEXT_CELLS[0]])

    def lines(self, row):
        counts = []
        for column, (text, cell) in enumerate(zip(cell_texts(row), self.cells, strict=True)):
            key = (column, text)
            if key not in self.line_counts:
                self.line_counts[key] = lines_of(text, cell)
            counts.append(self.line_counts[key])
        return max(counts)

    def height(self, row):
        if row.registration is None:
            return self.heights["blank"]
        return max(self.heights["least"], self.lines(row) * self.line_height + self.heights["frame"])

    def page_tops(self, start):
        """The rows (0-based) that begin pages after row ``start``, which begins one."""
        y = self.first_y if start == 0 else self.top + self.head
        group = self.rows[start].group
        for index in range(start, len(self.rows)):
            row = self.rows[index]
            height = self.height(row)
            if row.group != group:
                y += self.gap
                group = row.group
            if index > start and y + height > self.bottom + EPSILON:
                yield index
                y = self.top + self.head
            y += height


def _line_height(cell):
    line_height = cell.style["line_height"]
    if getattr(line_height, "unit", None) is None:  # a number: times the font size
        return getattr(line_height, "value", line_height) * cell.style["font_size"]
    return line_height.value


def _frame(cell):
    """A laid-out cell's height beyond its text: its padding as set (WeasyPrint pads a cell further to
    centre it in its row) and its borders."""
    style = cell.style
    padding = style["padding_top"].value + style["padding_bottom"].value
    return padding + cell.border_top_width + cell.border_bottom_width


def foretell(rows):
    """``page_tops`` for app.reports.pdf.build_pdf_in_parts: lays the first row of each group out
    and returns the foretelling."""

    def measured(lay_out):
        firsts = [(n, row) for n, row in enumerate(rows, 1) if n == 1 or rows[n - 2].group != row.group]
        document = lay_out(Part(firsts, first=True, last=False))
        return SheetPages(rows, document).page_tops

    return measured
