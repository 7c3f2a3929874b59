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

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from flask import current_app

from app.forums import links
from app.forums.enclosure import ENCLOSURE_ANCHOR, each_with_enclosure
from app.forums.models import Invitation
from app.qr import qr_data_uri, qr_module_uri
from app.reports.pdf import image_url, render_pdf, render_side_by_side, stack, today_in_bangkok
from app.thai import to_bangkok

#: Letters laid out at once when printing many; each part is a separate WeasyPrint
#: document, so the memory of a run stays that of one part (about 0.75 MB a letter), but
#: each part costs a layout of the enclosure and its own copy of the fonts.
LETTERS_PER_PART = 150
#: From this many letters on, they are laid out by PDF_WORKERS processes at once (this one and
#: worker processes); below, starting a worker (about 1.5 s CPU) costs more than it saves: 60
#: letters took as long either way on 2 cores (bench/letters.py).
PARALLEL_LETTERS = 60

TEMPLATE = "pdf/invitation_letters.html"


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


def _context(forum, invitations, dated):
    """What the letters template and render_pdf take to print the letters to ``invitations``."""
    chosen = [letter_of(invitation) for invitation in invitations]
    return {
        "finisher": partial(each_with_enclosure, [letter.anchor for letter in chosen]),
        "forum": forum,
        "letters": chosen,
        "enclosure_anchor": ENCLOSURE_ANCHOR,
        "office": office(),
        "objectives": objectives_list(forum),
        "deadline": registration_deadline(forum),
        "short_url": links.public_url(forum),
        "dated": dated,
        "printed_on": dated,
    }


def _render(forum, invitations, dated):
    return render_pdf(TEMPLATE, **_context(forum, invitations, dated))


def letters_pdf(forum, invitations, dated=None, per_part=LETTERS_PER_PART):
    """One PDF of the letters to ``invitations`` (each with its agenda page), in their order.

    From PARALLEL_LETTERS letters on they are shared out between PDF_WORKERS processes:
    every letter starts on a new page, so the parts' pages simply follow one another.
    """
    dated = dated or today_in_bangkok()
    invitations = list(invitations)
    workers = current_app.config["PDF_WORKERS"]
    if workers < 2 or len(invitations) < PARALLEL_LETTERS:
        return in_parts(lambda part: _render(forum, part, dated), invitations, per_part)
    size = min(per_part, -(-len(invitations) // workers))
    parts = (invitations[start : start + size] for start in range(0, len(invitations), size))
    contexts = (_context(forum, part, dated) for part in parts)
    return stack(render_side_by_side(TEMPLATE, contexts, workers), bookmarks=True)


def in_parts(render, items, per_part=LETTERS_PER_PART):
    """One PDF of ``render(items)``, laid out ``per_part`` items at a time and the parts' pages
    joined: every letter starts on a new page and stands alone, so many letters need not be one
    WeasyPrint document."""
    if len(items) <= per_part:
        return render(items)
    rendered = (render(items[start : start + per_part]) for start in range(0, len(items), per_part))
    return stack(rendered, bookmarks=True)


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
