"""/api/v1/organizations: the directory."""

from flask import current_app, request
from flask_login import current_user

from app.api import bp
from app.api.common import ApiError, api_roles, get_or_404, json_body, page_body, paging
from app.auth.access import STAFF
from app.directory import service
from app.directory.fields import OrganizationDataError, parse_organization
from app.directory.geography import find_district
from app.directory.models import ChangeSource, Organization
from app.extensions import db


def organization_json(org):
    return {
        "id": org.id,
        "name": org.name,
        "kind": org.kind.value,
        "legal_form": org.legal_form.value if org.legal_form else None,
        "certification_no": org.certification_no,
        "certified_on": org.certified_on.isoformat() if org.certified_on else None,
        "status": org.status.value,
        "province": org.province_name or None,
        "district": org.district_name or None,
        "subdistrict": org.subdistrict_name or None,
        "province_code": org.province_code,
        "district_code": org.district_code,
        "subdistrict_code": org.subdistrict_code,
        "postal_code": org.postal_code,
        "address": org.address,
        "phone": org.phone,
        "email": org.email,
        "line_id": org.line_id,
        "fields_of_work": list(org.fields_of_work or []),
        "target_groups": list(org.target_groups or []),
        "contacts": [c.as_dict() for c in org.contacts],
        "last_confirmed_on": org.last_confirmed_on.isoformat() if org.last_confirmed_on else None,
        "updated_at": org.updated_at.isoformat() + "Z",
    }


def _parse(body, partial):
    try:
        return parse_organization(body, current_app.config["OFFICE_PROVINCE_CODE"], partial=partial)
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
            {"certification_no": str(other.id)},
        )


@bp.get("/organizations")
@api_roles(*STAFF)
def list_organizations():
    page, per_page = paging()
    rows, total = service.list_organizations(filter_from_args(), page, per_page, with_contacts=True)
    return page_body([organization_json(o) for o in rows], total, page, per_page)


def filter_from_args():
    """The list's filter from the query string (a district by name or code); exports share it."""
    return service.DirectoryFilter(
        q=request.args.get("q", ""),
        kind=request.args.get("kind", ""),
        district=_district_code(request.args.get("district", "")),
        status=request.args.get("status", ""),
        stale=request.args.get("stale") in ("1", "true"),
        sort=request.args.get("sort", "name"),
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
