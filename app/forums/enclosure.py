"""The enclosure of the invitation letters (the agenda), printed after each letter but laid out once.

A module of its own, importing no app, so that a worker process laying out letters (see
app/reports/parallel_parts.py) can unpickle the finisher quickly.
"""

from itertools import pairwise

import pydyf

#: The id of the enclosure, laid out once after the letters.
ENCLOSURE_ANCHOR = "enclosure"


def each_with_enclosure(letter_anchors, document, pdf):
    """A finisher (see render_pdf; bind ``letter_anchors`` with functools.partial) that prints the
    enclosure's pages after each letter's, the letters found by the ids of their first elements.

    The enclosure is the same in every letter: it is laid out and drawn once, after the last
    letter, and every other letter gets pages of its own that show the same drawing (a PDF
    page may share its content with others).
    """
    starts = {}  # an element split across pages has its anchor on each: the first counts
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            starts.setdefault(anchor, number)
    bounds = [starts[anchor] for anchor in letter_anchors] + [starts[ENCLOSURE_ANCHOR]]
    pages = [pdf.objects[number] for number in pdf.pages["Kids"][::3]]
    enclosure = pages[bounds[-1] :]
    ordered = []
    for start, end in pairwise(bounds):
        shown = [_showing_the_same(pdf, page) for page in enclosure] if ordered else enclosure
        ordered += pages[start:end] + shown
    pdf.pages["Kids"] = pydyf.Array(item for page in ordered for item in (page.number, 0, "R"))
    pdf.pages["Count"] = len(ordered)


def _showing_the_same(pdf, page):
    """A new page of the PDF with the content and resources of ``page`` (not its links)."""
    same = pydyf.Dictionary({key: value for key, value in page.items() if key != "Annots"})
    pdf.add_object(same)
    return same
