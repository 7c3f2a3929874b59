"""Printed invitations: the letter to each invited organization (หนังสือเชิญ) and the forum's QR poster.

A letter is a Thai official letter to an outside body (หนังสือภายนอก) laid out as the
Regulation on Correspondence (ระเบียบงานสารบรรณ) has it: the emblem's 3 cm place at the
top centre, ที่ and the letter's number on the left and the office's name and address on
the right, the Buddhist-era date under the address, เรื่อง, เรียน, อ้างถึง (the forum's
reference, when it has one), สิ่งที่ส่งมาด้วย, the body with the objectives as a numbered
list, ขอแสดงความนับถือ with the signer's name in brackets and position, and the owning unit
with its telephone, fax and e-mail at the bottom left. A letter to many organizations is a
circular: its number is the office's code, ว and the forum's running number
(``ที่ พม ๐๐๖๕/ว 123``). Unlike a paper letter it carries the organization's own invitation
link as a QR code, and the forum's short address in print.
"""

import io
import re
from dataclasses import dataclass
from datetime import timedelta
from itertools import pairwise

import pydyf
from flask import current_app
from pypdf import PdfReader, PdfWriter

from app.forums import links
from app.forums.models import Invitation
from app.qr import qr_data_uri, qr_module_uri
from app.reports.pdf import image_url, render_pdf, today_in_bangkok
from app.thai import to_bangkok

#: Letters laid out at once when printing many; each part is a separate WeasyPrint
#: document, so the memory of a run stays that of one part (about 0.75 MB a letter), but
#: each part costs a layout of the enclosure and its own copy of the fonts.
LETTERS_PER_PART = 150


@dataclass
class Letter:
    """One organization's letter: whom it is addressed to and its link."""

    invitation: Invitation
    url: str

    @property
    def organization(self):
        return self.invitation.organization

    @property
    def addressee(self):
        return addressee_of(self.organization)

    @property
    def qr(self):
        return qr_module_uri(self.url)

    @property
    def anchor(self):
        """The id of the letter's first element, by which its pages are found in the laid-out document."""
        return f"invitation-{self.invitation.id}"


def addressee_of(organization):
    """``เรียน`` whom: the main contact's position in the organization, or the organization."""
    name = organization.name
    position = organization.contacts[0].position.strip() if organization.contacts else ""
    if not position:
        return name
    return position if name in position else f"{position}{name}"


#: A numbering a person may have typed before an objective: "1.", "1)", "๑.", "-", "•".
_NUMBERING = re.compile(r"^\s*(?:[0-9๐-๙]+\s*[.)]|[-•*])\s*")


def office():
    """The office's part of a letter, from the settings."""
    config = current_app.config
    return {
        "name": config["OFFICE_NAME"],
        "address": config["OFFICE_ADDRESS"],
        "document_prefix": config.get("OFFICE_DOCUMENT_PREFIX", ""),
        "signer_name": config.get("SIGNER_NAME", ""),
        "signer_position": config.get("SIGNER_POSITION", ""),
        "phone": config.get("OFFICE_PHONE", ""),
        "fax": config.get("OFFICE_FAX", ""),
        "email": config.get("OFFICE_EMAIL", ""),
        "unit": config.get("OFFICE_UNIT", ""),
        "emblem": image_url("LETTER_EMBLEM"),
    }


def registration_deadline(forum):
    """The date the letter asks for registrations by: when registration closes, as the organizer
    set it on the forum's form; without one, the day before the forum (a Bangkok date)."""
    if forum.registration_closes_at is not None:
        return to_bangkok(forum.registration_closes_at).date()
    return forum.local_start.date() - timedelta(days=1)


def objectives_list(forum):
    """The forum's objectives, one a line, without the numbering a person may have typed."""
    lines = (_NUMBERING.sub("", line).strip() for line in (forum.objectives or "").splitlines())
    return [line for line in lines if line]


def letter_of(invitation):
    return Letter(invitation, links.invitation_url(invitation))


#: The id of the enclosure (the agenda), laid out once after the letters.
ENCLOSURE_ANCHOR = "enclosure"


def each_with_enclosure(letters):
    """A finisher (see render_pdf) that prints the enclosure's pages after each letter's.

    The enclosure, the agenda, is the same in every letter: it is laid out and drawn once,
    after the last letter, and every other letter gets pages of its own that show the same
    drawing (a PDF page may share its content with others).
    """

    def finish(document, pdf):
        starts = {}  # an element split across pages has its anchor on each: the first counts
        for number, page in enumerate(document.pages):
            for anchor in page.anchors:
                starts.setdefault(anchor, number)
        bounds = [starts[letter.anchor] for letter in letters] + [starts[ENCLOSURE_ANCHOR]]
        pages = [pdf.objects[number] for number in pdf.pages["Kids"][::3]]
        enclosure = pages[bounds[-1] :]
        ordered = []
        for start, end in pairwise(bounds):
            shown = [_showing_the_same(pdf, page) for page in enclosure] if ordered else enclosure
            ordered += pages[start:end] + shown
        pdf.pages["Kids"] = pydyf.Array(item for page in ordered for item in (page.number, 0, "R"))
        pdf.pages["Count"] = len(ordered)

    return finish


def _showing_the_same(pdf, page):
    """A new page of the PDF with the content and resources of ``page`` (not its links)."""
    same = pydyf.Dictionary({key: value for key, value in page.items() if key != "Annots"})
    pdf.add_object(same)
    return same


def _render(forum, invitations, dated):
    chosen = [letter_of(invitation) for invitation in invitations]
    return render_pdf(
        "pdf/invitation_letters.html",
        finisher=each_with_enclosure(chosen),
        forum=forum,
        letters=chosen,
        enclosure_anchor=ENCLOSURE_ANCHOR,
        office=office(),
        objectives=objectives_list(forum),
        deadline=registration_deadline(forum),
        short_url=links.public_url(forum),
        dated=dated,
        printed_on=dated,
    )


def letters_pdf(forum, invitations, dated=None, per_part=LETTERS_PER_PART):
    """One PDF of the letters to ``invitations`` (each with its agenda page), in their order."""
    dated = dated or today_in_bangkok()
    return in_parts(lambda part: _render(forum, part, dated), list(invitations), per_part)


def in_parts(render, items, per_part=LETTERS_PER_PART):
    """One PDF of ``render(items)``, laid out ``per_part`` items at a time and the parts' pages
    joined: every letter starts on a new page and stands alone, so many letters need not be one
    WeasyPrint document."""
    if len(items) <= per_part:
        return render(items)
    writer = PdfWriter()
    for start in range(0, len(items), per_part):
        part = PdfReader(io.BytesIO(render(items[start : start + per_part])))
        if not writer.pages:
            writer.add_metadata(part.metadata)
        for page in part.pages:
            writer.add_page(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def poster_pdf(forum, printed_on=None):
    """The A4 poster of the forum: what, when, where, and its registration link as a big QR code."""
    url = links.registration_url(forum)
    return render_pdf(
        "pdf/forum_poster.html",
        forum=forum,
        url=url,
        qr=qr_data_uri(url),
        office=office(),
        printed_on=printed_on or today_in_bangkok(),
    )
