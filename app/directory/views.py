"""The organizer's pages of the directory."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.auth.access import STAFF, role_required
from app.directory import geography, history, labels, merging, service
from app.directory.forms import OrganizationForm
from app.directory.models import Organization
from app.extensions import db
from app.params import page_number
from app.reports.booklet import directory_booklet
from app.reports.pdf import pdf_response, render_pdf, today_in_bangkok
from app.templating import public_url
from app.thai import be_year

bp = Blueprint("directory", __name__, url_prefix="/directory")
PER_PAGE = 50


def get_organization_or_404(organization_id):
    organization = db.session.get(Organization, organization_id)
    if organization is None:
        abort(404)
    return organization


def filter_from_request():
    return service.DirectoryFilter(
        q=request.args.get("q", "")[:200],
        kind=request.args.get("kind", ""),
        district=request.args.get("district", ""),
        status=request.args.get("status", ""),
        stale=request.args.get("stale") == "1",
        sort=request.args.get("sort", "name"),
    )


@bp.route("/")
@role_required(*STAFF)
def index():
    directory_filter = filter_from_request()
    page = request.args.get("page", 1, type=page_number)
    organizations, total = service.list_organizations(directory_filter, max(page, 1), PER_PAGE)
    return render_template(
        "directory/index.html",
        organizations=organizations,
        total=total,
        page=max(page, 1),
        pages=max(1, -(-total // PER_PAGE)),
        per_page=PER_PAGE,
        filter=directory_filter,
        districts=geography.districts_of(current_app.config["OFFICE_PROVINCE_CODE"]),
    )


@bp.get("/booklet.pdf")
@role_required(*STAFF)
def booklet():
    """The directory booklet (ทำเนียบเครือข่าย) of what the list shows, to print."""
    printed_on = today_in_bangkok()
    booklet = directory_booklet(filter_from_request(), current_app.config["OFFICE_PROVINCE_CODE"], printed_on)
    pdf = render_pdf("pdf/directory_booklet.html", booklet=booklet, printed_on=printed_on)
    with force_locale("th"):
        filename = f"{_('Network directory')}-{be_year(printed_on)}-{printed_on:%m-%d}.pdf"
    return pdf_response(pdf, filename)


def _save_form(form, organization=None):
    form.fill_place_choices()
    if not form.validate_on_submit():
        return None
    data = form.organization_data()
    other = service.find_by_certification_no(data["certification_no"])
    if other is not None and other is not organization:
        form.certification_no.errors.append(
            _("%(name)s already has this certification number.", name=other.name)
        )
        return None
    if organization is None:
        return service.create_organization(data, current_user)
    return service.update_organization(organization, data, current_user)


@bp.route("/new", methods=["GET", "POST"])
@role_required(*STAFF)
def create():
    form = OrganizationForm()
    if request.method == "GET":
        form.province_code.data = current_app.config["OFFICE_PROVINCE_CODE"]
    organization = _save_form(form)
    if organization is not None:
        db.session.commit()
        flash(_("%(name)s is added to the directory.", name=organization.name), "success")
        return redirect(url_for("directory.show", organization_id=organization.id))
    return render_template("directory/form.html", form=form, organization=None)


@bp.route("/<int:organization_id>")
@role_required(*STAFF)
def show(organization_id):
    organization = get_organization_or_404(organization_id)
    link = message = None
    if organization.self_update_token:
        link = public_url("self_update.edit", token=organization.self_update_token)
        message = labels.self_update_message(organization.name, current_app.config["OFFICE_NAME"], link)
    return render_template(
        "directory/show.html",
        organization=organization,
        history=history.history_page(organization, request.args.get("history_page", 1, type=page_number)),
        self_update_link=link,
        self_update_message=message,
    )


@bp.route("/<int:organization_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def edit(organization_id):
    organization = get_organization_or_404(organization_id)
    form = OrganizationForm(obj=organization)
    if request.method == "GET":
        form.kind.data = organization.kind.value
        form.status.data = organization.status.value
        form.legal_form.data = organization.legal_form.value if organization.legal_form else ""
    if _save_form(form, organization) is not None:
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("directory.show", organization_id=organization.id))
    return render_template("directory/form.html", form=form, organization=organization)


@bp.post("/<int:organization_id>/confirm")
@role_required(*STAFF)
def confirm(organization_id):
    organization = get_organization_or_404(organization_id)
    service.confirm_organization(organization, current_user)
    db.session.commit()
    flash(_("The data is marked as confirmed today."), "success")
    return redirect(url_for("directory.show", organization_id=organization.id))


@bp.post("/<int:organization_id>/self-update-link")
@role_required(*STAFF)
def renew_link(organization_id):
    organization = get_organization_or_404(organization_id)
    renewing = organization.self_update_token is not None
    service.renew_self_update_link(organization, current_user)
    db.session.commit()
    if renewing:
        flash(_("A new self-update link is made; the old one no longer works."), "success")
    else:
        flash(_("The self-update link is ready to send."), "success")
    return redirect(url_for("directory.show", organization_id=organization.id, _anchor="self-update"))


@bp.post("/<int:organization_id>/self-update-link/revoke")
@role_required(*STAFF)
def revoke_link(organization_id):
    organization = get_organization_or_404(organization_id)
    service.revoke_self_update_link(organization, current_user)
    db.session.commit()
    flash(_("The self-update link is revoked: it no longer works."), "info")
    return redirect(url_for("directory.show", organization_id=organization.id, _anchor="self-update"))


@bp.get("/<int:organization_id>/merge")
@role_required(*STAFF)
def merge_pick(organization_id):
    organization = get_organization_or_404(organization_id)
    q = request.args.get("q", "")[:200]
    found = service.list_organizations(service.DirectoryFilter(q=q), 1, 21)[0] if q.strip() else []
    return render_template(
        "directory/merge_pick.html",
        organization=organization,
        q=q,
        found=[o for o in found if o.id != organization.id][:20],
        likely=merging.likely_duplicates(organization),
    )


@bp.route("/<int:organization_id>/merge/<int:other_id>", methods=["GET", "POST"])
@role_required(*STAFF)
def merge(organization_id, other_id):
    organization = get_organization_or_404(organization_id)
    duplicate = get_organization_or_404(other_id)
    try:
        plan = merging.merge_plan(organization, duplicate)
    except merging.MergeError as error:
        flash(str(error), "danger")
        return redirect(url_for("directory.merge_pick", organization_id=organization.id))
    form = FlaskForm()
    if form.validate_on_submit():
        name = duplicate.name
        merging.merge_organizations(organization, duplicate, current_user)
        db.session.commit()
        flash(_("%(name)s is merged into this organization and deleted.", name=name), "success")
        return redirect(url_for("directory.show", organization_id=organization_id))
    return render_template(
        "directory/merge_preview.html", plan=plan, form=form, describe=history.describe_value
    )


@bp.get("/places")
@role_required(*STAFF)
def places():
    """Districts of a province or subdistricts of a district, for the address selects."""
    return {
        "items": geography.place_items(request.args.get("province", ""), request.args.get("district", ""))
    }
