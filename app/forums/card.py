"""The forum's card image (1200×630 PNG) that LINE and Facebook show for a shared link."""

import ctypes
import ctypes.util
import io
import os
import re

from flask import current_app
from flask_babel import force_locale
from PIL import Image, ImageDraw, ImageFont, features

from app.forums import labels
from app.forums.display import when_text_thai

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
BLUE = (31, 95, 139)
INK = (28, 36, 44)
MUTED = (84, 96, 108)
PALE = (232, 240, 246)
LINE_SPACING = 1.3
# Characters that never start a line in Thai: vowels and marks written above, below or after a consonant.
_NO_LINE_START = re.compile("[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]")
_LEADING_VOWELS = "เแโใไ"


def _libthai():
    name = ctypes.util.find_library("thai") or "libthai.so.0"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    lib.th_brk_new.restype = ctypes.c_void_p
    lib.th_brk_new.argtypes = [ctypes.c_char_p]
    lib.th_brk_delete.argtypes = [ctypes.c_void_p]
    lib.th_brk_find_breaks.restype = ctypes.c_int
    lib.th_brk_find_breaks.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.POINTER(ctypes.c_int),
        ctypes.c_size_t,
    ]
    return lib


_LIBTHAI = _libthai()


def break_points(text):
    """Where a line may break in text: after spaces, and between Thai words.

    Thai has no spaces between words, so word ends come from libthai's dictionary
    (the library Pango uses for the PDFs). Without libthai any place between two
    characters where the second may start a line is taken.
    """
    points = {i + 1 for i, ch in enumerate(text) if ch == " "}
    if _LIBTHAI is not None:
        # TIS-620 has one byte per Thai character, so byte offsets are character offsets.
        data = text.encode("tis-620", errors="replace")
        found = (ctypes.c_int * (len(data) + 1))()
        breaker = _LIBTHAI.th_brk_new(None)
        try:
            count = _LIBTHAI.th_brk_find_breaks(breaker, data, found, len(data) + 1)
        finally:
            _LIBTHAI.th_brk_delete(breaker)
        points.update(found[:count])
    else:
        points.update(
            i
            for i in range(1, len(text))
            if not _NO_LINE_START.match(text[i]) and text[i - 1] not in _LEADING_VOWELS
        )
    return sorted(p for p in points if 0 < p < len(text))


def wrap(text, font, width):
    """Lines of text no wider than width, broken where break_points allows (an overlong word stands alone)."""
    points = [*break_points(text), len(text)]
    lines, start = [], 0
    while start < len(text):
        candidates = [p for p in points if p > start]
        end = candidates[0]
        for point in candidates:
            if font.getlength(text[start:point].strip()) > width:
                break
            end = point
        lines.append(text[start:end].strip())
        start = end
    return [line for line in lines if line]


def _font(bold, size):
    name = "Sarabun_700Bold.ttf" if bold else "Sarabun_400Regular.ttf"
    path = os.path.join(current_app.static_folder, "fonts", name)
    # Raqm shapes Thai (marks above and below their consonant); the basic layout would misplace them.
    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(path, size, layout_engine=engine)


def _fit_title(title, width, height):
    """The largest bold font (and its lines) that fits the title in the box; overflow ends in an ellipsis."""
    for size in (68, 62, 56, 50, 46, 42, 38):
        font = _font(True, size)
        lines = wrap(title, font, width)
        if len(lines) * size * LINE_SPACING <= height:
            return font, lines
    fitting = max(1, int(height // (size * LINE_SPACING)))
    return font, [*lines[: fitting - 1], lines[fitting - 1] + "…"]


def _text(draw, xy, text, font, fill):
    draw.text(xy, text, font=font, fill=fill, language="th")


def render_card(forum, office_name, address_line):
    """The card as PNG bytes: office, kind, title, date and time, venue, and where to register."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 96), fill=BLUE)
    _text(draw, (MARGIN, 26), office_name, _font(False, 30), "white")
    with force_locale("th"):
        kind = str(labels.KIND_LABELS[forum.kind])
    kind_font = _font(True, 28)
    kind_width = kind_font.getlength(kind) + 40
    draw.rounded_rectangle((MARGIN, 128, MARGIN + kind_width, 176), radius=24, fill=PALE)
    _text(draw, (MARGIN + 20, 134), kind, kind_font, BLUE)

    detail_font = _font(False, 32)
    band_top = HEIGHT - 64
    venue_y = band_top - 64
    when_y = venue_y - 50
    title_top = 196
    title_font, title_lines = _fit_title(forum.title, WIDTH - 2 * MARGIN, when_y - 16 - title_top)
    y = title_top
    for line in title_lines:
        _text(draw, (MARGIN, y), line, title_font, INK)
        y += int(title_font.size * LINE_SPACING)

    _text(draw, (MARGIN, when_y), when_text_thai(forum), detail_font, INK)
    venue = " ".join(part for part in (forum.venue_name, forum.venue_address) if part)
    venue_lines = wrap(venue, detail_font, WIDTH - 2 * MARGIN - 40)
    if venue_lines:
        more = "…" if len(venue_lines) > 1 else ""
        _text(draw, (MARGIN, venue_y), venue_lines[0] + more, detail_font, MUTED)

    draw.rectangle((0, band_top, WIDTH, HEIGHT), fill=PALE)
    _text(draw, (MARGIN, band_top + 10), address_line, _font(True, 28), BLUE)
    output = io.BytesIO()
    image.save(output, "PNG")
    return output.getvalue()
