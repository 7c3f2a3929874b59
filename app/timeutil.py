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


#: The moments the API takes. From 1970 Bangkok's offset is +07:00 throughout (before 1920 it was
#: +06:42:04, which is no RFC 3339 offset), and every zone's calendar holds them.
EARLIEST, LATEST = datetime(1970, 1, 1), datetime(2200, 1, 1)


def parse_moment(text):
    """ISO 8601 text as naive UTC (Bangkok time when it has no offset).

    :raise ValueError: for text that is no such time, or one outside EARLIEST–LATEST.
    """
    try:
        moment = utc_from_bangkok(datetime.fromisoformat(text.strip()))
    except (ValueError, OverflowError) as error:  # year 1 or 9999 overflows when the offset is applied
        raise ValueError(f"not an ISO 8601 time: {text!r}") from error
    if not EARLIEST <= moment < LATEST:
        raise ValueError(f"outside {EARLIEST.year}–{LATEST.year - 1}: {text!r}")
    return moment


def local_today():
    """Today in Bangkok: the office's calendar day, whatever the server's clock zone."""
    return datetime.now(BANGKOK).date()
