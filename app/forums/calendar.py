"""The forum as an iCalendar file (RFC 5545), to add it to a phone's or a desktop's calendar."""

from flask_babel import gettext as _

from app.forums.models import ForumStatus
from app.timeutil import utcnow

#: RFC 5545 §3.1: content lines are folded at 75 octets.
LINE_LIMIT = 75


def escape_text(value):
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line):
    """One content line as CRLF-ended octets, folded at 75 octets without splitting a UTF-8 character."""
    data = line.encode("utf-8")
    chunks, start, limit = [], 0, LINE_LIMIT
    while len(data) - start > limit:
        end = start + limit
        while end > start and (data[end] & 0xC0) == 0x80:  # a continuation byte: step back
            end -= 1
        chunks.append(data[start:end])
        start, limit = end, LINE_LIMIT - 1  # continuation lines begin with a space
    chunks.append(data[start:])
    return b"\r\n ".join(chunks) + b"\r\n"


def _utc(moment):
    return moment.strftime("%Y%m%dT%H%M%SZ")


def forum_calendar(forum, url, host, now=None):
    """The forum as one VEVENT in UTC; a cancelled forum says so, a moved one has a higher SEQUENCE."""
    location = ", ".join(part for part in (forum.venue_name, forum.venue_address) if part)
    description = "\n\n".join(
        part for part in (forum.description, _("Details and registration: %(url)s", url=url)) if part
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Welfare network forums//TH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:forum-{forum.public_code}@{host}",
        f"DTSTAMP:{_utc(now or utcnow())}",
        f"LAST-MODIFIED:{_utc(forum.updated_at)}",
        f"SEQUENCE:{forum.sequence}",
        f"DTSTART:{_utc(forum.starts_at)}",
        f"DTEND:{_utc(forum.ends_at)}",
        f"SUMMARY:{escape_text(forum.title)}",
        f"LOCATION:{escape_text(location)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        "STATUS:" + ("CANCELLED" if forum.status == ForumStatus.CANCELLED else "CONFIRMED"),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return b"".join(fold(line) for line in lines)
