"""/api/v1/forums and their invitations."""

from flask_login import current_user

from app.api import bp, query
from app.api.common import ApiError, api_roles, get_or_404, json_body, page_body
from app.api.query import PAGING, paging, takes
from app.auth.access import STAFF
from app.extensions import db
from app.forums import invitations, service
from app.forums.models import Forum, ForumStatus, InvitationStatus
from app.forums.record import FORUM, INVITATION
from app.params import FISCAL_YEARS
from app.records import RecordDataError
from app.records.types import whole

#: Service fields (check_forum's) that the API shows under another name.
API_FIELDS = {
    "venue_name": "venue",
    "venue_address": "venue",
    "map_url": "venue",
    "organizers": "organizer_ids",
}


def forum_json(forum, counts=None):
    """The forum as the API writes it; `counts` when worked out for a whole page at once."""
    return FORUM.to_json(forum) if counts is None else FORUM.to_json(forum, counts=counts)


def invitation_json(invitation):
    return INVITATION.to_json(invitation)


def _invalid(errors):
    fields = {}
    for key, message in errors.items():
        fields.setdefault(API_FIELDS.get(key, key), message)
    return ApiError(422, "invalid", "Some fields are not valid.", fields)


def _parse(body, partial):
    try:
        return FORUM.parse(body, partial=partial, strict=True)
    except RecordDataError as error:
        raise _invalid(error.errors) from error


WHEN = query.Choice("when", ("upcoming", "past", "all"), "all")
FISCAL_YEAR = query.Number("fiscal_year", *FISCAL_YEARS, description="Buddhist era, e.g. 2562")
FORUM_STATUS = query.Choice("status", [s.value for s in ForumStatus])
INVITATION_STATUS = query.Choice(
    "status",
    [*(s.value for s in InvitationStatus), "unanswered"],
    description="unanswered: sent or opened, not answered (those that get reminders)",
)


@bp.get("/forums")
@api_roles(*STAFF)
@takes(WHEN, FISCAL_YEAR, FORUM_STATUS, *PAGING)
def list_forums():
    page, per_page = paging()
    forum_filter = service.ForumFilter(
        when=WHEN.read(), fiscal_year=FISCAL_YEAR.read(), status=FORUM_STATUS.read()
    )
    forums = service.list_forums(forum_filter)
    shown = forums[(page - 1) * per_page : page * per_page]
    counts = service.counts_for(shown)
    return page_body([forum_json(f, counts[f.id]) for f in shown], len(forums), page, per_page)


@bp.post("/forums")
@api_roles(*STAFF)
def create_forum():
    data = _parse(json_body(), partial=False)
    try:
        forum = service.create_forum(data, current_user)
    except service.ForumDataError as error:
        raise _invalid(error.errors) from error
    db.session.commit()
    return forum_json(forum), 201


@bp.get("/forums/<int:forum_id>")
@api_roles(*STAFF)
def get_forum(forum_id):
    return forum_json(get_or_404(Forum, forum_id))


@bp.patch("/forums/<int:forum_id>")
@api_roles(*STAFF)
def update_forum(forum_id):
    """Change details, and with `status` move the forum along its lifecycle (409 when the move is refused)."""
    forum = get_or_404(Forum, forum_id)
    data = _parse(json_body(), partial=True)
    # The lifecycle moves by its verbs, not by setting the attribute.
    status, reason = data.pop("status", None), data.pop("cancel_reason", "")
    try:
        service.update_forum(forum, data)
        if status is not None:
            service.change_status(forum, status, reason, current_user)
    except service.ForumDataError as error:
        raise _invalid(error.errors) from error
    except service.ForumError as error:
        db.session.rollback()
        raise ApiError(
            409,
            "illegal_transition",
            str(error),
            {"status": str(error)},
            {"current_status": forum.status.value},
        ) from error
    db.session.commit()
    return forum_json(forum)


@bp.get("/forums/<int:forum_id>/invitations")
@api_roles(*STAFF)
@takes(INVITATION_STATUS, *PAGING)
def list_invitations(forum_id):
    forum = get_or_404(Forum, forum_id)
    page, per_page = paging()
    rows = invitations.invitations_of(forum, INVITATION_STATUS.read())
    shown = rows[(page - 1) * per_page : page * per_page]
    return page_body([invitation_json(i) for i in shown], len(rows), page, per_page)


def _organization_ids(body):
    ids = body.get("organization_ids")
    ids = [whole(i) for i in ids] if isinstance(ids, list) else []
    if not ids or None in ids:
        raise ApiError(
            422,
            "invalid",
            "Some fields are not valid.",
            {"organization_ids": "Expected a list of organization ids."},
        )
    return ids


def _seats(body):
    """Each invited organization's quota: the forum's when not sent."""
    if "seats" not in body:
        return None
    try:
        return FORUM["seats_per_organization"].type.parse(body["seats"], strict=True)
    except ValueError as error:
        raise ApiError(422, "invalid", "Some fields are not valid.", {"seats": str(error)}) from error


@bp.post("/forums/<int:forum_id>/invitations")
@api_roles(*STAFF)
def create_invitations(forum_id):
    """Invite organizations: 409 naming the existing invitations when one of them is already invited."""
    forum = get_or_404(Forum, forum_id)
    body = json_body()
    organizations, missing = invitations.find_organizations(_organization_ids(body))
    seats = _seats(body)
    if missing:
        raise ApiError(
            422,
            "invalid",
            "Some fields are not valid.",
            {"organization_ids": "Unknown organizations: " + ", ".join(map(str, missing))},
        )
    try:
        created = invitations.invite_organizations(forum, organizations, seats, current_user)
    except service.ForumDataError as error:
        raise _invalid(error.errors) from error
    except invitations.AlreadyInvited as error:
        ids = ", ".join(str(i.organization_id) for i in error.invitations)
        raise ApiError(
            409,
            "already_invited",
            f"Already invited: organizations {ids}.",
            {"organization_ids": f"Already invited: organizations {ids}."},
            {"invitations": [{"organization_id": i.organization_id, "id": i.id} for i in error.invitations]},
        ) from error
    except service.ForumError as error:
        raise ApiError(409, "not_inviting", str(error)) from error
    db.session.commit()
    return [invitation_json(i) for i in created], 201
