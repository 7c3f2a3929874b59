"""How a forum's dates read for people: one line for pages, cards and messages."""

from flask_babel import force_locale, get_locale

from app.templating import date_filter, time_filter


def _time_range(forum):
    start, end = time_filter(forum.starts_at), time_filter(forum.ends_at)
    if str(get_locale()) == "th":
        return f"{start.removesuffix(' น.')}–{end}"
    return f"{start}–{end}"


def when_text(forum):
    """``วันพฤหัสบดีที่ 25 ตุลาคม 2561 เวลา 10.00–16.00 น.``; a forum of several days from first to last day."""
    if not forum.is_multi_day:
        time_word = "เวลา" if str(get_locale()) == "th" else "·"
        return f"{date_filter(forum.starts_at, 'full')} {time_word} {_time_range(forum)}"
    return (
        f"{date_filter(forum.starts_at, 'full')} {time_filter(forum.starts_at)} – "
        f"{date_filter(forum.ends_at, 'full')} {time_filter(forum.ends_at)}"
    )


def when_text_thai(forum):
    """when_text in Thai whatever the page's language: for cards and calendar files shared in LINE."""
    with force_locale("th"):
        return when_text(forum)
