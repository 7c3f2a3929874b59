"""Login, logout, one's own password and API tokens."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import service
from app.auth.access import is_safe_next
from app.auth.forms import ChangePasswordForm, LoginForm, TokenForm
from app.auth.loaders import authenticated_by_token, wants_json
from app.auth.models import ApiToken
from app.errors import json_error
from app.extensions import db, limiter

bp = Blueprint("auth", __name__)

#: What a user who must change their password may still open.
OPEN_BEFORE_PASSWORD_CHANGE = {"auth.password", "auth.logout", "static", None}


@bp.before_app_request
def password_change_first():
    """A one-time password is changed before anything else is done with the account."""
    if request.endpoint in OPEN_BEFORE_PASSWORD_CHANGE or authenticated_by_token():
        return None
    if not (current_user.is_authenticated and current_user.must_change_password):
        return None
    if wants_json():
        return json_error(403, "password_change_required", "Change the one-time password first.")
    return redirect(url_for("auth.password"))


def _login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    next_path = request.args.get("next")
    target = next_path if is_safe_next(next_path) else url_for("main.home")
    # Someone already logged in who follows a "log in again" link goes where it leads.
    if current_user.is_authenticated:
        return redirect(target)
    form = LoginForm()
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data)
        if user is None:
            flash(_("Wrong e-mail or password, or the account is not active."), "danger")
        else:
            login_user(user, remember=form.remember.data)
            db.session.commit()
            if user.must_change_password:
                return redirect(url_for("auth.password"))
            return redirect(target)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere():
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    flash(_("You are logged out on every device."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append(_("This is not your current password."))
        else:
            try:
                service.change_password(current_user, form.new_password.data)
            except service.AccountError as error:
                form.new_password.errors.append(str(error))
            else:
                db.session.commit()
                # The change ended every session: this one goes on under the new session version.
                cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
                remembered = cookie in request.cookies
                login_user(current_user._get_current_object(), remember=remembered)
                flash(_("Your password is changed."), "success")
                return redirect(url_for("main.home"))
    return render_template("auth/password.html", form=form)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        new_token = service.create_token(current_user, form.name.data or "")
        db.session.commit()
    tokens = [t for t in current_user.tokens if t.revoked_at is None]
    return render_template("auth/profile.html", form=form, tokens=tokens, new_token=new_token)


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id):
    token = db.get_or_404(ApiToken, token_id)
    if token.user_id != current_user.id:
        return redirect(url_for("auth.profile"))
    service.revoke_token(token)
    db.session.commit()
    flash(_("The token is revoked."), "info")
    return redirect(url_for("auth.profile"))
