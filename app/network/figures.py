"""How the figures of network health read to people: their names, colours, per cents, and the
reasons an organization is losing touch (the codes are app/network/health.py's)."""

from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l

from app.network.models import SupportKind, SupportStatus

#: The four figures in the order every page, chart and document shows them.
FIGURE_LABELS = {
    "took_part": _l("Took part in a forum or training"),
    "fund_supported": _l("Received Fund money"),
    "supported": _l("Received any support"),
    "reported": _l("Sent their report"),
}
#: Short names, for chart legends and narrow table headers.
FIGURE_SHORT = {
    "took_part": _l("Took part"),
    "fund_supported": _l("Fund money"),
    "supported": _l("Any support"),
    "reported": _l("Reported"),
}
#: Colours told apart also by people who do not see red and green apart (and the charts label every bar).
FIGURE_COLOURS = {
    "took_part": "#1f5f8b",
    "fund_supported": "#c9a227",
    "supported": "#4d9dd6",
    "reported": "#7a4f9e",
}
REASON_LABELS = {
    "no_report": _l("No report for the last fiscal year"),
    "no_attendance": _l("Took part in nothing for twelve months"),
    "never_supported": _l("Never received any support"),
    "not_confirmed": _l("Details not confirmed for twelve months"),
}
SUPPORT_KIND_LABELS = {
    SupportKind.FUND: _l("Fund project"),
    SupportKind.OTHER_MONEY: _l("Other money"),
    SupportKind.TECHNICAL: _l("Technical support"),
    SupportKind.VISIT: _l("Visit by staff"),
}
SUPPORT_STATUS_LABELS = {
    SupportStatus.PROPOSED: _l("Proposed"),
    SupportStatus.APPROVED: _l("Approved"),
    SupportStatus.NOT_APPROVED: _l("Not approved"),
    SupportStatus.DONE: _l("Done"),
    SupportStatus.REPORTED: _l("Results reported"),
}
ONE_PLACE = Decimal("0.1")


def percent(share):
    """A share (0–1) as a per cent with one decimal, rounded half up: 0.13636 → Decimal('13.6')."""
    return (Decimal(str(share)) * 100).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
