"""The admin's pages: staff accounts and roles."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth import service
from app.auth.access import role_required
from app.auth.forms import EditUserForm, NewUserForm
from app.auth.models import Role, User
from app.extensions import db
from app.forums import changelog

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@role_required(Role.ADMIN)
def users():
    rows = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    return render_template("admin/users.html", users=rows, form=NewUserForm())


@bp.post("/users")
@role_required(Role.ADMIN)
def create_user():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user, password = service.create_user(form.email.data, form.role.data, name=form.name.data)
        except service.AccountError as error:
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(
                _(
                    "Account %(email)s created. One-time password: %(password)s",
                    email=user.email,
                    password=password,
                ),
                "success",
            )
    else:
        for errors in form.errors.values():
            flash(" ".join(errors), "danger")
    return redirect(url_for("admin.users"))


@bp.route("/forum-changes")
@role_required(Role.ADMIN)
def forum_changes():
    """Who created, changed or deleted each forum (app/forums/changelog.py), newest first."""
    changes, total = changelog.list_changes()
    return render_template("admin/forum_changes.html", changes=changes, total=total)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_user(user_id):
    user = db.get_or_404(User, user_id)
    form = EditUserForm(obj=user)
    if form.validate_on_submit():
        try:
            service.set_role(user, form.role.data, current_user)
            service.set_active(user, form.active.data, current_user)
        except service.AccountError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            user.name = form.name.data.strip()
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_edit.html", user=user, form=form)


@bp.post("/users/<int:user_id>/reset-password")
@role_required(Role.ADMIN)
def reset_password(user_id):
    user = db.get_or_404(User, user_id)
    password = service.reset_password(user)
    db.session.commit()
    flash(
        _("New one-time password for %(email)s: %(password)s", email=user.email, password=password), "success"
    )
    return redirect(url_for("admin.edit_user", user_id=user.id))
