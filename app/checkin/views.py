"""The door staff's pages of check-in at /forums/<id>/checkin/…: search with one-tap check-in, walk-ins, undo.

The blueprint is shared by every check-in page module; the scanner page itself
(GET /forums/<id>/checkin) is registered on it by its own module.
"""

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import DOOR, is_safe_next, role_required
from app.checkin import attendance, labels, service, walkins
from app.checkin.forms import CheckInForm, UndoForm, WalkInForm
from app.checkin.models import CheckIn, Method, Scan
from app.extensions import db
from app.forums.models import Forum, ForumStatus
from app.forums.service import seats_left
from app.forums.views import get_forum_or_404
from app.params import record_id
from app.registration import service as registration_service
from app.registration.fields import RegistrationDataError
from app.registration.forms import form_for
from app.registration.models import Registration
from app.registration.organizations import search_organization_names
from app.registration.questions import questions_of
from app.timeutil import utcnow

bp = Blueprint("checkin", __name__, url_prefix="/forums")
#: How far ahead the door's list of forums looks.
DOOR_LOOKAHEAD = timedelta(days=7)
_METHODS = {Method.SEARCH.value: Method.SEARCH, Method.TICKET_PAGE.value: Method.TICKET_PAGE}


@bp.app_context_processor
def checkin_helpers():
    return {"checkin_labels": labels}


def get_registration_or_404(forum, registration_id):
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.forum_id != forum.id:
        abort(404)
    return registration


def _back(form, forum):
    target = form.next.data
    return target if is_safe_next(target) else url_for("checkin.search", forum_id=forum.id)


@bp.get("/door")
@role_required(*DOOR)
def forums():
    """The forums happening now or within a week: where door staff start."""
    now = utcnow()
    rows = db.session.scalars(
        select(Forum)
        .where(
            Forum.status.in_([ForumStatus.OPEN, ForumStatus.CLOSED]),
            Forum.ends_at >= now - timedelta(hours=12),
            Forum.starts_at <= now + DOOR_LOOKAHEAD,
        )
        .order_by(Forum.starts_at)
    ).all()
    return render_template("checkin/forums.html", forums=rows, now=now)


@bp.get("/<int:forum_id>/checkin/search")
@role_required(*DOOR)
def search(forum_id):
    forum = get_forum_or_404(forum_id)
    door_open = service.door_is_open(forum, utcnow())
    may_correct = service.may_correct(current_user)
    query = request.args.get("q", "")[:200]
    # While the door is closed, door staff see no names (the roster follows the door's window).
    found = attendance.search(forum, query) if query.strip() and (door_open or may_correct) else []
    day = service.current_day(forum)
    done = db.session.get(Scan, request.args.get("done", type=record_id) or 0)
    if done is not None and (done.forum_id != forum.id or done.user_id != current_user.id):
        done = None
    return render_template(
        "checkin/search.html",
        forum=forum,
        query=query,
        found=found,
        standing=service.standing_checkins(found, day),
        day=day,
        done=done,
        form=CheckInForm(),
        undo_form=UndoForm(),
        door_open=door_open,
        may_correct=may_correct,
    )


@bp.post("/<int:forum_id>/checkin/registrations/<int:registration_id>")
@role_required(*DOOR)
def check_in(forum_id, registration_id):
    forum = get_forum_or_404(forum_id)
    registration = get_registration_or_404(forum, registration_id)
    form = CheckInForm()
    if not form.validate_on_submit():
        abort(400)
    method = _METHODS.get(form.via.data, Method.SEARCH)
    answer = service.check_in_registration(registration, current_user, method, correction=form.reason.data)
    db.session.commit()
    if method == Method.TICKET_PAGE:
        flash(
            f"{labels.RESULT_LABELS[answer.result]}: {registration.full_name}",
            labels.RESULT_STYLES[answer.result],
        )
        return redirect(_back(form, forum))
    return redirect(url_for("checkin.search", forum_id=forum.id, done=answer.scan_id))


@bp.post("/<int:forum_id>/checkin/checkins/<int:checkin_id>/undo")
@role_required(*DOOR)
def undo(forum_id, checkin_id):
    forum = get_forum_or_404(forum_id)
    checkin = db.session.get(CheckIn, checkin_id)
    if checkin is None or checkin.forum_id != forum.id:
        abort(404)
    form = UndoForm()
    if not form.validate_on_submit():
        flash(_("Say why the check-in is undone."), "error")
        return redirect(_back(form, forum))
    try:
        service.undo(checkin, current_user, form.reason.data)
    except service.CheckInError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(_back(form, forum))
    db.session.commit()
    flash(_("The check-in of %(name)s is undone.", name=checkin.registration.full_name), "success")
    return redirect(_back(form, forum))


@bp.route("/<int:forum_id>/checkin/walk-in", methods=["GET", "POST"])
@role_required(*DOOR)
def walk_in(forum_id):
    forum = get_forum_or_404(forum_id)
    questions = questions_of(forum)
    form = form_for(WalkInForm, questions)
    existing = None
    data = form.registration_data(questions)
    if data is not None:
        reason = form.override_reason.data if form.override.data else ""
        try:
            answer = walkins.admit_walk_in(forum, data, current_user, override_reason=reason)
        except RegistrationDataError as error:
            form.show_errors(error.errors)
        except registration_service.AlreadyRegistered as error:
            existing = error.registration
        except (service.CheckInError, registration_service.RegistrationError) as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            return redirect(url_for("checkin.search", forum_id=forum.id, done=answer.scan_id))
        db.session.rollback()
    required_questions, optional_questions = form.questions_by_need(questions)
    return render_template(
        "checkin/walk_in.html",
        forum=forum,
        form=form,
        required_questions=required_questions,
        optional_questions=optional_questions,
        existing=existing,
        checkin_form=CheckInForm(),
        seats_left=seats_left(forum),
        may_override=walkins.may_override(current_user),
        **registration_service.notice_context(),
    )


@bp.get("/<int:forum_id>/checkin/organizations")
@role_required(*DOOR)
def organization_search(forum_id):
    """The walk-in form's type-ahead: names of the directory's active organizations, as the public form's."""
    get_forum_or_404(forum_id)
    return {"items": search_organization_names(request.args.get("q", "").replace("\x00", ""))}


from app.checkin import organizer_views  # noqa: E402,F401  (its routes register on bp)
