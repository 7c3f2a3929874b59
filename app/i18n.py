"""Which language and time zone a request is served in."""

from flask import current_app, has_request_context, session


def select_locale():
    """The language the person chose (kept in the session), else Thai (also outside a request: CLI, jobs)."""
    chosen = session.get("lang") if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone():
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def remember_locale(lang):
    """Keep the chosen language for the rest of the visit; unknown languages are ignored."""
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        session.permanent = True
