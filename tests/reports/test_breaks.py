"""Where printed lines may break (app/reports/breaks.py): names, numbers with a slash, links, titles.

Each case is rendered twice, with and without its filter, in a box narrow enough that the
plain text does break where it must not: so the test shows the filter is what keeps it whole.
"""

from datetime import date

import pytest
from markupsafe import Markup

from app.reports import breaks
from app.reports.pdf import render_pdf
from tests.pdf_helpers import page_texts

pytestmark = pytest.mark.layout

NAME = "นายสมชาย แก้วประเสริฐ"
NUMBERED = "เวทีสมัชชาองค์กรสวัสดิการชุมชน ครั้งที่ 1/2570"
URL = "https://forum.example.go.th/f/AbCdEfGhIjKl/register?invitation=QwErTyUiOpAsDfGh"
TITLE = "เวทีแลกเปลี่ยนเรียนรู้เครือข่ายสวัสดิการชุมชนจังหวัดพิษณุโลก ประจำปี 2561"


def test_the_filters_change_no_character():
    for text, name in ((NAME, "keep_words"), (NUMBERED, "keep_numbers"), (TITLE, "no_lone_last_word")):
        html = str(getattr(breaks, name)(text))
        assert Markup(html).striptags() == text
    assert Markup(str(breaks.url_parts(URL)).replace("<wbr>", "")).striptags() == URL
    assert str(breaks.keep_numbers("<b>1/2</b>")) == '<span class="nobreak">&lt;b&gt;1/2&lt;/b&gt;</span>'


@pytest.fixture(scope="module")
def lines(app):
    """The lines of each page: the filtered text on the first, the plain text on the second."""
    with app.test_request_context():
        pdf = render_pdf(
            "pdf/breaks.html",
            name=NAME,
            name_mm=16,
            numbered=NUMBERED,
            number_mm=80,
            url=URL,
            url_mm=40,
            title=TITLE,
            title_mm=126,
            printed_on=date(2025, 11, 26),
        )
    return [
        [line for line in text.splitlines() if line and "breaks" not in line and "พิมพ์" not in line]
        for text in page_texts(pdf)
    ]


def test_a_name_breaks_only_at_its_spaces(lines):
    kept, plain = lines
    assert any("แก้วประเสริฐ" in line for line in kept)
    assert not any(line.endswith("แก้ว") for line in kept)
    assert any(line.endswith("แก้ว") for line in plain)  # what it prevents


def test_a_number_with_a_slash_stays_whole(lines):
    kept, plain = lines
    assert any("1/2570" in line for line in kept)
    assert not any("1/2570" in line for line in plain)


def _url_lines(lines):
    """The lines the link was set on."""
    start = next(n for n, line in enumerate(lines) if line.startswith("https:"))
    taken = []
    while "".join(taken) != URL:
        taken.append(lines[start + len(taken)])
    return taken


def test_a_link_breaks_only_after_a_separator(lines):
    kept, plain = (_url_lines(page) for page in lines)
    assert len(kept) > 1 and all(line[-1] in "/.?&=" for line in kept[:-1])
    assert any(line[-1] not in "/.?&=" for line in plain[:-1])  # left to itself, it breaks inside a part


def test_the_year_is_never_alone_on_the_last_line_of_a_title(lines):
    kept, plain = lines
    assert "2561" not in kept and any(line.endswith("ประจำปี 2561") for line in kept)
    assert "2561" in plain  # alone on a line, without the filter
