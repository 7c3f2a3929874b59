"""/api/v1/forums/{id}/registrations and /api/v1/registrations/{id}, with the public form's rules."""

from flask import jsonify
from flask_login import current_user

from app.api import bp, query
from app.api.common import ApiError, api_roles, get_or_404, json_body, page_body
from app.auth.access import STAFF
from app.extensions import db
from app.forums.models import Forum, Invitation
from app.params import is_record_id
from app.registration import listing, notices, service, tickets
from app.registration.fields import RegistrationDataError, parse_registration
from app.registration.models import Registration, RegistrationStatus, Source
from app.registration.questions import questions_of
from app.thai import to_bangkok


def _time(moment):
    return to_bangkok(moment).isoformat() if moment else None


def registration_json(registration):
    return {
        "id": registration.id,
        "forum_id": registration.forum_id,
        "organization_id": registration.organization_id,
        "organization_name": registration.organization_display,
        "invitation_id": registration.invitation_id,
        "prefix": registration.prefix,
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "position": registration.position,
        "phone": registration.phone,
        "email": registration.email,
        "status": registration.status.value,
        "waitlist_position": registration.waitlist_position,
        "ticket_code": registration.ticket_code,
        "ticket_url": tickets.ticket_url(registration),
        "short_code": registration.short_code,
        "source": registration.source.value,
        "answers": registration.answers or {},
        "checked_in_at": _time(registration.checked_in_at),
        "created_at": _time(registration.created_at),
        "confirmed_at": _time(registration.confirmed_at),
        "cancelled_at": _time(registration.cancelled_at),
        "replaces_id": registration.replaces_id,
    }


def _already_registered(error):
    existing = error.registration
    body = {
        "error": {
            "code": "already_registered",
            "message": f"This phone number or e-mail address holds registration {existing.id} at this forum.",
            "registration_id": existing.id,
        }
    }
    return jsonify(body), 409


STATUS = query.Choice(
    "status",
    [*(s.value for s in RegistrationStatus), "active"],
    description="active: confirmed or waitlisted",
)
Q = query.Text("q", description="Words of the name, the organization, a phone, an e-mail or a short code")


@bp.get("/forums/<int:forum_id>/registrations")
@api_roles(*STAFF)
@query.takes(STATUS, Q, *query.PAGING)
def list_registrations(forum_id):
    forum = get_or_404(Forum, forum_id)
    page, per_page = query.paging()
    registration_filter = listing.RegistrationFilter(status=STATUS.read(), q=Q.read())
    rows, total = listing.list_registrations(forum, registration_filter, page, per_page)
    return page_body([registration_json(r) for r in rows], total, page, per_page)


def _invitation(forum, body):
    invitation_id = body.get("invitation_id")
    if invitation_id is None:
        return None
    # is_record_id: true is no invitation 1, and 99999999999 no id the database can hold.
    invitation = db.session.get(Invitation, invitation_id) if is_record_id(invitation_id) else None
    if invitation is None or invitation.forum_id != forum.id:
        raise ApiError(
            422,
            "invalid",
            "Some fields are not valid.",
            {"invitation_id": "Not an invitation to this forum."},
        )
    return invitation


@bp.post("/forums/<int:forum_id>/registrations")
@api_roles(*STAFF)
def create_registration(forum_id):
    forum = get_or_404(Forum, forum_id)
    body = json_body()
    invitation = _invitation(forum, body)
    questions = questions_of(forum)
    try:
        data = parse_registration(body, questions)
        registration = service.register(forum, data, invitation, Source.API, actor=current_user)
    except RegistrationDataError as error:
        raise ApiError(422, "invalid", "Some fields are not valid.", error.errors) from error
    except service.AlreadyRegistered as error:
        db.session.rollback()
        return _already_registered(error)
    except service.QuotaExceeded as error:
        db.session.rollback()
        raise ApiError(409, "quota_exceeded", str(error)) from error
    except service.RegistrationError as error:
        db.session.rollback()
        raise ApiError(409, "registration_closed", str(error)) from error
    notices.queue("ticket", [registration], current_user)
    db.session.commit()
    return registration_json(registration), 201


@bp.get("/registrations/<int:registration_id>")
@api_roles(*STAFF)
def get_registration(registration_id):
    return registration_json(get_or_404(Registration, registration_id))


@bp.post("/registrations/<int:registration_id>/cancel")
@api_roles(*STAFF)
def cancel_registration(registration_id):
    registration = get_or_404(Registration, registration_id)
    try:
        promoted = service.cancel(registration, current_user)
    except service.RegistrationError as error:
        db.session.rollback()
        raise ApiError(409, "cannot_cancel", str(error)) from error
    notices.queue("cancelled", [registration], current_user)
    db.session.commit()
    return {**registration_json(registration), "promoted": [registration_json(r) for r in promoted]}
