"""Thai text extracts from the PDFs exactly as it was stored (the font of tools/copyable_font.py).

No skeleton: SARA AM, SARA AM under a tone mark, tone marks over upper vowels, the
thanthakhat and Thai digits all come back character for character, through pdfplumber and
through poppler's pdftotext (what a PDF viewer copies and searches).
"""

import os
import unicodedata
from datetime import date

import pytest

from app.reports.pdf import render_pdf
from tests.pdf_helpers import embedded_fonts, page_texts, pdftotext_pages

pytestmark = pytest.mark.layout

WORDS_FILE = os.path.join(os.path.dirname(__file__), "thai_words.txt")


def common_words():
    with open(WORDS_FILE, encoding="utf-8") as file:
        return [line.strip() for line in file if line.strip() and not line.startswith("#")]


def test_the_list_is_long_and_holds_every_hard_case():
    words = common_words()
    assert len(words) >= 200 and len(set(words)) == len(words)
    text = "".join(words)
    assert sum("\u0e33" in word for word in words) >= 60  # SARA AM
    for tone in "\u0e48\u0e49\u0e4a\u0e4b":
        assert tone + "\u0e33" in text  # SARA AM under each tone mark
        assert any(vowel + tone in text for vowel in "\u0e31\u0e34\u0e35\u0e36\u0e37")  # stacked
    assert "\u0e4c" in text and all(digit in text for digit in "๐๑๒๓๔๕๖๗๘๙")
    assert all(unicodedata.is_normalized("NFC", word) for word in words)


@pytest.fixture(scope="module")
def words_pdf(app):
    with app.test_request_context():
        return render_pdf("pdf/words.html", words=common_words(), printed_on=date(2025, 11, 26))


def _lines(pages, office):
    """The extracted lines, the running header (the office, the title) and footer left out."""
    lines = [line.strip() for page in pages for line in page.splitlines()]
    header = (office, "words", "พิมพ์เมื่อ", "หน้า ")
    return [line for line in lines if line and not line.startswith(header)]


def test_every_word_extracts_exactly_through_pdfplumber(words_pdf, app):
    assert _lines(page_texts(words_pdf), app.config["OFFICE_NAME"]) == common_words() * 2


def test_every_word_extracts_exactly_through_pdftotext(words_pdf, app):
    assert _lines(pdftotext_pages(words_pdf), app.config["OFFICE_NAME"]) == common_words() * 2


def test_the_header_extracts_exactly_too(words_pdf, app):
    office = app.config["OFFICE_NAME"]
    for pages in (page_texts(words_pdf), pdftotext_pages(words_pdf)):
        assert all(office in page for page in pages)


def test_the_documents_embed_the_modified_font_under_its_own_name(words_pdf):
    assert embedded_fonts(words_pdf) == {"Forums-Thai": True, "Forums-Thai-Bold": True}


def test_the_committed_fonts_are_the_build_of_tools_copyable_font(tmp_path):
    """static/fonts/ForumsThai-*.ttf are what `make fonts` makes from the Sarabun files beside them."""
    import shutil

    from tools import copyable_font

    for source in copyable_font.BUILDS:
        shutil.copy(os.path.join(copyable_font.FONTS, source), tmp_path / source)
    copyable_font.main(str(tmp_path))
    for target, _ in copyable_font.BUILDS.values():
        with open(os.path.join(copyable_font.FONTS, target), "rb") as committed:
            assert (tmp_path / target).read_bytes() == committed.read(), target
