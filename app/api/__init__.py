"""The JSON API, version 1 (../shared/API.md): bearer tokens or the browser's session."""

from flask import Blueprint, current_app, request
from flask_login import current_user

from app.auth.loaders import authenticated_by_token
from app.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


@bp.before_request
def protect_session_writes():
    """A token is not sent by a browser on its own, a cookie is: cookie writes need the CSRF token.

    Only a request that a valid token authenticates goes without; a bad token authenticates nobody.
    """
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    by_cookie = current_user.is_authenticated and not authenticated_by_token()
    if by_cookie and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


from app.api import (  # noqa: E402,F401  (routes register on bp)
    checkin,
    forums,
    network,
    notes,
    openapi,
    organizations,
    registrations,
    transfer,
    walk_ins,
)
