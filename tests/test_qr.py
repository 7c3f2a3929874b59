"""QR codes read back with zxing-cpp, as a phone's camera would read them."""

import base64
import io
import re

import pytest
from PIL import Image

from app import qr
from tests.pdf_helpers import decode_qr_codes

TICKET_URL = "https://forum.example.go.th/t/Zq3x_9bKc-2mVtR8sLw4yHn0aPe1dUoG"


@pytest.mark.parametrize(
    "url",
    [
        TICKET_URL,
        "http://127.0.0.1:5000/register/abc?lang=th&openExternalBrowser=1",
        "https://forum.example.go.th/เวที/2568?ชื่อ=สมใจ",
    ],
)
def test_png_decodes_to_the_url(url):
    image = Image.open(io.BytesIO(qr.qr_png(url)))
    assert image.format == "PNG"
    assert decode_qr_codes(image) == [url]


def test_png_has_the_quiet_zone_and_the_module_size_asked_for():
    image = Image.open(io.BytesIO(qr.qr_png(TICKET_URL, module_px=4))).convert("L")
    modules = image.width // 4
    assert image.width == image.height == modules * 4
    # Four light modules on every side, then the dark corner of a finder pattern.
    assert image.getpixel((4 * 4 - 1, 4 * 4 - 1)) == 255
    assert image.getpixel((4 * 4, 4 * 4)) == 0
    assert decode_qr_codes(image) == [TICKET_URL]


def test_svg_is_one_scalable_element_without_ids():
    svg = str(qr.qr_svg(TICKET_URL, label='ตั๋ว "A" <1>'))
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    assert size == 41  # version 4 (33 modules) and the quiet zone
    assert " id=" not in svg and " width=" not in svg.split(">")[0]
    assert 'aria-label="ตั๋ว &#34;A&#34; &lt;1&gt;"' in svg
    assert svg.count("<path") == 1


def test_svg_is_markup_for_templates():
    assert hasattr(qr.qr_svg(TICKET_URL), "__html__")


def test_data_uri_holds_the_same_svg():
    uri = qr.qr_data_uri(TICKET_URL)
    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix)
    assert base64.b64decode(uri[len(prefix) :]).decode() == str(qr.qr_svg(TICKET_URL))


@pytest.mark.parametrize("url", ["", "   ", None, "https://x.example/" + "a" * qr.MAX_URL_LENGTH])
def test_no_code_for_an_empty_or_overlong_url(url):
    with pytest.raises(ValueError):
        qr.qr_png(url)
