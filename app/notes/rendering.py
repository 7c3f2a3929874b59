"""Notes are written in simple Markdown and shown as sanitised HTML.

Two guards: Markdown is told to treat raw HTML as text (so `<script>` shows as
typed), and its output goes through nh3 with a short allow-list of tags, no
attributes but a link's address and title, and only web, mail and phone links.
"""

import re

import markdown
import nh3
from markupsafe import Markup

TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre", "hr", "a",
    "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _markdown():
    md = markdown.Markdown(extensions=["nl2br", "sane_lists"], output_format="html")
    # Raw HTML in a note is text, not markup.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def render_markdown(text):
    """A note's Markdown as safe HTML: no script, no raw HTML, no event handlers, safe links only."""
    clean = nh3.clean(
        _markdown().convert(text or ""),
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(clean)


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"[*_`#>]+|^\s*[-+]\s+", re.M)


def plain_excerpt(text, length=160):
    """The first words of a note without its Markdown marks, for choices and lists (as plain text)."""
    plain = " ".join(_MARKS.sub("", _LINK.sub(r"\1", text or "")).split())
    return plain if len(plain) <= length else plain[: length - 1].rstrip() + "…"
