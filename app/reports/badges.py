"""Name badges: A4 sheets of eight (two across, four down) with crop marks, one per confirmed seat.

Each badge carries the person's name (as large as it fits, never cut inside a word),
position, organization, the forum's title and the QR of their ticket URL, which the
check-in scanner reads.
"""

from dataclasses import dataclass

from app.qr import qr_module_uri
from app.registration.models import Registration
from app.registration.tickets import ticket_url
from app.reports.fitting import fitting_size
from app.reports.pdf import build_pdf_in_parts
from app.reports.signin import sheet_rows

TEMPLATE = "pdf/badges.html"
PER_PAGE = 8
#: Badge size (mm): 2 × 90 across and 4 × 60 down leave margins for the crop marks.
WIDTH_MM, HEIGHT_MM = 90, 60
#: The width left for the name beside the padding.
NAME_WIDTH_MM = WIDTH_MM - 10
ORGANIZATION_WIDTH_MM = WIDTH_MM - 36
#: A multiple of PER_PAGE: the parts' pages stay full.
BADGES_PER_PART = 200


@dataclass
class Badge:
    registration: Registration
    url: str
    qr: str
    name_pt: float
    position_pt: float
    organization_pt: float


def _name_size(name):
    """One line down to 17 pt; a longer name takes two lines, as large as they allow."""
    one_line = fitting_size(name, NAME_WIDTH_MM, 22, 16.5, lines=1)
    return one_line if one_line > 16.5 else fitting_size(name, NAME_WIDTH_MM, 22, 12, lines=2)


def _badge(registration):
    url = ticket_url(registration)
    return Badge(
        registration,
        url,
        qr_module_uri(url),
        _name_size(registration.full_name),
        fitting_size(registration.position, ORGANIZATION_WIDTH_MM, 9.5, 7, lines=1),
        fitting_size(
            registration.organization_display,
            ORGANIZATION_WIDTH_MM,
            10.5,
            7.5,
            3,
            bold=False,
            by_spaces=False,
        ),
    )


def badge_registrations(forum):
    """One badge per confirmed seat, in the sign-in sheet's order (kind, organization, name)."""
    return [row.registration for row in sheet_rows(forum, blank_rows=0)]


def build_badges(forum):
    """Build the badge sheets' PDF: a generator of progress returning the PDF."""
    badges = [_badge(r) for r in badge_registrations(forum)]
    title_pt = fitting_size(forum.title, WIDTH_MM - 9, 8, 5.5, 2, bold=False, step=0.25, by_spaces=False)
    return (yield from build_pdf_in_parts(TEMPLATE, badges, BADGES_PER_PART, forum=forum, title_pt=title_pt))
