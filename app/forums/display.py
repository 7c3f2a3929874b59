"""How a forum's dates and times read for people: for pages, cards and messages."""

from flask_babel import force_locale, get_locale

from app.templating import date_filter, time_filter


def _thai():
    return str(get_locale()) == "th"


def time_range(start, end=None):
    """``10.00–16.00 น.`` (one น. for both), or ``10.00 น.`` without an end; times or datetimes."""
    if end is None:
        return time_filter(start)
    first = time_filter(start)
    return f"{first.removesuffix(' น.') if _thai() else first}–{time_filter(end)}"


def when_parts(forum):
    """The forum's dates and its hours as two pieces; a forum of several days has no separate hours."""
    if forum.is_multi_day:
        return (
            f"{date_filter(forum.starts_at, 'full')} {time_filter(forum.starts_at)} – "
            f"{date_filter(forum.ends_at, 'full')} {time_filter(forum.ends_at)}",
            "",
        )
    time_word = "เวลา " if _thai() else "· "
    return date_filter(forum.starts_at, "full"), time_word + time_range(forum.starts_at, forum.ends_at)


def when_text(forum):
    """``วันพฤหัสบดีที่ 25 ตุลาคม 2561 เวลา 10.00–16.00 น.``; several days from first to last."""
    return " ".join(part for part in when_parts(forum) if part)


def when_text_thai(forum):
    """when_text in Thai whatever the page's language: for cards and calendar files shared in LINE."""
    with force_locale("th"):
        return when_text(forum)
