"""The organizer's pages of a forum: list, planning form, the forum page, lifecycle and agenda."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.auth.access import STAFF, role_required
from app.extensions import db
from app.forums import agenda, labels, links, mailing, service, stages
from app.forums.display import time_range, when_parts, when_text
from app.forums.forms import AgendaItemForm, CancelForm, ForumForm, PostponeForm
from app.forums.invitations import invitation_summary, notice_recipients
from app.forums.models import AgendaItem, Forum, NoticeKind
from app.forums.public_views import render_forum_page
from app.params import fiscal_year
from app.templating import date_filter
from app.timeutil import utcnow
from app.urls import link_base

bp = Blueprint("forums", __name__, url_prefix="/forums")


@bp.app_context_processor
def forum_helpers():
    return {
        "forum_labels": labels,
        "forum_links": links,
        "when_text": when_text,
        "when_parts": when_parts,
        "time_range": time_range,
    }


def get_forum_or_404(forum_id):
    forum = db.session.get(Forum, forum_id)
    if forum is None:
        abort(404)
    return forum


def get_item_or_404(forum, item_id):
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.forum_id != forum.id:
        abort(404)
    return item


def filter_from_request():
    return service.ForumFilter(
        when=request.args.get("when", "upcoming"),
        fiscal_year=request.args.get("fy", type=fiscal_year),
        status=request.args.get("status", ""),
        organizer_id=current_user.id if request.args.get("mine") == "1" else None,
    )


@bp.route("/")
@role_required(*STAFF)
def index():
    forum_filter = filter_from_request()
    forums = service.list_forums(forum_filter)
    return render_template(
        "forums/index.html",
        groups=service.group_by_fiscal_year(forums),
        counts=service.counts_for(forums),
        filter=forum_filter,
        fiscal_years=service.fiscal_years(),
        total=len(forums),
    )


def _staff_form(form):
    staff = service.staff_choices()
    form.organizers.choices = [(u.id, u.display_name) for u in staff]
    return {u.id: u for u in staff}


def _save(form, users, forum=None):
    if not form.validate_on_submit():
        return None
    try:
        if forum is None:
            return service.create_forum(form.forum_data(users), current_user)
        return service.update_forum(forum, form.forum_data(users))
    except service.ForumDataError as error:
        form.show_errors(error.errors)
        return None


@bp.route("/new", methods=["GET", "POST"])
@role_required(*STAFF)
def create():
    form = ForumForm()
    users = _staff_form(form)
    if request.method == "GET":
        form.organizers.data = [current_user.id]
    forum = _save(form, users)
    if forum is not None:
        db.session.commit()
        flash(_("The forum is saved as a draft. Add the agenda and invite organizations."), "success")
        return redirect(url_for("forums.show", forum_id=forum.id))
    return render_template("forums/form.html", form=form, forum=None)


@bp.route("/<int:forum_id>")
@role_required(*STAFF)
def show(forum_id):
    forum = get_forum_or_404(forum_id)
    counts = service.forum_counts(forum)
    agenda_form = AgendaItemForm()
    agenda_form.day.choices = day_choices(forum)
    last_notice = forum.notices[-1] if forum.notices else None
    notice_job = mailing.notice_job(last_notice) if last_notice else None
    now = utcnow()
    stage = forum.stage_at(now)
    return render_template(
        "forums/show.html",
        forum=forum,
        stage=stage,
        first_sections=stages.FIRST[stage],
        side_sections=stages.SIDE[stage],
        missing=stages.missing_before_opening(forum, now, counts["invited"]),
        counts=counts,
        seats_left=service.seats_left(forum, counts),
        summary=invitation_summary(forum),
        agenda_form=agenda_form,
        last_notice=last_notice,
        recipients=notice_recipients(forum, last_notice.kind) if last_notice else [],
        notice_job=notice_job,
        unreached=mailing.unreached(notice_job) if notice_job else [],
    )


@bp.route("/<int:forum_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def edit(forum_id):
    forum = get_forum_or_404(forum_id)
    form = ForumForm(obj=forum)
    users = _staff_form(form)
    if request.method == "GET":
        form.fill_from(forum)
    if _save(form, users, forum) is not None:
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("forums.show", forum_id=forum.id))
    return render_template("forums/form.html", form=form, forum=forum)


STATUS_ACTIONS = {
    "open": (service.open_forum, _l("The forum is open: its public page is online.")),
    "close": (service.close_forum, _l("Registration is closed.")),
    "finish": (service.finish_forum, _l("The forum is marked as finished.")),
}


@bp.post("/<int:forum_id>/status")
@role_required(*STAFF)
def change_status(forum_id):
    forum = get_forum_or_404(forum_id)
    action = STATUS_ACTIONS.get(request.form.get("action", ""))
    if action is None:
        abort(400)
    verb, message = action
    try:
        verb(forum)
    except service.ForumError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(str(message), "success")
    return redirect(url_for("forums.show", forum_id=forum.id))


@bp.route("/<int:forum_id>/cancel", methods=["GET", "POST"])
@role_required(*STAFF)
def cancel(forum_id):
    forum = get_forum_or_404(forum_id)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            notice = service.cancel_forum(forum, form.reason.data, current_user)
        except service.ForumError as error:
            flash(str(error), "error")
        else:
            mailing.send_notice(notice, current_user, link_base())
            db.session.commit()
            flash(_("The forum is cancelled. Everybody invited is being told by e-mail."), "success")
        return redirect(url_for("forums.show", forum_id=forum.id))
    recipients = notice_recipients(forum, NoticeKind.CANCELLED)
    return render_template("forums/notice.html", forum=forum, form=form, recipients=recipients, kind="cancel")


@bp.route("/<int:forum_id>/postpone", methods=["GET", "POST"])
@role_required(*STAFF)
def postpone(forum_id):
    forum = get_forum_or_404(forum_id)
    form = PostponeForm()
    if form.validate_on_submit():
        try:
            notice = service.postpone_forum(forum, *form.new_dates(), form.reason.data, current_user)
        except service.ForumDataError as error:
            form.starts_on.errors = [*form.starts_on.errors, *error.errors.values()]
        except service.ForumError as error:
            flash(str(error), "error")
            return redirect(url_for("forums.show", forum_id=forum.id))
        else:
            mailing.send_notice(notice, current_user, link_base())
            db.session.commit()
            flash(
                _("The forum is moved to its new date. Everybody invited is being told by e-mail."), "success"
            )
            return redirect(url_for("forums.show", forum_id=forum.id))
    recipients = notice_recipients(forum, NoticeKind.POSTPONED)
    return render_template(
        "forums/notice.html", forum=forum, form=form, recipients=recipients, kind="postpone"
    )


@bp.post("/<int:forum_id>/clone")
@role_required(*STAFF)
def clone(forum_id):
    copy = service.clone_forum(get_forum_or_404(forum_id), current_user)
    db.session.commit()
    flash(_("This is a copy with the agenda and the invitation list. Set its date and details."), "success")
    return redirect(url_for("forums.edit", forum_id=copy.id))


@bp.post("/<int:forum_id>/delete")
@role_required(*STAFF)
def delete(forum_id):
    forum = get_forum_or_404(forum_id)
    try:
        service.delete_forum(forum)
    except service.ForumError as error:
        flash(str(error), "error")
        return redirect(url_for("forums.show", forum_id=forum.id))
    db.session.commit()
    flash(_("The draft is deleted."), "success")
    return redirect(url_for("forums.index"))


@bp.get("/<int:forum_id>/preview")
@role_required(*STAFF)
def preview(forum_id):
    """The public page as participants will see it, drafts included, for the organizer only."""
    return render_forum_page(get_forum_or_404(forum_id), preview=True)


# The agenda


def day_choices(forum):
    return [(n, date_filter(day, "full")) for n, day in enumerate(forum.days, start=1)]


def _agenda_anchor(forum):
    return url_for("forums.show", forum_id=forum.id, _anchor="agenda")


@bp.post("/<int:forum_id>/agenda")
@role_required(*STAFF)
def add_agenda_item(forum_id):
    forum = get_forum_or_404(forum_id)
    form = AgendaItemForm()
    form.day.choices = day_choices(forum)
    if form.validate_on_submit():
        try:
            agenda.add_agenda_item(forum, form.item_data())
        except service.ForumDataError as error:
            form.show_errors(error.errors)
        else:
            db.session.commit()
            return redirect(_agenda_anchor(forum))
    return render_template("forums/agenda_item.html", forum=forum, form=form, item=None), 422


@bp.route("/<int:forum_id>/agenda/<int:item_id>", methods=["GET", "POST"])
@role_required(*STAFF)
def edit_agenda_item(forum_id, item_id):
    forum = get_forum_or_404(forum_id)
    item = get_item_or_404(forum, item_id)
    form = AgendaItemForm(obj=item)
    form.day.choices = day_choices(forum)
    if request.method == "GET":
        form.speaker_role.data = item.speaker_role.value if item.speaker_role else ""
    if form.validate_on_submit():
        try:
            agenda.update_agenda_item(item, form.item_data())
        except service.ForumDataError as error:
            form.show_errors(error.errors)
        else:
            db.session.commit()
            return redirect(_agenda_anchor(forum))
    return render_template("forums/agenda_item.html", forum=forum, form=form, item=item)


@bp.post("/<int:forum_id>/agenda/<int:item_id>/delete")
@role_required(*STAFF)
def delete_agenda_item(forum_id, item_id):
    forum = get_forum_or_404(forum_id)
    agenda.delete_agenda_item(get_item_or_404(forum, item_id))
    db.session.commit()
    return redirect(_agenda_anchor(forum))


@bp.post("/<int:forum_id>/agenda/<int:item_id>/move")
@role_required(*STAFF)
def move_agenda_item(forum_id, item_id):
    forum = get_forum_or_404(forum_id)
    offset = -1 if request.form.get("direction") == "up" else 1
    agenda.move_agenda_item(get_item_or_404(forum, item_id), offset)
    db.session.commit()
    return redirect(_agenda_anchor(forum))


# Routes in these modules register on bp.
from app.forums import invitation_views, letter_views, mailing_views  # noqa: E402,F401
