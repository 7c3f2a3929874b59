"""/api/v1/organizations: the directory."""

from flask import current_app
from flask_login import current_user

from app.api import bp, query
from app.api.common import ApiError, api_roles, get_or_404, json_body, page_body
from app.api.query import PAGING, paging, takes
from app.auth.access import STAFF
from app.directory import service
from app.directory.fields import OrganizationDataError, parse_organization
from app.directory.geography import find_district
from app.directory.models import ChangeSource, Organization
from app.directory.record import ORGANIZATION
from app.extensions import db


def organization_json(org):
    return ORGANIZATION.to_json(org)


def _parse(body, partial):
    try:
        return parse_organization(
            body, current_app.config["OFFICE_PROVINCE_CODE"], partial=partial, strict=True
        )
    except OrganizationDataError as error:
        raise ApiError(422, "invalid", "Some fields are not valid.", error.errors) from error


def _check_unique_certification(data, organization=None):
    number = data.get("certification_no")
    other = service.find_by_certification_no(number) if number else None
    if other is not None and other is not organization:
        raise ApiError(
            409,
            "duplicate_certification_no",
            f"Organization {other.id} already has this certification number.",
            {"certification_no": f"Organization {other.id} already has this certification number."},
            {"organization_id": other.id},
        )


#: The directory's filter, shared by its list and its export.
FILTER = (
    query.Text("q", description="Words of the name, a certification number, a phone, an e-mail"),
    query.Choice("kind", ORGANIZATION["kind"].type.values),
    query.Text("district", 100, "A district of the province, by name or code"),
    query.Choice("status", ORGANIZATION["status"].type.values),
    query.Flag("stale", "Only those whose details are unconfirmed for 12 months"),
    query.Choice("sort", tuple(service.SORTS), "name"),
)
Q, KIND, DISTRICT, STATUS, STALE, SORT = FILTER


@bp.get("/organizations")
@api_roles(*STAFF)
@takes(*FILTER, *PAGING)
def list_organizations():
    page, per_page = paging()
    rows, total = service.list_organizations(filter_from_args(), page, per_page, with_contacts=True)
    return page_body([organization_json(o) for o in rows], total, page, per_page)


def filter_from_args():
    """The list's filter from the query string (a district by name or code); exports share it."""
    return service.DirectoryFilter(
        q=Q.read(),
        kind=KIND.read(),
        district=_district_code(DISTRICT.read()),
        status=STATUS.read(),
        stale=STALE.read(),
        sort=SORT.read(),
    )


def _district_code(text):
    if not text:
        return ""
    return find_district(text, current_app.config["OFFICE_PROVINCE_CODE"]) or text


@bp.post("/organizations")
@api_roles(*STAFF)
def create_organization():
    data = _parse(json_body(), partial=False)
    _check_unique_certification(data)
    organization = service.create_organization(data, current_user, ChangeSource.API)
    db.session.commit()
    return organization_json(organization), 201


@bp.get("/organizations/<int:organization_id>")
@api_roles(*STAFF)
def get_organization(organization_id):
    return organization_json(get_or_404(Organization, organization_id))


@bp.patch("/organizations/<int:organization_id>")
@api_roles(*STAFF)
def update_organization(organization_id):
    organization = get_or_404(Organization, organization_id)
    data = _parse(json_body(), partial=True)
    _check_unique_certification(data, organization)
    service.update_organization(organization, data, current_user, ChangeSource.API)
    db.session.commit()
    return organization_json(organization)
