"""Notes rules: lesson-learned notes (with optimistic locking), their photos, and the notes settings."""

import re
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.notes.models import LessonNote, NoteCategory, NotesSettings

BODY_LIMIT = 20000
BODY_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


class NoteDataError(ValueError):
    """Field errors ({field: message}) in a note or an action item, from a form or the API."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class EditConflict(Exception):
    """Someone saved the note after the version this edit started from; nothing of this edit is saved.

    `attempted` holds what this edit wanted to save, so that it can be shown again.
    When raised from a flush (a save that raced another), the caller must roll back
    the session before reading the note again.
    """

    def __init__(self, note_id, attempted):
        super().__init__(f"note {note_id} was changed by someone else")
        self.note_id, self.attempted = note_id, attempted


def clean_body(value):
    """Markdown as typed, minus what pasting leaves: NFC, no invisible characters, no trailing spaces."""
    text = unicodedata.normalize("NFC", value or "")
    text = BODY_INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


# Settings


def notes_settings(forum):
    """The forum's notes settings (the defaults until someone changes them)."""
    return db.session.get(NotesSettings, forum.id) or NotesSettings(forum_id=forum.id, photos_public=False)


def set_photos_public(forum, public):
    settings = db.session.get(NotesSettings, forum.id)
    if settings is None:
        settings = NotesSettings(forum_id=forum.id)
        db.session.add(settings)
    settings.photos_public = bool(public)
    db.session.flush()
    return settings


def photos_are_public(note):
    return notes_settings(note.forum).photos_public


# Notes


def _checked(forum, data, has_photos):
    errors = {}
    category = data.get("category")
    if category not in set(NoteCategory):
        errors["category"] = _("Choose a heading for the note.")
    body = clean_body(data.get("body"))
    if not body and not has_photos:
        errors["body"] = _("Write the note or attach a photo.")
    elif len(body) > BODY_LIMIT:
        errors["body"] = _("The note is too long (at most %(n)d characters).", n=BODY_LIMIT)
    item = data.get("agenda_item")
    if item is not None and item.forum_id != forum.id:
        errors["agenda_item"] = _("Choose an item of this forum's agenda.")
    if errors:
        raise NoteDataError(errors)
    return NoteCategory(category), body


def _apply(note, data, category, body):
    note.category, note.body = category, body
    if "organization" in data:
        note.organization = data["organization"]
    if "agenda_item" in data:
        note.agenda_item = data["agenda_item"]
    note.refresh_derived_fields()


def create_note(forum, data, author, photos=()):
    """Record a lesson under a heading: data has category, body, and maybe organization and agenda_item.

    :raise NoteDataError: no heading, or neither text nor photo, or an agenda item of another forum.
    """
    category, body = _checked(forum, data, bool(photos))
    note = LessonNote(forum=forum, author=author, updated_by=author)
    _apply(note, data, category, body)
    for photo in photos:
        photo.uploaded_by_id = author.id if author else None
        note.photos.append(photo)
    db.session.add(note)
    db.session.flush()
    return note


def update_note(note, data, base_version, editor):
    """Change a note, but only if nobody saved it since `base_version` (the version the editor saw).

    :raise EditConflict: someone saved in between; this edit is not saved.
    :raise NoteDataError: as for create_note.
    """
    note_id = note.id
    data = {"category": note.category, "body": note.body, **data}
    category, body = _checked(note.forum, data, bool(note.photos))
    if base_version != note.version:
        raise EditConflict(note_id, data)
    _apply(note, data, category, body)
    note.updated_by = editor
    try:
        # The UPDATE names the version read: a save that raced this one leaves it no row to change.
        db.session.flush()
    except StaleDataError as error:
        raise EditConflict(note_id, data) from error
    return note


def delete_note(note):
    """Remove a note and its photos; returns the photo files to discard once committed."""
    filenames = [p.filename for p in note.photos]
    for item in note.action_items:
        item.note = None
    db.session.delete(note)
    db.session.flush()
    return filenames


def add_photos(note, photos, actor):
    for photo in photos:
        photo.uploaded_by_id = actor.id if actor else None
        note.photos.append(photo)
    db.session.flush()


def remove_photo(photo):
    """Take a photo off its note; returns its file name, to discard once committed."""
    note = photo.note
    if not clean_body(note.body) and len(note.photos) == 1:
        raise NoteDataError({"photos": _("A note without text keeps at least one photo.")})
    note.photos.remove(photo)
    db.session.flush()
    return photo.filename


def notes_of(forum, category=None):
    stmt = (
        select(LessonNote)
        .where(LessonNote.forum_id == forum.id)
        .options(
            selectinload(LessonNote.author),
            selectinload(LessonNote.updated_by),
            selectinload(LessonNote.organization),
            selectinload(LessonNote.agenda_item),
            selectinload(LessonNote.photos),
        )
    )
    if category is not None:
        stmt = stmt.where(LessonNote.category == category)
    return db.session.scalars(stmt.order_by(LessonNote.created_at, LessonNote.id)).all()


def notes_by_category(forum):
    """{category: [notes, oldest first]} with every heading present, in the offices' order."""
    grouped = {category: [] for category in NoteCategory}
    for note in notes_of(forum):
        grouped[note.category].append(note)
    return grouped
