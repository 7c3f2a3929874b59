"""The organizers' notes pages of a forum: quick capture, editing with conflict handling, photos, search."""

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import STAFF, role_required
from app.extensions import db
from app.forums.views import get_forum_or_404
from app.notes import actions, labels, photos, search, service
from app.notes.forms import ActionItemForm, NoteForm, NotesSettingsForm, current_agenda_item
from app.notes.models import LessonNote, NotePhoto
from app.params import record_id
from app.timeutil import utcnow

bp = Blueprint("notes", __name__)
SEARCH_PER_KIND = 50


@bp.app_context_processor
def notes_helpers():
    return {"note_labels": labels, "action_items_of_organization": actions.action_items_of_organization}


def get_note_or_404(note_id):
    note = db.session.get(LessonNote, note_id)
    if note is None:
        abort(404)
    return note


def _store_photos(form):
    """The uploaded photos, checked and stored; a PhotoError leaves none behind."""
    stored = []
    try:
        for upload in form.uploaded_photos():
            stored.append(photos.store_photo(upload.stream, upload.filename))
    except photos.PhotoError as error:
        photos.discard_files(p.filename for p in stored)
        form.photos.errors = [*form.photos.errors, str(error)]
        return None
    return stored


def render_notes_page(forum, note_form=None, item_form=None, status=200):
    note_form = note_form or NoteForm()
    note_form.fill_choices(forum)
    if note_form.agenda_item_id.data is None and (item := current_agenda_item(forum, utcnow())):
        note_form.agenda_item_id.data = item.id
    item_form = item_form or ActionItemForm()
    item_form.fill_choices(forum)
    settings = service.notes_settings(forum)
    return render_template(
        "notes/index.html",
        forum=forum,
        notes=service.notes_by_category(forum),
        action_items=actions.action_items_of_forum(forum),
        note_form=note_form,
        item_form=item_form,
        settings_form=NotesSettingsForm(photos_public=settings.photos_public),
    ), status


@bp.route("/forums/<int:forum_id>/notes")
@role_required(*STAFF)
def index(forum_id):
    item_form = ActionItemForm()
    item_form.note_id.data = request.args.get("from_note", type=record_id)
    return render_notes_page(get_forum_or_404(forum_id), item_form=item_form)


@bp.post("/forums/<int:forum_id>/notes")
@role_required(*STAFF)
def create(forum_id):
    forum = get_forum_or_404(forum_id)
    form = NoteForm()
    form.fill_choices(forum)
    if form.validate_on_submit() and (stored := _store_photos(form)) is not None:
        try:
            note = service.create_note(forum, form.note_data(forum), current_user, stored)
        except service.NoteDataError as error:
            photos.discard_files(p.filename for p in stored)
            form.show_errors(error.errors)
        else:
            db.session.commit()
            flash(
                _("The note is saved under “%(heading)s”.", heading=labels.CATEGORY_LABELS[note.category]),
                "success",
            )
            return redirect(url_for("notes.index", forum_id=forum.id, _anchor=f"note-{note.id}"))
    return render_notes_page(forum, note_form=form, status=422)


@bp.route("/notes/<int:note_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def edit(note_id):
    note = get_note_or_404(note_id)
    form = NoteForm()
    form.fill_choices(note.forum)
    if request.method == "GET":
        form.fill_from(note)
    elif form.validate_on_submit():
        try:
            service.update_note(note, form.note_data(note.forum), form.base_version(), current_user)
        except service.EditConflict:
            db.session.rollback()
            note = get_note_or_404(note_id)
            form.version.data = str(note.version)
            return render_template("notes/edit.html", note=note, form=form, conflict=True), 409
        except service.NoteDataError as error:
            form.show_errors(error.errors)
        else:
            db.session.commit()
            flash(_("The note is saved."), "success")
            return redirect(url_for("notes.index", forum_id=note.forum_id, _anchor=f"note-{note.id}"))
    return render_template("notes/edit.html", note=note, form=form, conflict=False)


@bp.post("/notes/<int:note_id>/delete")
@role_required(*STAFF)
def delete(note_id):
    note = get_note_or_404(note_id)
    forum_id = note.forum_id
    filenames = service.delete_note(note)
    db.session.commit()
    photos.discard_files(filenames)
    flash(_("The note is deleted."), "success")
    return redirect(url_for("notes.index", forum_id=forum_id))


@bp.post("/notes/<int:note_id>/photos")
@role_required(*STAFF)
def add_photos(note_id):
    note = get_note_or_404(note_id)
    form = NoteForm()
    stored = _store_photos(form)
    if stored is None:
        flash(" ".join(form.photos.errors), "error")
    elif stored:
        service.add_photos(note, stored, current_user)
        db.session.commit()
        flash(_("%(n)d photo(s) added.", n=len(stored)), "success")
    return redirect(url_for("notes.edit", note_id=note.id))


@bp.post("/notes/photos/<int:photo_id>/delete")
@role_required(*STAFF)
def delete_photo(photo_id):
    photo = db.session.get(NotePhoto, photo_id) or abort(404)
    note_id = photo.note_id
    try:
        filename = service.remove_photo(photo)
    except service.NoteDataError as error:
        flash(" ".join(error.errors.values()), "error")
    else:
        db.session.commit()
        photos.discard_files([filename])
        flash(_("The photo is removed."), "success")
    return redirect(url_for("notes.edit", note_id=note_id))


@bp.get("/notes/photos/<filename>")
def photo(filename):
    """A note's photo: for logged-in staff, or for anyone when the forum made its photos public."""
    found = db.session.scalar(select(NotePhoto).where(NotePhoto.filename == filename)) or abort(404)
    public = service.photos_are_public(found.note)
    if not public:
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if not current_user.has_role(*STAFF):
            abort(403)
    with open(photos.photo_path(found.filename), "rb") as file:
        response = Response(file.read(), mimetype="image/jpeg")
    # A stored photo never changes (a new one gets a new name), so its name is its ETag.
    response.set_etag(found.filename)
    response.headers["Cache-Control"] = f"{'public' if public else 'private'}, max-age=86400"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response.make_conditional(request)


@bp.post("/forums/<int:forum_id>/notes/settings")
@role_required(*STAFF)
def settings(forum_id):
    forum = get_forum_or_404(forum_id)
    form = NotesSettingsForm()
    if form.validate_on_submit():
        service.set_photos_public(forum, form.photos_public.data)
        db.session.commit()
        flash(_("The settings are saved."), "success")
    return redirect(url_for("notes.index", forum_id=forum.id, _anchor="settings"))


@bp.get("/notes/search")
@role_required(*STAFF)
def search_page():
    query = request.args.get("q", "")[:200]
    results = search.search_everything(query, per_kind=SEARCH_PER_KIND) if query.strip() else None
    return render_template("notes/search.html", query=query, results=results)
