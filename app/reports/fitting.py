"""Fitting a name into a fixed box (a badge, a certificate) by choosing its font size.

A printed name is never cut inside a word: its words (split at spaces) are kept whole
and the lines break only between them, so the size is the largest at which the longest
word fits the width and all the words fit the number of lines. Widths are measured with
the fonts the PDFs embed (Forums Thai, made from Sarabun; Pillow shapes Thai with libraqm
when it has it).
"""

import os
from functools import lru_cache

from flask import current_app
from PIL import ImageFont

FONT_FILES = {True: "fonts/ForumsThai-Bold.ttf", False: "fonts/ForumsThai-Regular.ttf"}
#: Measured at this size and scaled: one font object serves every size.
MEASURE_PT = 100
MM = 72 / 25.4
#: What Pango lays out may come out a little wider than Pillow's measure.
SAFETY = 0.94


@lru_cache(maxsize=4)
def _font(path):
    return ImageFont.truetype(path, MEASURE_PT)


@lru_cache(maxsize=4096)
def _width_at_measure(path, text):
    # A name's words and the space are measured again at every size tried, and the same
    # words (prefixes, common surnames) recur from name to name.
    return _font(path).getlength(text)


def text_width_pt(text, size_pt, bold=True):
    """The width of one line of text in points at ``size_pt``."""
    path = os.path.join(current_app.static_folder, FONT_FILES[bold])
    return _width_at_measure(path, text) * size_pt / MEASURE_PT


def _lines_needed(words, size_pt, width_pt, bold):
    space = text_width_pt(" ", size_pt, bold)
    lines, used = 1, 0.0
    for word in words:
        width = text_width_pt(word, size_pt, bold)
        if used and used + space + width > width_pt:
            lines, used = lines + 1, width
        else:
            used += (space if used else 0) + width
    return lines


def lines_needed(text, size_pt, width_mm, bold=True):
    """The lines the text takes at ``size_pt`` in ``width_mm`` when it breaks only at its spaces."""
    return _lines_needed(text.split() or [""], size_pt, width_mm * MM * SAFETY, bold)


def fitting_size(text, width_mm, largest_pt, smallest_pt, lines=2, bold=True, step=0.5, by_spaces=True):
    """The largest font size (pt, from ``largest_pt`` down to ``smallest_pt``) at which the text
    fits ``width_mm`` in at most ``lines`` lines; ``smallest_pt`` if none does.

    ``by_spaces``: lines break only at spaces (a name, printed with its words kept whole).
    Otherwise Pango breaks Thai between the words of libthai's dictionary (an organization's
    name), so the text's whole width counts, with room for ragged line ends.
    """
    words = text.split() or [""]
    width_pt = width_mm * MM * SAFETY
    size = largest_pt
    while size > smallest_pt:
        if by_spaces:
            fits_words = max(text_width_pt(w, size, bold) for w in words) <= width_pt
            if fits_words and _lines_needed(words, size, width_pt, bold) <= lines:
                return size
        elif text_width_pt(text, size, bold) <= width_pt * (lines - 0.35 * (lines - 1)):
            return size
        size -= step
    return smallest_pt
