"""How Flask-Login finds the user: an API bearer token, else the session or remember-me cookie.

A request that sends a bearer token is the token's: a valid one wins over any cookie, and an
invalid one leaves the request anonymous (401) even beside a good cookie. A cookie names the user
as "<id>:<session version>" (User.get_id), so raising the version ends every cookie at once.
"""

from flask import current_app, g, jsonify, redirect, request, url_for
from flask_babel import lazy_gettext as _l

from app.auth.models import User
from app.auth.service import user_for_token
from app.extensions import db


def wants_json():
    return request.path.startswith("/api/")


def bearer_token():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def token_user():
    """The active user of the request's bearer token, looked up once per request; or None.

    A view marked with looks_up_token_with looks the token up in its own first statement instead.
    """
    if "token_user" not in g:
        view = current_app.view_functions.get(request.endpoint)
        lookup = getattr(view, "token_lookup", user_for_token)
        g.token_user = lookup(bearer_token())
    return g.token_user


def looks_up_token_with(lookup):
    """Mark a view that finds its bearer token's user in the statement that reads its own data.

    `lookup(token)` returns the active user of a standing token, or None, as user_for_token does;
    it runs when anything first asks for the user (a before_request hook, the role check). A
    request the door's phones send every second then costs one round trip to the database less.
    """

    def mark(view):
        view.token_lookup = lookup
        return view

    return mark


def authenticated_by_token():
    """Whether the request's user is the one its valid bearer token names (not a cookie's)."""
    return bearer_token() is not None and g.get("token_user") is not None


def user_of_cookie(user_id):
    """The active user a session or remember-me cookie names, while its session version holds."""
    id_part, _, version = str(user_id).partition(":")
    if not id_part.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(id_part))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def register_login_loaders(login_manager):
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id):
        if bearer_token() is not None:
            return token_user()
        return user_of_cookie(user_id)

    @login_manager.request_loader
    def load_user_from_token(_request):
        return token_user() if bearer_token() is not None else None

    @login_manager.unauthorized_handler
    def unauthorized():
        if wants_json():
            body = {"error": {"code": "unauthorized", "message": "Log in or send a valid bearer token."}}
            return jsonify(body), 401
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
