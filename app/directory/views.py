"""The organizer's pages of the directory."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import STAFF, role_required
from app.directory import geography, service
from app.directory.forms import OrganizationForm
from app.directory.models import Organization
from app.extensions import db
from app.reports.booklet import directory_booklet
from app.reports.pdf import pdf_response, render_pdf, today_in_bangkok
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
    page = request.args.get("page", 1, type=int) or 1
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
    return render_template("directory/show.html", organization=organization)


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


@bp.get("/places")
@role_required(*STAFF)
def places():
    """Districts of a province or subdistricts of a district, for the address selects."""
    if district := request.args.get("district"):
        return {
            "items": [
                {"code": c, "name": n, "postal_code": p[0] if p else ""}
                for c, n, p in geography.subdistricts_of(district)
            ]
        }
    return {
        "items": [{"code": c, "name": n} for c, n in geography.districts_of(request.args.get("province", ""))]
    }
