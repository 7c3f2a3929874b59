"""Action items: added on a forum's notes page, listed across all forums, edited and ticked off."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import STAFF, is_safe_next, role_required
from app.extensions import db
from app.forums.service import fiscal_years
from app.forums.views import get_forum_or_404
from app.notes import actions
from app.notes.forms import ActionItemForm
from app.notes.models import ActionItem, ActionStatus
from app.notes.service import NoteDataError
from app.notes.views import render_notes_page
from app.params import fiscal_year, page_number

bp = Blueprint("actions", __name__)
PER_PAGE = 50


def get_item_or_404(action_id):
    item = db.session.get(ActionItem, action_id)
    if item is None:
        abort(404)
    return item


def _back(default):
    target = request.form.get("next") or request.args.get("next")
    return redirect(target if is_safe_next(target) else default)


def filter_from_request():
    return actions.ActionItemFilter(
        owner=request.args.get("owner", ""),
        status=request.args.get("status", ""),
        fiscal_year=request.args.get("fy", type=fiscal_year),
        overdue=request.args.get("overdue") == "1",
    )


@bp.route("/action-items/")
@role_required(*STAFF)
def index():
    item_filter = filter_from_request()
    page = request.args.get("page", 1, type=page_number)
    items, total = actions.list_action_items(item_filter, page, PER_PAGE)
    organizations, users = actions.owners_in_use()
    return render_template(
        "notes/action_items.html",
        items=items,
        total=total,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        filter=item_filter,
        owner_organizations=organizations,
        owner_users=users,
        fiscal_years=fiscal_years(),
    )


@bp.post("/forums/<int:forum_id>/action-items")
@role_required(*STAFF)
def create(forum_id):
    forum = get_forum_or_404(forum_id)
    form = ActionItemForm()
    form.fill_choices(forum)
    if form.validate_on_submit():
        try:
            item = actions.create_action_item(forum, form.item_data(forum), current_user)
        except NoteDataError as error:
            form.show_errors(error.errors)
        else:
            db.session.commit()
            flash(_("The action item is saved."), "success")
            return redirect(url_for("notes.index", forum_id=forum.id, _anchor=f"action-{item.id}"))
    return render_notes_page(forum, item_form=form, status=422)


@bp.route("/action-items/<int:action_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def edit(action_id):
    item = get_item_or_404(action_id)
    form = ActionItemForm()
    form.fill_choices(item.forum)
    if request.method == "GET":
        form.fill_from(item)
    elif form.validate_on_submit():
        try:
            actions.update_action_item(item, form.item_data(item.forum))
        except NoteDataError as error:
            form.show_errors(error.errors)
        else:
            db.session.commit()
            flash(_("The action item is saved."), "success")
            return redirect(url_for("notes.index", forum_id=item.forum_id, _anchor=f"action-{item.id}"))
    return render_template("notes/action_item_edit.html", item=item, form=form)


@bp.post("/action-items/<int:action_id>/status")
@role_required(*STAFF)
def set_status(action_id):
    item = get_item_or_404(action_id)
    status = request.form.get("status", "")
    if status not in set(ActionStatus):
        abort(400)
    actions.set_action_status(item, status)
    db.session.commit()
    return _back(url_for("notes.index", forum_id=item.forum_id, _anchor=f"action-{item.id}"))


@bp.post("/action-items/<int:action_id>/delete")
@role_required(*STAFF)
def delete(action_id):
    item = get_item_or_404(action_id)
    forum_id = item.forum_id
    actions.delete_action_item(item)
    db.session.commit()
    flash(_("The action item is deleted."), "success")
    return redirect(url_for("notes.index", forum_id=forum_id, _anchor="action-items"))
