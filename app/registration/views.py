"""The organizer's pages of a forum's registrations: the table, exports, changes on someone's behalf."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.auth.access import STAFF, role_required
from app.directory import labels as directory_labels
from app.extensions import db
from app.forums.service import forum_counts
from app.forums.views import get_forum_or_404
from app.params import page_number, record_id
from app.registration import listing, notices, service
from app.registration.capacity import CapacityError
from app.registration.fields import RegistrationDataError
from app.registration.forms import CapacityForm, MessageForm, StaffRegistrationForm, form_for
from app.registration.models import Registration, Source
from app.registration.organizations import unlisted_names
from app.registration.questions import questions_of

bp = Blueprint("registration", __name__, url_prefix="/forums")
#: One page of the table: a phone shows it in a few screens (97 people at once were 42,000 px).
PER_PAGE = 30


def get_registration_or_404(forum, registration_id):
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.forum_id != forum.id:
        abort(404)
    return registration


def filter_from_request():
    return listing.RegistrationFilter(
        status=request.args.get("status", ""),
        organization_id=request.args.get("organization", type=record_id),
        kind=request.args.get("kind", ""),
        q=request.args.get("q", "")[:200],
        unlisted=request.args.get("unlisted") == "1",
    )


def _table_url(forum):
    return url_for("registration.index", forum_id=forum.id)


@bp.route("/<int:forum_id>/registrations")
@role_required(*STAFF)
def index(forum_id):
    forum = get_forum_or_404(forum_id)
    registration_filter = filter_from_request()
    page = request.args.get("page", 1, type=page_number)
    registrations, total = listing.list_registrations(forum, registration_filter, page, PER_PAGE)
    return render_template(
        "registration/index.html",
        forum=forum,
        registrations=registrations,
        total=total,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        filter=registration_filter,
        counts=forum_counts(forum),
        organizations=listing.organizations_registered(forum),
        kinds=directory_labels.KIND_LABELS,
        unlisted=unlisted_names(forum),
        capacity_form=CapacityForm(capacity=forum.capacity),
    )


@bp.route("/<int:forum_id>/registrations.<any(xlsx, csv):fmt>")
@role_required(*STAFF)
def export(forum_id, fmt):
    forum = get_forum_or_404(forum_id)
    registration_filter = filter_from_request()
    if fmt == "xlsx":
        body = listing.export_xlsx(forum, registration_filter)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, mimetype = listing.export_csv(forum, registration_filter), "text/csv; charset=utf-8"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="registrations-{forum.id}.{fmt}"'},
    )


def _save(form, questions, change):
    """Read the form and apply `change(data)`; its result, or None with the errors next to their fields."""
    data = form.registration_data(questions)
    if data is None:
        return None
    try:
        return change(data)
    except RegistrationDataError as error:
        form.show_errors(error.errors)
    except service.AlreadyRegistered as error:
        existing = error.registration
        form.phone.errors = [
            *form.phone.errors,
            _(
                "Already registered: %(name)s (%(org)s).",
                name=existing.full_name,
                org=existing.organization_display,
            ),
        ]
    except service.RegistrationError as error:
        flash(str(error), "error")
    db.session.rollback()
    return None


@bp.route("/<int:forum_id>/registrations/new", methods=["GET", "POST"])
@role_required(*STAFF)
def create(forum_id):
    forum = get_forum_or_404(forum_id)
    questions = questions_of(forum)
    form = form_for(StaffRegistrationForm, questions)
    registration = _save(
        form, questions, lambda data: service.register(forum, data, source=Source.STAFF, actor=current_user)
    )
    if registration is not None:
        notices.queue("ticket", [registration], current_user)
        db.session.commit()
        if registration.is_waitlisted:
            message = _(
                "%(name)s is on the waitlist, number %(n)d.",
                name=registration.full_name,
                n=registration.waitlist_position,
            )
        else:
            message = _("%(name)s is registered.", name=registration.full_name)
        flash(message, "success")
        return redirect(_table_url(forum))
    return render_template(
        "registration/staff_form.html",
        forum=forum,
        form=form,
        registration=None,
        questions=form.question_fields(questions),
        closed_reason=service.closed_reason(forum, by_staff=True),
    )


@bp.route("/<int:forum_id>/registrations/<int:registration_id>", methods=["GET", "POST"])
@role_required(*STAFF)
def edit(forum_id, registration_id):
    forum = get_forum_or_404(forum_id)
    registration = get_registration_or_404(forum, registration_id)
    questions = questions_of(forum)
    form = form_for(StaffRegistrationForm, questions)
    if request.method == "GET":
        form.fill_from(registration)
    elif _save(form, questions, lambda data: service.update_registration(registration, data, current_user)):
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("registration.edit", forum_id=forum.id, registration_id=registration.id))
    return render_template(
        "registration/staff_form.html",
        forum=forum,
        form=form,
        registration=registration,
        questions=form.question_fields(questions),
        closed_reason=None,
    )


@bp.post("/<int:forum_id>/registrations/<int:registration_id>/cancel")
@role_required(*STAFF)
def cancel(forum_id, registration_id):
    forum = get_forum_or_404(forum_id)
    registration = get_registration_or_404(forum, registration_id)
    try:
        promoted = service.cancel(registration, current_user)
    except service.RegistrationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(_table_url(forum))
    notices.queue("cancelled", [registration], current_user)
    db.session.commit()
    message = _("The registration of %(name)s is cancelled.", name=registration.full_name)
    if promoted:
        names = ", ".join(r.full_name for r in promoted)
        message += " " + _("The seat went to %(names)s from the waitlist.", names=names)
    flash(message, "success")
    return redirect(_table_url(forum))


@bp.post("/<int:forum_id>/registrations/<int:registration_id>/promote")
@role_required(*STAFF)
def promote(forum_id, registration_id):
    forum = get_forum_or_404(forum_id)
    registration = get_registration_or_404(forum, registration_id)
    before = forum.capacity
    try:
        service.promote_by_hand(registration)
    except CapacityError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(_table_url(forum))
    db.session.commit()
    message = _("%(name)s now has a seat.", name=registration.full_name)
    if forum.capacity > before:
        message += " " + _("The forum has %(n)d seats now.", n=forum.capacity)
    flash(message, "success")
    return redirect(_table_url(forum))


@bp.post("/<int:forum_id>/capacity")
@role_required(*STAFF)
def change_capacity(forum_id):
    forum = get_forum_or_404(forum_id)
    form = CapacityForm()
    if not form.validate_on_submit():
        flash(_("The number of seats must be at least 1."), "error")
        return redirect(_table_url(forum))
    try:
        promoted = service.raise_capacity(forum, form.capacity.data)
    except CapacityError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(_table_url(forum))
    db.session.commit()
    message = _("The forum has %(n)d seats now.", n=forum.capacity)
    if promoted:
        message += " " + ngettext(
            "%(num)d person moved up from the waitlist.",
            "%(num)d people moved up from the waitlist.",
            len(promoted),
        )
    flash(message, "success")
    return redirect(_table_url(forum))


@bp.route("/<int:forum_id>/registrations/message", methods=["GET", "POST"])
@role_required(*STAFF)
def message(forum_id):
    forum = get_forum_or_404(forum_id)
    form = MessageForm()
    if form.validate_on_submit():
        job = notices.send_message(forum, form.audience.data, form.subject.data, form.body.data, current_user)
        if job is None:
            flash(_("Nobody in this group has an e-mail address."), "warning")
            return redirect(url_for("registration.message", forum_id=forum.id))
        db.session.commit()
        flash(_("The message is being sent; the page of the sending shows how far it is."), "success")
        return redirect(url_for("jobs.show", job_id=job.id))
    reach = {audience: len(notices.recipients(forum, audience)) for audience in notices.AUDIENCES}
    return render_template("registration/message.html", forum=forum, form=form, reach=reach)


from app.registration import organizer_views  # noqa: E402,F401  (routes register on bp)
