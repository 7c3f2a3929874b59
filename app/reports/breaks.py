"""Where printed text may break a line: the rules the documents' templates apply as filters.

Pango breaks Thai between the words of libthai's dictionary, and the print stylesheet lets
any over-long run break anywhere (``overflow-wrap``). That splits what must stay whole:

- a person's name, which the dictionary cuts into pieces ("แก้ว|ประเสริฐ"): ``keep_words``
  keeps each space-separated word of it on one line (it breaks only at its spaces);
- a number with a slash ("ครั้งที่ 1/2570"): ``keep_numbers`` keeps it whole;
- a link: ``url_parts`` lets it break only after a "/", ".", "?", "&" or "=" of it;
- a year left alone on the last line of a title ("2561"): ``no_lone_last_word`` keeps the
  last word with the one before it.

Each wraps the pieces in ``<span class="nobreak">`` (white-space: nowrap, print.css) and
changes no character, so the text still extracts as it was stored.
"""

import re

from markupsafe import Markup, escape

_SLASHED_NUMBER = re.compile(r"\S*\d+/\d+\S*")
_URL_SEPARATORS = re.compile(r"(?<=[/.?&=])(?=[^/.?&=])")


def _nobreak(text):
    return Markup('<span class="nobreak">%s</span>') % text


def keep_words(value):
    """Each space-separated word of the text on one line (a name breaks only at its spaces).

    The space stays inside the word before it: WeasyPrint draws no space glyph between two
    spans, and pdfplumber would read the name run together.
    """
    words = str(value or "").split(" ")
    return Markup("").join(
        _nobreak(word + (" " if n < len(words) - 1 else "")) for n, word in enumerate(words)
    )


def keep_numbers(value):
    """The text with every number written with a slash ("1/2570", "ว 123/2561") kept whole."""
    text = str(value or "")
    parts, last = [], 0
    for match in _SLASHED_NUMBER.finditer(text):
        parts += [escape(text[last : match.start()]), _nobreak(match.group())]
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def url_parts(value):
    """A link that may break only between its parts: after a "/", ".", "?", "&" or "=" of it."""
    pieces = _URL_SEPARATORS.split(str(value or ""))
    return Markup("<wbr>").join(_nobreak(piece) for piece in pieces if piece)


def no_lone_last_word(value):
    """A title whose last word never stands alone on a line (kept with the word before it);
    numbers with a slash in it are kept whole too."""
    text = str(value or "")
    head, space, tail = text.rpartition(" ")
    if not space or not head:
        return keep_numbers(text)
    before, _, last_but_one = head.rpartition(" ")
    ending = _nobreak(f"{last_but_one} {tail}")
    return (keep_numbers(before) + Markup(" ") if before else Markup("")) + ending
