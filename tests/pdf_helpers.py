"""Reading PDFs back in tests: text, the Thai skeleton, fonts, pages as images, QR codes.

Text extraction from any PDF loses a little Thai (SARA AM comes back as SARA AA, some
marks move: FIELD-NOTES "Thai in PDFs"), so Thai is compared on its skeleton; ASCII and
digits round-trip exactly. Needs poppler-utils (pdftoppm, pdffonts) on the machine.
"""

import io
import os
import re
import subprocess
import tempfile
import unicodedata

import pdfplumber
import zxingcpp
from PIL import Image

# Thai vowel and tone marks above and below the line (MAI HAN-AKAT, SARA I … PHINTHU,
# MAITAIKHU … YAMAKKAN) and whitespace.
_MARKS_AND_SPACE = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\s]")


def skeleton(text):
    """Thai text reduced to what survives extraction: ำ→า, no combining marks, no whitespace."""
    return _MARKS_AND_SPACE.sub("", unicodedata.normalize("NFC", text).replace("\u0e33", "\u0e32"))


def page_texts(pdf):
    """The text of each page, as pdfplumber extracts it."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() or "" for page in document.pages]


def page_lines(pdf, page_number):
    """The text lines of one page (1-based) with their positions: dicts of text, x0, x1, top, chars."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[page_number - 1]
        return page.width, page.extract_text_lines(strip=True, return_chars=True)


def page_count(pdf):
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def _with_file(pdf, command):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "document.pdf")
        with open(path, "wb") as file:
            file.write(pdf)
        return subprocess.run([*command, path], check=True, capture_output=True).stdout


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
