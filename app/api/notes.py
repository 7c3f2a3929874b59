"""/api/v1 notes and action items of forums (../shared/API.md, "Notes")."""

from datetime import date

from flask import jsonify
from flask_login import current_user

from app.api import bp, query
from app.api.common import ApiError, api_roles, get_or_404, json_body, page_body
from app.auth.access import STAFF
from app.auth.models import User
from app.directory.models import Organization
from app.extensions import db
from app.forums.models import AgendaItem, Forum
from app.notes import actions, service
from app.notes.models import ActionItem, ActionStatus, LessonNote, NoteCategory
from app.params import FISCAL_YEARS, is_record_id, one_of
from app.thai import to_bangkok
from app.urls import external_url


def _time(moment):
    return to_bangkok(moment).isoformat() if moment else None


def _person(user):
    return {"id": user.id, "name": user.display_name} if user is not None else None


def note_json(note):
    return {
        "id": note.id,
        "forum_id": note.forum_id,
        "category": note.category.value,
        "body": note.body,
        "body_html": note.body_html,
        "organization_id": note.organization_id,
        "agenda_item_id": note.agenda_item_id,
        "author": _person(note.author),
        "updated_by": _person(note.updated_by),
        "created_at": _time(note.created_at),
        "updated_at": _time(note.updated_at),
        "version": note.version,
        "photos": [
            {
                "id": p.id,
                "url": external_url("notes.photo", filename=p.filename),
                "width": p.width,
                "height": p.height,
            }
            for p in note.photos
        ],
    }


def action_item_json(item):
    return {
        "id": item.id,
        "forum_id": item.forum_id,
        "note_id": item.note_id,
        "description": item.description,
        "owner_organization_id": item.owner_organization_id,
        "owner_user": _person(item.owner_user),
        "due_on": item.due_on.isoformat() if item.due_on else None,
        "status": item.status.value,
        "is_overdue": item.is_overdue,
        "done_at": _time(item.done_at),
        "created_at": _time(item.created_at),
    }


def _invalid(errors):
    return ApiError(422, "invalid", "Some fields are not valid.", {k: str(v) for k, v in errors.items()})


def _id_of(body, name, model, errors, extra_check=None):
    """The row a body's `<name>` id names: None for null, an error for an unknown id or a non-number."""
    value = body.get(name)
    if value is None:
        return None
    row = db.session.get(model, value) if is_record_id(value) else None
    if row is None or (extra_check and not extra_check(row)):
        errors[name] = f"Unknown {name.removesuffix('_id').replace('_', ' ')}: {value!r}."
    return row


def _note_data(body, forum):
    errors, data = {}, {}
    if "category" in body:
        data["category"] = one_of(NoteCategory, body["category"])
        if data["category"] is None:
            errors["category"] = "One of: " + ", ".join(NoteCategory)
    if "body" in body:
        if not isinstance(body["body"], str):
            errors["body"] = "Expected text."
        else:
            data["body"] = body["body"]
    if "organization_id" in body:
        data["organization"] = _id_of(body, "organization_id", Organization, errors)
    if "agenda_item_id" in body:
        data["agenda_item"] = _id_of(
            body, "agenda_item_id", AgendaItem, errors, lambda item: item.forum_id == forum.id
        )
    if errors:
        raise _invalid(errors)
    return data


CATEGORY = query.Choice("category", [c.value for c in NoteCategory])


@bp.get("/forums/<int:forum_id>/notes")
@api_roles(*STAFF)
@query.takes(CATEGORY, *query.PAGING)
def list_notes(forum_id):
    forum = get_or_404(Forum, forum_id)
    page, per_page = query.paging()
    category = CATEGORY.read()
    notes = service.notes_of(forum, NoteCategory(category) if category else None)
    shown = notes[(page - 1) * per_page : page * per_page]
    return page_body([note_json(n) for n in shown], len(notes), page, per_page)


@bp.post("/forums/<int:forum_id>/notes")
@api_roles(*STAFF)
def create_note(forum_id):
    forum = get_or_404(Forum, forum_id)
    data = _note_data(json_body(), forum)
    try:
        note = service.create_note(forum, data, current_user)
    except service.NoteDataError as error:
        raise _invalid(error.errors) from error
    db.session.commit()
    return note_json(note), 201


@bp.get("/notes/<int:note_id>")
@api_roles(*STAFF)
def get_note(note_id):
    return note_json(get_or_404(LessonNote, note_id))


@bp.patch("/notes/<int:note_id>")
@api_roles(*STAFF)
def update_note(note_id):
    """Change a note: `version` is the one the client last saw; 409 edit_conflict with the current note."""
    note = get_or_404(LessonNote, note_id)
    body = json_body()
    version = body.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _invalid({"version": "Send the version of the note you started from."})
    data = _note_data(body, note.forum)
    try:
        service.update_note(note, data, version, current_user)
    except service.NoteDataError as error:
        raise _invalid(error.errors) from error
    except service.EditConflict:
        db.session.rollback()
        current = get_or_404(LessonNote, note_id)
        message = f"Someone saved the note after version {version}; it is at version {current.version} now."
        return jsonify(
            {"error": {"code": "edit_conflict", "message": message}, "note": note_json(current)}
        ), 409
    db.session.commit()
    return note_json(note)


# Action items


def _parse_date(value, errors):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        errors["due_on"] = "A date as YYYY-MM-DD."
        return None


def _action_data(body, forum):
    errors, data = {}, {}
    if "description" in body:
        data["description"] = body["description"] if isinstance(body["description"], str) else ""
    if "owner_organization_id" in body:
        data["owner_organization"] = _id_of(body, "owner_organization_id", Organization, errors)
    owner_user = body.get("owner_user_id", body.get("owner_user"))
    if isinstance(owner_user, dict):
        owner_user = owner_user.get("id")
    if "owner_user_id" in body or "owner_user" in body:
        data["owner_user"] = _id_of(
            {"owner_user_id": owner_user},
            "owner_user_id",
            User,
            errors,
            lambda user: user.active and user.has_role(*STAFF),
        )
    if "due_on" in body:
        data["due_on"] = _parse_date(body["due_on"], errors)
    if "note_id" in body:
        data["note"] = _id_of(body, "note_id", LessonNote, errors, lambda note: note.forum_id == forum.id)
    if "status" in body:
        data["status"] = one_of(ActionStatus, body["status"])
        if data["status"] is None:
            errors["status"] = "One of: open, done"
    if errors:
        raise _invalid(errors)
    return data


ITEM_FILTER = (
    query.RecordKey("owner", ("org", "user"), also=("none",), description="org:<id>, user:<id> or none"),
    query.Choice("status", [s.value for s in ActionStatus]),
    query.Number("fiscal_year", *FISCAL_YEARS, description="The forum's fiscal year (Buddhist era)"),
    query.Flag("overdue"),
)


def _item_filter(**extra):
    owner, status, fiscal_year, overdue = ITEM_FILTER
    return actions.ActionItemFilter(
        owner=owner.read(),
        status=status.read(),
        fiscal_year=fiscal_year.read(),
        overdue=overdue.read(),
        **extra,
    )


@bp.get("/forums/<int:forum_id>/action-items")
@api_roles(*STAFF)
@query.takes(*ITEM_FILTER, *query.PAGING)
def list_forum_action_items(forum_id):
    forum = get_or_404(Forum, forum_id)
    page, per_page = query.paging()
    items, total = actions.list_action_items(_item_filter(forum_id=forum.id), page, per_page)
    return page_body([action_item_json(i) for i in items], total, page, per_page)


@bp.get("/action-items")
@api_roles(*STAFF)
@query.takes(*ITEM_FILTER, *query.PAGING)
def list_action_items():
    """Action items of all forums; `owner` is org:<id>, user:<id> or none; `fiscal_year` that of the forum."""
    page, per_page = query.paging()
    items, total = actions.list_action_items(_item_filter(), page, per_page)
    return page_body([action_item_json(i) for i in items], total, page, per_page)


@bp.post("/forums/<int:forum_id>/action-items")
@api_roles(*STAFF)
def create_action_item(forum_id):
    forum = get_or_404(Forum, forum_id)
    try:
        item = actions.create_action_item(forum, _action_data(json_body(), forum), current_user)
    except service.NoteDataError as error:
        raise _invalid(error.errors) from error
    db.session.commit()
    return action_item_json(item), 201


@bp.patch("/action-items/<int:action_id>")
@api_roles(*STAFF)
def update_action_item(action_id):
    item = get_or_404(ActionItem, action_id)
    try:
        actions.update_action_item(item, _action_data(json_body(), item.forum))
    except service.NoteDataError as error:
        raise _invalid(error.errors) from error
    db.session.commit()
    return action_item_json(item)
