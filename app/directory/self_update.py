"""The organization's own page behind its self-update link: confirm or correct its data, no login."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.directory import geography, service
from app.directory.forms import MAX_CONTACTS, ConfirmForm, SelfUpdateForm
from app.extensions import db, limiter

bp = Blueprint("self_update", __name__, url_prefix="/u")


def _public_limit():
    return current_app.config["PUBLIC_RATE_LIMIT"]


#: Per address, over every page of the links together: guessing tokens stays slow.
public_limit = limiter.shared_limit(_public_limit, scope="self_update")


@bp.errorhandler(404)
def unknown_link(error):
    return render_template("self_update/not_found.html"), 404


def get_organization_by_token_or_404(token):
    organization = service.find_by_self_update_token(token)
    if organization is None:
        abort(404)
    return organization


@bp.route("/<token>", methods=["GET", "POST"])
@public_limit
def edit(token):
    organization = get_organization_by_token_or_404(token)
    form = SelfUpdateForm(obj=organization)
    if request.method == "GET":
        form.province_code.data = organization.province_code or current_app.config["OFFICE_PROVINCE_CODE"]
        if len(form.contacts) < MAX_CONTACTS:
            form.contacts.append_entry()
    form.fill_place_choices()
    if form.validate_on_submit():
        if not form.is_spam:
            service.self_update(organization, form.self_update_data())
            db.session.commit()
        flash(_("Thank you. Your corrections are saved and the data is confirmed."), "success")
        return redirect(url_for("self_update.edit", token=token))
    return render_template(
        "self_update/form.html",
        organization=organization,
        form=form,
        confirm_form=ConfirmForm(formdata=None),
        max_contacts=MAX_CONTACTS,
    )


@bp.post("/<token>/confirm")
@public_limit
def confirm(token):
    organization = get_organization_by_token_or_404(token)
    form = ConfirmForm()
    if form.validate_on_submit() and not form.is_spam:
        service.self_update(organization, {})
        db.session.commit()
    flash(_("Thank you for confirming that the data is correct."), "success")
    return redirect(url_for("self_update.edit", token=token))


@bp.get("/<token>/places")
@public_limit
def places(token):
    """The address selects' lists, for the holder of a link only."""
    get_organization_by_token_or_404(token)
    return {
        "items": geography.place_items(request.args.get("province", ""), request.args.get("district", ""))
    }
