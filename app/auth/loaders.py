"""How Flask-Login finds the user: the session cookie or an API bearer token."""

from flask import jsonify, redirect, request, url_for
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


def register_login_loaders(login_manager):
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id):
        user = db.session.get(User, int(user_id)) if str(user_id).isdigit() else None
        return user if user is not None and user.active else None

    @login_manager.request_loader
    def load_user_from_token(_request):
        token = bearer_token()
        return user_for_token(token) if token else None

    @login_manager.unauthorized_handler
    def unauthorized():
        if wants_json():
            body = {"error": {"code": "unauthorized", "message": "Log in or send a valid bearer token."}}
            return jsonify(body), 401
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
