"""A4 PDFs from the HTML templates in templates/pdf/, made by WeasyPrint.

Every document extends templates/pdf/base.html: the fonts shipped in static/fonts
(Forums Thai, Sarabun made to copy as text by tools/copyable_font.py; never system fonts,
never split subsets: see FIELD-NOTES), the office's name and logo in a running header,
the Buddhist-era print date and "หน้า n จาก N" in the footer, Thai text always (the PDF is
an official paper, whatever the reader's interface language is).

Thai is broken into lines between words by Pango with libthai's dictionary: the
machine needs the Debian packages libpango-1.0-0, libpangoft2-1.0-0,
libharfbuzz-subset0 and libthai-data, or Thai lines run past the margin.

A long list (a sign-in sheet of 5,000) is made with render_pdf_in_parts: laid out and
written part by part, the parts' pages stacked into one PDF with pypdf; parts whose page
breaks the document can foretell are laid out side by side (app/reports/parallel_parts.py).
"""

import io
import os
import threading
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, render_template, send_file
from flask_babel import force_locale
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, path2url

from app.reports.collection import collection_held_back
from app.reports.local_files import LocalFilesOnly, MissingResource
from app.reports.parallel_parts import build_in_parallel, drop_row_anchors, next_start, write_in_parallel
from app.thai import BANGKOK

#: The emblem shipped with the app, under static/; OFFICE_LOGO replaces it.
DEFAULT_LOGO = "img/emblem.svg"
#: Rows per separately rendered part of a long document (see render_pdf_in_parts).
ROWS_PER_PART = 250
#: From this many rows on, a document that foretells its page breaks is laid out in worker
#: processes (PDF_WORKERS); below, starting them costs more than it saves.
PARALLEL_ROWS = 1000
#: Rows per part in a worker: smaller parts, since the workers' layouts are in memory at once.
ROWS_PER_WORKER_PART = 125


def _roots():
    return [current_app.static_folder, current_app.instance_path]


def _document_roots():
    """Where a document may load files from: the app's own, and the uploads (notes' photos)."""
    return [*_roots(), current_app.config["UPLOAD_FOLDER"]]


def local_html(html):
    """A WeasyPrint document of `html` that reads only the app's own files (every PDF is made so):
    relative paths are under static/, and nothing is fetched from the network."""
    static = current_app.static_folder.rstrip(os.sep) + os.sep
    return HTML(string=html, base_url=static, url_fetcher=LocalFilesOnly(_document_roots()))


def office_logo_url():
    """A file:// URL of the office's logo (setting OFFICE_LOGO), or None for no logo.

    OFFICE_LOGO is a path under instance/ or static/ (relative, or absolute inside
    them); an empty value means no logo. A logo that is not there falls back to the
    shipped emblem, with a warning in the log, rather than failing every document.
    """
    return image_url("OFFICE_LOGO", DEFAULT_LOGO)


def image_url(setting_name, fallback=None):
    """A file:// URL of the image a setting names under instance/ or static/; None when it is empty.

    An image that is not there is logged and replaced by ``fallback`` (under static/), or left out.
    """
    setting = current_app.config.get(setting_name, fallback)
    if not setting:
        return None
    roots = [os.path.realpath(root) for root in _roots()]
    candidates = [setting] if os.path.isabs(setting) else [os.path.join(root, setting) for root in roots]
    for candidate in candidates:
        path = os.path.realpath(candidate)
        if os.path.isfile(path) and any(path.startswith(root + os.sep) for root in roots):
            return path2url(path)
    current_app.logger.warning("%s %r is not a file under instance/ or static/", setting_name, setting)
    return path2url(os.path.join(current_app.static_folder, fallback)) if fallback else None


_thread_fonts = threading.local()


def _font_config():
    """This thread's WeasyPrint font configuration, made at its first document and kept: the shipped
    fonts' @font-face rules are loaded into it once (they cost a new configuration about 50 ms a
    document) and Pango keeps their fonts warm. One a thread: Fontconfig's and Pango's objects are
    not shared between threads."""
    if getattr(_thread_fonts, "config", None) is None:
        _thread_fonts.config = FontConfiguration()
    return _thread_fonts.config


def today_in_bangkok():
    """Today's date in Thailand, whatever the server's time zone."""
    return datetime.now(BANGKOK).date()


def _html(template_name, context):
    """The HTML of a templates/pdf/ template: Thai, with the office's logo and the print date."""
    with force_locale("th"):
        return render_template(
            template_name,
            office_logo=office_logo_url(),
            printed_on=context.pop("printed_on", None) or today_in_bangkok(),
            pdf_layer=context.pop("pdf_layer", "whole"),
            **context,
        )


def _document(template_name, context, font_config):
    """Lay out one HTML document (a WeasyPrint Document, not yet a PDF).

    ``image_dpi`` in the context caps the resolution of the raster images embedded (a
    photo is scaled down to it), so that a document with photos stays small enough to send.
    """
    image_dpi = context.pop("image_dpi", None)
    html = _html(template_name, context)
    try:
        return local_html(html).render(font_config=font_config, dpi=image_dpi)
    except FatalURLFetchingError as error:
        # A BaseException in WeasyPrint: it would pass Flask's error handling and kill the worker.
        raise MissingResource(str(error)) from error.__cause__


def render_pdf(template_name, finisher=None, **context):
    """The PDF (bytes) of a templates/pdf/ template rendered with ``context``.

    ``printed_on`` (a date) may be given for the footer; it defaults to today in Bangkok.
    ``finisher`` (a WeasyPrint finisher: the document and the pydyf PDF) may change the
    PDF before it is written, e.g. order or repeat its pages.
    """
    with collection_held_back():
        return _document(template_name, context, _font_config()).write_pdf(finisher=finisher)


def render_side_by_side(template_name, contexts, workers):
    """The PDFs of a template rendered with each of ``contexts`` (as :func:`render_pdf` takes them,
    a ``finisher`` picklable), laid out by ``workers`` processes at once, this one among them: a
    worker process costs about 1.5 s CPU to start (imports, fonts), so this one takes every
    ``workers``th document itself, after handing out the others' HTML (the layout and the PDF
    are made in the workers)."""
    contexts = list(contexts)
    ours, theirs = contexts[::workers], [c for n, c in enumerate(contexts) if n % workers]

    def html_and_finisher(context):
        finisher = context.pop("finisher", None)
        return _html(template_name, context), finisher

    static = current_app.static_folder.rstrip(os.sep) + os.sep
    theirs, ours = write_in_parallel(
        map(html_and_finisher, theirs),
        workers - 1,
        base_url=static,
        roots=_document_roots(),
        meanwhile=lambda: [render_pdf(template_name, **context) for context in ours],
    )
    theirs, ours = iter(theirs), iter(ours)
    return [next(theirs) if n % workers else next(ours) for n in range(len(contexts))]


@dataclass
class Part:
    """The slice of a long list that one part of a document shows.

    ``rows`` holds (number, row) pairs; numbers count from 1 across the whole list.
    A template shows its opening matter only in the ``first`` part and its closing
    matter only in the ``last``; anything else it prints before a row must come from
    that row (a group heading, repeated when a part starts inside the group). It marks
    each row with ``id="{{ part.anchor(number) }}"``, so the parts can be joined.
    The same template renders a short list in one go with ``part=Part.whole(rows)``.
    """

    rows: list
    first: bool = True
    last: bool = True
    #: Whether the rows need their anchors: only parts are joined. A template may leave them out
    #: of a whole list (an anchor costs WeasyPrint some work and the PDF a named destination).
    anchored: bool = True
    #: The document's page count, when the part prints its own page numbers (templates/pdf/base.html)
    #: from ``first_page`` on, rather than have them drawn over it afterwards.
    page_count: int | None = None
    first_page: int = 1

    @classmethod
    def whole(cls, rows):
        return cls(list(enumerate(rows, 1)), anchored=False)

    @staticmethod
    def anchor(number):
        return f"row-{number}"  # parallel_parts.first_row_on reads it back


def stack(parts, numbers=None, bookmarks=False):
    """One PDF of the parts' pages, each with its page of the page-number layer (if any) drawn over it,
    and, if ``bookmarks``, the parts' bookmarks (with their named destinations: a long list's rows'
    anchors would be thousands of them)."""
    writer = PdfWriter()
    layer = PdfReader(io.BytesIO(numbers)).pages if numbers else None
    for part in parts:
        reader = PdfReader(io.BytesIO(part))
        if not writer.pages:
            writer.add_metadata(reader.metadata)
        start = len(writer.pages)
        if bookmarks:
            writer.append(reader)
        else:
            for page in reader.pages:
                writer.add_page(page)
        if layer is None:
            continue
        for number, page in enumerate(writer.pages[start:], start):
            page.merge_page(layer[number])
            # Merging writes the page's content afresh and uncompressed: the PDF of a long
            # list would be five times bigger without this.
            page.compress_content_streams()
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def render_pdf_in_parts(template_name, rows, rows_per_part=None, numbered=True, **context):
    """The PDF of a long list, laid out in parts of ``rows_per_part`` (ROWS_PER_PART) rows, joined into one.

    WeasyPrint holds a whole document's layout in memory until it writes the PDF (about
    1 GB for 5,000 table rows), so a long list is laid out ``rows_per_part`` rows at a
    time and each part is written out before the next is laid out. Each part's last
    page is dropped and its rows start the next part, so pages stay full and no row is
    repeated or lost. The template gets ``part`` (a :class:`Part`) and the context.

    The page numbers "หน้า n จาก N" are laid out apart, once N is known, on empty pages
    of the same template, and drawn over the joined pages: so the template must keep to
    one page geometry (its @page rules, :first included), and no row may be taller
    than a page. ``numbered=False`` leaves them out (a certificate carries none).

    ``page_tops``, given by a document that can foretell its page breaks, lets a list of
    PARALLEL_ROWS rows or more be laid out by PDF_WORKERS processes at once: it is called with
    ``lay_out(part)`` (the laid-out Document of a :class:`Part` of the list) and returns
    ``foretell(start)``, the rows (0-based, ascending) that begin pages after row ``start``
    when ``start`` begins one (see app/reports/parallel_parts.py). Those parts print their
    page numbers themselves, as foretold (``part.page_count``, ``part.first_page``), and are
    laid out again without them should that prove wrong.
    """
    return finish(build_pdf_in_parts(template_name, rows, rows_per_part, numbered, **context))


def finish(build):
    """Run a build (a generator of progress that returns the PDF) to its end; the PDF."""
    while True:
        try:
            next(build)
        except StopIteration as done:
            return done.value


def build_pdf_in_parts(template_name, rows, rows_per_part=None, numbered=True, page_tops=None, **context):
    """:func:`render_pdf_in_parts` step by step: yields the share of rows laid out (0 to 1)
    after each part and returns the PDF, so a background job can show its progress."""
    rows = list(rows)
    rows_per_part = rows_per_part or ROWS_PER_PART
    font_config = FontConfiguration()
    context.setdefault("printed_on", today_in_bangkok())
    workers = current_app.config["PDF_WORKERS"]
    if page_tops is not None and workers > 1 and len(rows) >= PARALLEL_ROWS:
        parts, page_count, numbered_parts = yield from _parts_side_by_side(
            template_name, rows, rows_per_part, workers, page_tops, numbered, font_config, context
        )
    else:
        parts, page_count = yield from _parts_in_turn(
            template_name, rows, rows_per_part, font_config, context
        )
        numbered_parts = False
    if not numbered or numbered_parts:
        return stack(parts)
    with collection_held_back():
        numbers = _document(
            template_name,
            {**context, "part": None, "pdf_layer": "page_numbers", "page_count": page_count},
            font_config,
        ).write_pdf()
    return stack(parts, numbers)


def _parts_in_turn(template_name, rows, rows_per_part, font_config, context):
    """The parts' PDFs laid out one after the other, each from the row that begins the last page
    of the one before: a generator of progress returning (PDFs, page count)."""
    parts, page_count, start, size = [], 0, 0, rows_per_part
    while True:
        end = min(start + size, len(rows))
        part = Part(list(enumerate(rows[start:end], start + 1)), first=start == 0, last=end == len(rows))
        with collection_held_back():
            pdf, pages, start = _part_in_turn(template_name, part, start, font_config, context)
        if pdf is None:
            size *= 2  # the part did not fill a page of rows: take more at once
            continue
        parts.append(pdf)
        page_count += pages
        if part.last:
            return parts, page_count
        yield start / len(rows)


def _part_in_turn(template_name, part, start, font_config, context):
    """The PDF of a part's pages but its last (unless it is the last part), their number and the row
    (0-based) the next part starts from; no PDF when the part did not fill a page of rows."""
    document = _document(template_name, {**context, "part": part, "pdf_layer": "content"}, font_config)
    if part.last:
        pages = document.pages
    else:
        carried = next_start(document.pages, start)
        if carried is None:
            return None, 0, start
        pages, start = document.pages[:-1], carried
    drop_row_anchors(pages)
    return document.copy(pages).write_pdf(), len(pages), start


def _parts_side_by_side(
    template_name, rows, rows_per_part, workers, page_tops, numbered, font_config, context
):
    """The parts' PDFs laid out by worker processes at once, cut where ``page_tops`` foretells,
    printing their page numbers if ``numbered`` and the foretelling holds: (PDFs, page count, whether
    they print them)."""

    def lay_out(part):
        return _document(template_name, {**context, "part": part, "pdf_layer": "content"}, font_config)

    def part_html(start, end, last, pages):
        chosen = rows[start:end] if last else rows[start : end + 1]
        first_page, page_count = pages or (1, None)
        part = Part(
            list(enumerate(chosen, start + 1)),
            first=start == 0,
            last=last,
            first_page=first_page,
            page_count=page_count,
        )
        return _html(template_name, {**context, "part": part, "pdf_layer": "content"})

    static = current_app.static_folder.rstrip(os.sep) + os.sep
    return (
        yield from build_in_parallel(
            part_html,
            len(rows),
            page_tops(lay_out),
            min(rows_per_part, ROWS_PER_WORKER_PART),
            workers,
            base_url=static,
            roots=_document_roots(),
            dpi=context.get("image_dpi"),
            numbered=numbered,
        )
    )


def pdf_response(pdf, filename, as_attachment=False):
    """An HTTP response that opens (or downloads) the PDF; it may hold personal data, so no caching."""
    response = send_file(
        io.BytesIO(pdf),
        mimetype="application/pdf",
        download_name=filename,
        as_attachment=as_attachment,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
