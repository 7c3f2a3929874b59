"""The home page, the language switch and the health check."""

from flask import Blueprint, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import text

from app.auth.access import is_safe_next
from app.auth.models import Role
from app.extensions import db
from app.i18n import remember_locale

bp = Blueprint("main", __name__)


@bp.route("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.has_role(Role.CHECKIN):
        return redirect(url_for("checkin.forums"))
    return redirect(url_for("forums.index"))


@bp.route("/lang/<lang>")
def set_language(lang):
    remember_locale(lang)
    target = request.args.get("next")
    return redirect(target if is_safe_next(target) else url_for("main.home"))


@bp.route("/healthz")
def health():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
