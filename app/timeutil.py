"""Clock helpers: the database stores naive UTC datetimes."""

from datetime import UTC, datetime

from app.thai import BANGKOK


def utcnow():
    """The current moment as a naive UTC datetime, the form every column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_today():
    """Today in Bangkok: the office's calendar day, whatever the server's clock zone."""
    return datetime.now(BANGKOK).date()
