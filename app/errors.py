"""Error pages for people and JSON errors for the API: never a bare 500 for client input."""

from flask import current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from app.extensions import db

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
}


def _messages():
    return {
        400: _("The request could not be understood."),
        403: _("You do not have permission to open this page."),
        404: _("This page does not exist."),
        405: _("This action is not allowed here."),
        413: _("The file is too large."),
        429: _("Too many attempts. Please wait a moment and try again."),
        500: _("Something went wrong on our side. It has been logged."),
    }


#: A body up to this many times MAX_CONTENT_LENGTH is read to its end before a 413 answer.
DRAIN_FACTOR = 10


def drain_request_body():
    """Read the rest of a body that is too large, so that the client gets to see the answer.

    A server that answers and closes while the client is still sending makes the client
    report a broken connection instead of the 413. Absurd sizes are not read.
    """
    length = request.content_length or 0
    if length > DRAIN_FACTOR * (current_app.config["MAX_CONTENT_LENGTH"] or 0):
        return
    stream = request.environ["wsgi.input"]
    while length > 0:
        chunk = stream.read(min(length, 64 * 1024))
        if not chunk:
            return
        length -= len(chunk)


#: The scheme a 401 asks for (RFC 9110 says a 401 names one).
WWW_AUTHENTICATE = 'Bearer realm="api"'


def json_error(status, code, message, fields=None, extra=None):
    """The API's error body; `fields` maps a field to its message, `extra` adds other keys (an id)."""
    body = {"error": {"code": code, "message": message, **(extra or {})}}
    if fields:
        body["error"]["fields"] = fields
    headers = {"WWW-Authenticate": WWW_AUTHENTICATE} if status == 401 else {}
    return jsonify(body), status, headers


def _render(status, message, headers=None):
    if request.path.startswith("/api/"):
        response, status, own = json_error(status, CODES.get(status, "error"), message)
        return response, status, {**own, **(headers or {})}
    return render_template("errors/error.html", status=status, message=message), status, headers or {}


def handle_http(error):
    if isinstance(error, SecurityError):
        # A Host header outside TRUSTED_HOSTS: no link can be built for it, so no page either.
        return _("This address is not served here."), 400, {"Content-Type": "text/plain; charset=utf-8"}
    if error.code == 413:
        drain_request_body()
    message = _messages().get(error.code) or error.description
    headers = {}
    if error.code == 405 and getattr(error, "valid_methods", None):
        # RFC 9110: a 405 lists the methods the resource has.
        headers["Allow"] = ", ".join(sorted(error.valid_methods))
    return _render(error.code, message, headers)


def handle_csrf(error):
    return _render(400, _("The form expired. Please go back, reload the page and try again."))


def handle_unexpected(error):
    db.session.rollback()
    if isinstance(error, HTTPException):
        return handle_http(error)
    return _render(500, _messages()[500])


def register(app):
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_unexpected)
