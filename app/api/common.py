"""What every API endpoint shares: paging, role checks, JSON bodies, errors."""

from functools import wraps

from flask import abort, request
from flask_login import current_user

from app.errors import json_error
from app.extensions import db

MAX_PER_PAGE = 200


class ApiError(Exception):
    """An error answer: `fields` maps a field to its message; `extra` holds other keys (ids, states)."""

    def __init__(self, status, code, message, fields=None, extra=None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields, self.extra = status, code, message, fields, extra

    def response(self):
        return json_error(self.status, self.code, self.message, self.fields, self.extra)


def api_roles(*roles):
    """401 without a login or token, 403 for a role that may not."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return json_error(401, "unauthorized", "Log in or send a valid bearer token.")
            if not current_user.has_role(*roles):
                return json_error(403, "forbidden", "Your role may not do this.")
            try:
                return view(*args, **kwargs)
            except ApiError as error:
                return error.response()

        return wrapped

    return decorator


def page_body(items, total, page, per_page):
    return {"items": items, "total": total, "page": page, "per_page": per_page}


def json_body():
    """The request's JSON object, or a 400/415 that says what is wrong."""
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "Send JSON with Content-Type: application/json.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "bad_json", "The body must be a JSON object.")
    return body


def get_or_404(model, object_id):
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj
