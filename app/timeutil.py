"""Clock helpers: the database stores naive UTC datetimes."""

from datetime import UTC, datetime

from app.thai import BANGKOK


def utcnow():
    """The current moment as a naive UTC datetime, the form every column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def utc_from_bangkok(moment):
    """A moment typed in Bangkok (naive) or given with its offset (aware), as naive UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BANGKOK)
    return moment.astimezone(UTC).replace(tzinfo=None)


def local_today():
    """Today in Bangkok: the office's calendar day, whatever the server's clock zone."""
    return datetime.now(BANGKOK).date()
