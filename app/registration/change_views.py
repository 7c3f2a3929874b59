"""Asking, from an invitation's page, to cancel or replace a delegate, and the organization's confirmation.

The rules are in app/registration/delegate_changes.py. Opening the e-mailed link changes nothing (mail
programs open links to check them): the contact confirms on the page it shows.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.extensions import db, limiter
from app.registration import delegate_changes, notices, service
from app.registration.forms import PersonForm, form_for
from app.registration.manage_views import _save, cancel_and_tell, get_delegate_or_404
from app.registration.public_views import _public_limit, bp, remember
from app.registration.questions import questions_of


@bp.post("/i/<token>/ask-change")
@limiter.limit(_public_limit)
def ask_change(token):
    _invitation, registration = get_delegate_or_404(token, request.form.get("registration_id", 0, type=int))
    try:
        sent = delegate_changes.request_change(registration, request.form.get("change", ""))
    except service.RegistrationError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(
            _(
                "We e-mailed your organization's contact (%(n)d addresses). Nothing changes until the "
                "link in that e-mail is followed.",
                n=sent,
            ),
            "info",
        )
    return redirect(url_for("forums_public.invitation", token=token))


@bp.route("/c/<token>", methods=["GET", "POST"])
@limiter.limit(_public_limit, methods=["POST"])
def confirm_change(token):
    try:
        registration, action = delegate_changes.read_link(token)
    except delegate_changes.LinkInvalid as error:
        return render_template("registration/change_invalid.html", message=str(error)), 404
    invitation = registration.invitation
    if action == "cancel":
        if request.method == "POST":
            return _cancel(token, registration)
        return render_template(
            "registration/confirm_cancel.html", registration=registration, forum=registration.forum
        )
    questions = questions_of(registration.forum)
    form = form_for(PersonForm, questions)
    saved = request.method == "POST" and _save(
        form, questions, lambda data: delegate_changes.confirm_replace(token, data)
    )
    if saved:
        remember(saved)
        notices.queue("ticket", [saved])
        notices.queue("cancelled", [registration])
        db.session.commit()
        flash(
            _("%(new)s now has the place of %(old)s.", new=saved.full_name, old=registration.full_name),
            "success",
        )
        return redirect(url_for("forums_public.invitation", token=invitation.token))
    return render_template(
        "registration/replace.html",
        invitation=invitation,
        forum=registration.forum,
        old=registration,
        form=form,
        questions=form.question_fields(questions),
        **service.notice_context(),
    )


def _cancel(token, registration):
    if not cancel_and_tell(registration, lambda _registration: delegate_changes.confirm_cancel(token)):
        return redirect(url_for("registration_public.confirm_change", token=token))
    flash(_("The registration of %(name)s is cancelled.", name=registration.full_name), "info")
    return redirect(url_for("forums_public.invitation", token=registration.invitation.token))
