"""A long list's parts laid out side by side in worker processes, with the pages of one document.

Where a part may start is only known once the part before it is laid out (the row that begins
its last page), which chains the parts one after the other. A document that can foretell where
its pages start (``page_tops``: the rows that begin pages, reckoned from the rows' heights) has
its parts cut there and laid out at the same time, each by a worker with no database and no
app: it gets the part's HTML and gives back its PDF. A guess is checked, never trusted: a part
lays out one row past its end, and only if that row starts a page of its own is the cut where
the whole document would have it. A wrong guess costs time, not pages: the part keeps its pages
but its last, whose first row the next part starts from, and the guesses are made again from there.

Workers are spawned, not forked: a forked copy of a web or job process would carry its threads'
locks and its database connections.
"""

import contextlib
import ctypes
import gc
import itertools
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context

from app.reports.collection import collection_held_back

#: Parts in the workers' hands or queued at once: enough to keep every worker busy.
AHEAD = 1


@dataclass
class Cut:
    """A part: rows ``start`` to ``end`` (0-based, end excluded), with the row after it to check the cut."""

    start: int
    end: int
    last: bool


def cuts(tops: Iterator[int], start: int, count: int, rows_per_part: int) -> Iterator[Cut]:
    """The parts from ``start``: of ``rows_per_part`` rows or more, cut where a page is foretold to start."""
    for top in tops:
        if top >= count:
            break
        if top - start >= rows_per_part:
            yield Cut(start, top, last=False)
            start = top
    yield Cut(start, count, last=True)


@dataclass
class LaidOut:
    """What a worker gives back: the PDF of the part's pages and where the next part starts."""

    pdf: bytes | None
    pages: int
    #: The row (0-based) the next part starts from.
    next_start: int
    #: Whether the part ended where it was foretold to (its next_start is the cut's end).
    as_foretold: bool


_fonts = None


def first_row_on(page):
    """The number of the first row that starts on the page (see Part.anchor), or None."""
    numbers = [int(anchor[4:]) for anchor in page.anchors if anchor[:4] == "row-" and anchor[4:].isdigit()]
    return min(numbers, default=None)


def lay_out(html, base_url, roots, dpi, cut):
    """In a worker: lay the part's HTML out and write the PDF of its pages (see the module's docstring)."""
    try:
        with collection_held_back():
            return _written(_rendered(html, base_url, roots, dpi), cut)
    finally:
        _give_memory_back()


def write(html, base_url, roots, dpi, finisher):
    """In a worker: the PDF of a document that stands alone, ``finisher`` (picklable) run on it."""
    try:
        with collection_held_back():
            return _rendered(html, base_url, roots, dpi).write_pdf(finisher=finisher)
    finally:
        _give_memory_back()


def _rendered(html, base_url, roots, dpi):
    global _fonts
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    from app.reports.local_files import LocalFilesOnly, MissingResource

    if _fonts is None:
        _fonts = FontConfiguration()
    try:
        return HTML(string=html, base_url=base_url, url_fetcher=LocalFilesOnly(roots)).render(
            font_config=_fonts, dpi=dpi
        )
    except FatalURLFetchingError as error:
        raise MissingResource(str(error)) from None


def drop_row_anchors(pages):
    """Forget the rows' anchors once they have told where the pages start: the joined PDF keeps
    no named destinations (app.reports.pdf.stack), and writing one per row costs time."""
    for page in pages:
        for anchor in [anchor for anchor in page.anchors if anchor[:4] == "row-"]:
            del page.anchors[anchor]


def next_start(pages, start):
    """Where the part after one laid out from row ``start`` (0-based) starts when this one keeps
    all its pages but its last: the row that begins that last page. None when the part did not
    fill a page of rows: it has nothing to keep."""
    carried = first_row_on(pages[-1])
    return None if len(pages) < 2 or carried is None or carried <= start + 1 else carried - 1


def _written(document, cut):
    pages = document.pages
    if cut.last:
        drop_row_anchors(pages)
        return LaidOut(document.write_pdf(), len(pages), cut.end, True)
    # Row numbers in the HTML count from 1.
    tops = [first_row_on(page) for page in pages]
    carried = next_start(pages, cut.start)
    drop_row_anchors(pages)
    if cut.end + 1 in tops[1:]:
        pages = pages[: tops.index(cut.end + 1)]
        return LaidOut(document.copy(pages).write_pdf(), len(pages), cut.end, True)
    if carried is None:
        return LaidOut(None, 0, cut.start, False)
    pages = pages[:-1]
    return LaidOut(document.copy(pages).write_pdf(), len(pages), carried, False)


def _give_memory_back():
    """Return freed memory to the system: the workers' memory adds up with the asking process's."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: leave it to the allocator
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _pool(workers):
    _give_memory_back()  # what this process has freed, before the workers take theirs
    return ProcessPoolExecutor(workers, mp_context=get_context("spawn"))


def write_in_parallel(documents, workers: int, base_url: str, roots: list, dpi=None, meanwhile=None):
    """The PDFs of documents that stand alone, given as (HTML, finisher) pairs, written ``workers``
    at a time, in their order, and what ``meanwhile()`` gives, run here while the workers work.
    The pairs are asked for one by one as they are handed out, so the first worker starts while
    the next documents' HTML is made."""
    with _pool(workers) as pool:
        futures = [pool.submit(write, html, base_url, roots, dpi, finisher) for html, finisher in documents]
        done_here = meanwhile() if meanwhile else None
        return [future.result() for future in futures], done_here


class Misnumbered(Exception):
    """Page numbers printed from a foretelling turned out wrong: the parts must be laid out again."""


def build_in_parallel(
    part_html: Callable[[int, int, bool, tuple | None], str],
    count: int,
    page_tops: Callable[[int], Iterator[int]],
    rows_per_part: int,
    workers: int,
    base_url: str,
    roots: list,
    dpi=None,
    numbered=False,
):
    """The parts' PDFs, laid out ``workers`` at a time: a generator of progress returning (PDFs, page
    count, whether the parts print their page numbers: they try if ``numbered``).

    ``part_html(start, end, last, pages)`` is the HTML of rows ``start`` to ``end`` (0-based) and,
    unless ``last``, of one row more, printing its page numbers if ``pages`` (its first page's
    number, the document's page count) is given; ``page_tops(start)`` foretells the rows that begin
    pages after ``start`` (a row that begins one). A part that cannot fill a page is laid out with
    twice the rows.

    The parts print their page numbers as foretold, which spares drawing them over every page
    afterwards (a second layout of as many pages, and a merge of each). Should the foretelling
    prove wrong about them (a rare case: a foretold cut is checked, the pages within a part are
    not), the parts are laid out again without them, for the caller to draw.
    """
    with _pool(workers) as pool:

        def laid_out(cut, pages):
            html = part_html(cut.start, cut.end, cut.last, pages)
            return pool.submit(lay_out, html, base_url, roots, dpi, cut), pages

        if numbered:
            try:
                return (yield from _parts(laid_out, count, page_tops, rows_per_part, workers, numbered=True))
            except Misnumbered:
                pass
        return (yield from _parts(laid_out, count, page_tops, rows_per_part, workers, numbered=False))


def _parts(laid_out, count, page_tops, rows_per_part, workers, numbered):
    """build_in_parallel's parts, numbered or not; raises Misnumbered."""
    parts, page_count, start, size, foretold = [], 0, 0, rows_per_part, None
    while start < count:
        tops = list(itertools.takewhile(lambda top: top < count, page_tops(start)))
        if numbered:
            if foretold not in (None, page_count + 1 + len(tops)):
                raise Misnumbered  # the pages already laid out carry another page count
            foretold = page_count + 1 + len(tops)
        first_pages = dict(zip([start, *tops], itertools.count(page_count + 1)))

        def told(cut, first_pages=first_pages, foretold=foretold):
            """The (first page, page count) a part prints, or None."""
            return (first_pages[cut.start], foretold) if numbered else None

        plan = cuts(iter(tops), start, count, size)
        pending = [laid_out(cut, told(cut)) for cut in itertools.islice(plan, workers + AHEAD)]
        try:
            while pending:
                future, pages = pending.pop(0)
                done = future.result()
                if done.pdf is None:
                    size *= 2  # the part did not fill a page of rows: take more at once
                    break
                if pages and pages[0] != page_count + 1:
                    raise Misnumbered
                parts.append(done.pdf)
                page_count += done.pages
                start, size = done.next_start, rows_per_part
                if not done.as_foretold:
                    break  # the parts queued after it start from a guess that was wrong
                if start < count:
                    yield start / count
                pending += [laid_out(cut, told(cut)) for cut in itertools.islice(plan, 1)]
        finally:
            for future, _pages in pending:
                future.cancel()
    if numbered and page_count != foretold:
        raise Misnumbered
    return parts, page_count, numbered
