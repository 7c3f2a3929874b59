"""Clock helpers: the database stores naive UTC datetimes."""

from datetime import UTC, datetime


def utcnow():
    """The current moment as a naive UTC datetime, the form every column stores."""
    return datetime.now(UTC).replace(tzinfo=None)
