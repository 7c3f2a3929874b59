"""The rules of check-in: what a scan names, which forum day it counts for, and checking a person in once."""

import re
from urllib.parse import urlsplit

#: A ticket code is token_urlsafe text; anything else in a scan is not one.
TICKET_CODE = re.compile(r"[A-Za-z0-9_-]{8,64}")
MAX_SCAN_LENGTH = 500


def ticket_code_of(scan):
    """The ticket code a scan holds: the code itself, or the last part of a ticket URL (…/t/<code>).

    None when the text cannot be a ticket code at all.
    """
    if not isinstance(scan, str):
        return None
    text = scan.strip()
    if not text or len(text) > MAX_SCAN_LENGTH:
        return None
    if "/" in text:
        parts = [p for p in urlsplit(text).path.split("/") if p]
        if len(parts) < 2 or parts[-2] != "t":
            return None
        text = parts[-1]
    return text if TICKET_CODE.fullmatch(text) else None


def day_of(forum, moment_local_date):
    """The forum day an arrival on a Bangkok calendar date counts for.

    Before the first day (a desk opened the evening before) counts for the first day,
    after the last for the last, so a device with a wrong date never loses an arrival.
    """
    days = forum.days
    if moment_local_date <= days[0]:
        return days[0]
    if moment_local_date >= days[-1]:
        return days[-1]
    return moment_local_date
