"""Reading PDFs back in tests: text, fonts, pages as images, QR codes.

The documents' font (Forums Thai, tools/copyable_font.py) makes Thai extract exactly as it
was stored, SARA AM and stacked marks included, so text is compared character for
character: :func:`contains` only lets a line break of the layout stand where the expected
text has a space or runs on. Needs poppler-utils (pdftotext, pdftoppm, pdffonts).
"""

import io
import os
import re
import subprocess
import tempfile
import unicodedata
from contextlib import contextmanager

import pdfplumber
import zxingcpp
from pdfplumber.utils import extract_text
from pdfplumber.utils.text import WordExtractor
from PIL import Image


def _marks_on_their_base(chars):
    """The page's characters with each combining mark joined to the character before it.

    pdfplumber orders a line's characters by where each starts; a Thai mark has no width
    and starts where its consonant ends, exactly where the next consonant starts (or a
    rounding before it), so "สัง" could come out as "สงั". The PDF writes each mark right
    after its consonant, as it is stored, so the mark stays with the character it follows.
    """
    joined = []
    for char in chars:
        text = char["text"]
        if joined and text and unicodedata.category(text[0]) == "Mn":
            base = joined[-1]
            joined[-1] = {**base, "text": base["text"] + text, "x1": max(base["x1"], char["x1"])}
        else:
            joined.append(char)
    return joined


def thai_page(page):
    """A pdfplumber page whose text (extract_text, tables, crops, lines) keeps each mark on its consonant."""
    page.objects["char"] = _marks_on_their_base(page.objects.get("char", []))
    return page


@contextmanager
def thai_pages(pdf):
    """The pages of the PDF as :func:`thai_page` gives them, while the PDF is open."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        yield [thai_page(page) for page in document.pages]


def page_texts(pdf):
    """The text of each page, as pdfplumber extracts it (each mark kept on its consonant)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [extract_text(_marks_on_their_base(page.chars)) for page in document.pages]


def pdftotext_pages(pdf):
    """The text of each page, as poppler's pdftotext extracts it in the order the PDF writes it (-raw).

    Its default mode rebuilds the reading order from where each glyph is drawn and puts a few
    bold marks (ผู้น, ปฏิบัติ) on a line of their own; -raw is the order a viewer copies.
    """
    return _with_file(pdf, ["pdftotext", "-raw", "-enc", "UTF-8"], output="-").decode().split("\f")[:-1]


def text_pattern(expected):
    """A regular expression of the expected text, character for character, that lets the
    layout break a line where the text has a space, or before any character but a mark
    (Thai breaks lines between words that have no space between them)."""
    pattern = ""
    for char in unicodedata.normalize("NFC", expected):
        if char == " ":
            pattern = pattern.removesuffix("\n?") + "[ \n]"
        elif unicodedata.category(char) == "Mn" or not pattern or pattern.endswith("[ \n]"):
            pattern += re.escape(char)
        else:
            pattern += "\n?" + re.escape(char)
    return re.compile(pattern)


def matches(text, expected):
    """Whether the extracted text is the expected (stored) text exactly, lines broken anywhere."""
    return text_pattern(expected).fullmatch(text) is not None


def contains(text, expected):
    """Whether the extracted text holds the expected (stored) text exactly, lines broken anywhere."""
    return text_pattern(expected).search(text) is not None


def page_lines(pdf, page_number):
    """The text lines of one page (1-based) with their positions: dicts of text, x0, x1, top, chars."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = thai_page(document.pages[page_number - 1])
        return page.width, page.extract_text_lines(strip=True, return_chars=True)


def page_words(pdf, page_number):
    """The words of one page (1-based) with their boxes, as pdfplumber splits them (at spaces)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[page_number - 1]
        return page.width, WordExtractor().extract_words(_marks_on_their_base(page.chars))


def page_count(pdf):
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def _with_file(pdf, command, output=None):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "document.pdf")
        with open(path, "wb") as file:
            file.write(pdf)
        return subprocess.run(
            [*command, path, *([output] if output else [])], check=True, capture_output=True
        ).stdout


def embedded_fonts(pdf):
    """{font name without the subset prefix: embedded?} as pdffonts reports them."""
    lines = _with_file(pdf, ["pdffonts"]).decode().splitlines()[2:]
    fonts = {}
    for line in lines:
        columns = line.split()
        name = columns[0].split("+", 1)[-1]
        # The columns from the right: emb sub uni object ID (the type may hold spaces).
        fonts[name] = columns[-5] == "yes"
    return fonts


def page_image(pdf, page_number=1, dpi=150):
    """One page (1-based) rendered by poppler's pdftoppm, as a PIL image."""
    page = str(page_number)
    png = _with_file(pdf, ["pdftoppm", "-png", "-r", str(dpi), "-f", page, "-l", page])
    return Image.open(io.BytesIO(png))


def decode_qr_codes(image):
    """The texts of the QR codes zxing-cpp finds in the image."""
    return [result.text for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def qr_codes_on_page(pdf, page_number=1, dpi=150):
    return decode_qr_codes(page_image(pdf, page_number, dpi))
