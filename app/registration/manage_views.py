"""A participant's own manage page (/m/<token>) and an invited organization's delegates (/i/<token>/…)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.extensions import db, limiter
from app.forums import invitations as forum_invitations
from app.registration import notices, service
from app.registration.fields import RegistrationDataError
from app.registration.forms import PersonForm, form_for
from app.registration.models import Registration
from app.registration.public_views import _public_limit, bp, is_mine, remember
from app.registration.questions import questions_of


def get_managed_or_404(token):
    registration = service.find_by_manage_token(token)
    if registration is None or not registration.forum.is_public:
        abort(404)
    return registration


def _save(form, questions, change):
    """Read the form and apply `change(data)`; its result, or None with the errors next to their fields."""
    data = form.registration_data(questions)
    if data is None:
        return None
    try:
        return change(data)
    except RegistrationDataError as error:
        form.show_errors(error.errors)
    except service.AlreadyRegistered:
        form.phone.errors = [
            *form.phone.errors,
            _("This phone number or e-mail address is already registered."),
        ]
    except service.RegistrationError as error:
        flash(str(error), "error")
    db.session.rollback()
    return None


def cancel_and_tell(registration, cancel):
    """`cancel(registration)`, commit and e-mail the person; False, with the reason said, if it cannot be."""
    try:
        cancel(registration)
    except service.RegistrationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return False
    notices.queue("cancelled", [registration])
    db.session.commit()
    return True


@bp.route("/m/<token>", methods=["GET", "POST"])
@limiter.limit(_public_limit, methods=["POST"])
def manage(token):
    registration = get_managed_or_404(token)
    questions = questions_of(registration.forum)
    form = form_for(PersonForm, questions)
    if request.method == "GET":
        form.fill_from(registration)
    elif _save(form, questions, lambda data: service.update_registration(registration, data)):
        db.session.commit()
        remember(registration)
        flash(_("Your details are saved."), "success")
        return redirect(url_for("registration_public.manage", token=token))
    return render_template(
        "registration/manage.html",
        registration=registration,
        forum=registration.forum,
        form=form,
        questions=form.question_fields(questions),
    )


@bp.post("/m/<token>/cancel")
@limiter.limit(_public_limit)
def cancel(token):
    registration = get_managed_or_404(token)
    if not cancel_and_tell(registration, service.cancel):
        return redirect(url_for("registration_public.manage", token=token))
    flash(_("Your registration is cancelled. Thank you for letting us know."), "info")
    return redirect(url_for("registration_public.ticket", code=registration.ticket_code))


def get_delegate_or_404(token, registration_id):
    invitation = forum_invitations.find_invitation(token)
    registration = db.session.get(Registration, registration_id)
    if invitation is None or registration is None or registration.invitation_id != invitation.id:
        abort(404)
    return invitation, registration


def _not_yours(token):
    """An invitation's link is pasted into LINE groups: holding it is not enough to cancel or replace
    someone. The person's own manage link, the browser that registered them, or the organization's
    contact confirming by e-mail (change_views.py) is."""
    flash(
        _(
            "Only the person (with the link in their e-mail) or whoever registered them on this phone can "
            "cancel or replace a registration. Ask them, ask here for your organization's contact to confirm "
            "by e-mail, or call the office."
        ),
        "error",
    )
    return redirect(url_for("forums_public.invitation", token=token))


@bp.route("/i/<token>/delegates/<int:registration_id>/replace", methods=["GET", "POST"])
@limiter.limit(_public_limit, methods=["POST"])
def replace(token, registration_id):
    invitation, old = get_delegate_or_404(token, registration_id)
    if not is_mine(old):
        return _not_yours(token)
    questions = questions_of(invitation.forum)
    form = form_for(PersonForm, questions)
    saved = request.method == "POST" and _save(
        form, questions, lambda data: service.replace_delegate(old, data)
    )
    if saved:
        remember(saved)  # this browser made the new registration: it may change it too
        notices.queue("ticket", [saved])
        notices.queue("cancelled", [old])
        db.session.commit()
        flash(_("%(new)s now has the place of %(old)s.", new=saved.full_name, old=old.full_name), "success")
        return redirect(url_for("forums_public.invitation", token=token))
    return render_template(
        "registration/replace.html",
        invitation=invitation,
        forum=invitation.forum,
        old=old,
        form=form,
        questions=form.question_fields(questions),
        **service.notice_context(),
    )


@bp.post("/i/<token>/delegates/<int:registration_id>/cancel")
@limiter.limit(_public_limit)
def cancel_delegate(token, registration_id):
    _invitation, registration = get_delegate_or_404(token, registration_id)
    if not is_mine(registration):
        return _not_yours(token)
    if cancel_and_tell(registration, service.cancel):
        flash(_("The registration of %(name)s is cancelled.", name=registration.full_name), "info")
    return redirect(url_for("forums_public.invitation", token=token))
