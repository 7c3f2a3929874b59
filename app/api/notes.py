"""/api/v1 notes and action items of forums (../shared/API.md, "Notes")."""

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
from app.notes.record import ACTION_ITEM, NOTE
from app.params import FISCAL_YEARS
from app.records import RecordDataError


def note_json(note):
    return NOTE.to_json(note)


def action_item_json(item):
    return ACTION_ITEM.to_json(item)


def _invalid(errors):
    return ApiError(422, "invalid", "Some fields are not valid.", {k: str(v) for k, v in errors.items()})


def _parse(record, body, partial):
    try:
        return record.parse(body, partial=partial, strict=True)
    except RecordDataError as error:
        raise _invalid(error.errors) from error


def _row(model, value, name, errors, extra_check=None):
    """The row an id of the body names (None for null), or an error naming an unknown one."""
    if value is None:
        return None
    row = db.session.get(model, value)
    if row is None or (extra_check and not extra_check(row)):
        errors[name] = f"Unknown {name.removesuffix('_id').replace('_', ' ')}: {value!r}."
    return row


def _note_data(values, forum):
    """What the notes service takes: the body's values with the rows their ids name."""
    errors = {}
    data = {key: values[key] for key in ("category", "body") if key in values}
    if "organization_id" in values:
        data["organization"] = _row(Organization, values["organization_id"], "organization_id", errors)
    if "agenda_item_id" in values:
        data["agenda_item"] = _row(
            AgendaItem,
            values["agenda_item_id"],
            "agenda_item_id",
            errors,
            lambda item: item.forum_id == forum.id,
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
    data = _note_data(_parse(NOTE, json_body(), partial=False), forum)
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
    values = _parse(NOTE, json_body(), partial=True)
    version = values.pop("version")
    data = _note_data(values, note.forum)
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


def _action_data(values, forum):
    """What the action items service takes: the body's values with the rows their ids name."""
    errors = {}
    data = {key: values[key] for key in ("description", "due_on", "status") if key in values}
    if "owner_organization_id" in values:
        data["owner_organization"] = _row(
            Organization, values["owner_organization_id"], "owner_organization_id", errors
        )
    if "owner_user_id" in values or "owner_user" in values:
        data["owner_user"] = _row(
            User,
            values.get("owner_user_id", values.get("owner_user")),
            "owner_user_id",
            errors,
            lambda user: user.active and user.has_role(*STAFF),
        )
    if "note_id" in values:
        data["note"] = _row(
            LessonNote, values["note_id"], "note_id", errors, lambda note: note.forum_id == forum.id
        )
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
        data = _action_data(_parse(ACTION_ITEM, json_body(), partial=False), forum)
        item = actions.create_action_item(forum, data, current_user)
    except service.NoteDataError as error:
        raise _invalid(error.errors) from error
    db.session.commit()
    return action_item_json(item), 201


@bp.patch("/action-items/<int:action_id>")
@api_roles(*STAFF)
def update_action_item(action_id):
    item = get_or_404(ActionItem, action_id)
    try:
        data = _action_data(_parse(ACTION_ITEM, json_body(), partial=True), item.forum)
        actions.update_action_item(item, data)
    except service.NoteDataError as error:
        raise _invalid(error.errors) from error
    db.session.commit()
    return action_item_json(item)
