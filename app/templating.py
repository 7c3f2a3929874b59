"""Jinja filters and globals: Thai dates, fiscal years, labels."""

from datetime import date, datetime
from urllib.parse import urlencode

from flask import current_app, request, url_for
from flask_babel import format_date, format_time, get_locale

from app import thai


def _thai_locale():
    return str(get_locale()) == "th"


def date_filter(value, style="long"):
    """A date for people: Buddhist era in Thai, the Gregorian calendar in English."""
    if value is None:
        return ""
    if _thai_locale():
        return thai.thai_date(value, style)
    day = thai.to_bangkok(value).date() if isinstance(value, datetime) else value
    formats = {"full": "full", "long": "long", "short": "medium", "numeric": "short"}
    return format_date(day, formats.get(style, "long"))


def time_filter(value):
    if value is None:
        return ""
    if _thai_locale():
        return thai.thai_time(value)
    moment = thai.to_bangkok(value) if isinstance(value, datetime) else value
    return format_time(moment, "HH:mm")


def datetime_filter(value):
    if value is None:
        return ""
    return f"{date_filter(value, 'short')} {time_filter(value)}"


def fiscal_year_filter(value):
    return thai.fiscal_year_of(value) if isinstance(value, date) else ""


def url_with(**changes):
    """The current URL with some query arguments changed (None or "" removes one)."""
    args = request.args.to_dict()
    for key, value in changes.items():
        if value is None or value == "":
            args.pop(key, None)
        else:
            args[key] = value
    return request.path + ("?" + urlencode(args) if args else "")


def public_url(endpoint, **values):
    """An absolute URL to give to people outside: on PUBLIC_BASE_URL when set (behind a proxy)."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def digits_filter(value):
    """Numbers as the office writes them in letters and certificates: Thai digits when THAI_DIGITS is on."""
    text = "" if value is None else str(value)
    return thai.thai_digits(text) if current_app.config.get("THAI_DIGITS") else text


def register(app):
    from app import qr
    from app.auth.forms import role_choices
    from app.directory import labels
    from app.reports import breaks

    app.add_template_filter(date_filter, "thai_date")
    app.add_template_filter(time_filter, "thai_time")
    app.add_template_filter(datetime_filter, "thai_datetime")
    app.add_template_filter(fiscal_year_filter, "fiscal_year")
    app.add_template_filter(digits_filter, "office_digits")
    for name in ("keep_words", "keep_numbers", "url_parts", "no_lone_last_word"):
        app.add_template_filter(getattr(breaks, name), name)
    app.add_template_global(url_with)
    app.add_template_global(public_url)
    app.add_template_global(qr.qr_svg)
    app.add_template_global(qr.qr_data_uri)

    @app.context_processor
    def globals_for_templates():
        return {
            "office_name": current_app.config["OFFICE_NAME"],
            "office_address": current_app.config["OFFICE_ADDRESS"],
            "office_phone": current_app.config.get("OFFICE_PHONE", ""),
            "current_locale": str(get_locale()),
            "labels": labels,
            "role_labels": dict(role_choices()),
        }
