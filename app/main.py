"""The home page (what needs doing now), the language switch and the health check."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import text

from app.auth.access import is_safe_next
from app.auth.models import Role
from app.extensions import db
from app.home.service import DOCUMENTS_TO_PRINT, what_needs_doing
from app.i18n import remember_locale
from app.reports import generated
from app.thai import to_bangkok
from app.timeutil import utcnow

bp = Blueprint("main", __name__)


@bp.route("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.has_role(Role.CHECKIN):
        return redirect(url_for("checkin.forums"))
    now = utcnow()
    return render_template(
        "home/index.html",
        todo=what_needs_doing(now),
        today=to_bangkok(now).date(),
        print_documents=[generated.get(name) for name in DOCUMENTS_TO_PRINT],
    )


@bp.route("/lang/<lang>")
def set_language(lang):
    remember_locale(lang)
    target = request.args.get("next")
    return redirect(target if is_safe_next(target) else url_for("main.home"))


@bp.route("/healthz")
def health():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
