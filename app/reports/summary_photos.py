"""The photos of the summary report (ภาพกิจกรรม): a few of the lesson-learned notes' photos.

The report is sent on to the province, outside the office, so it prints the photos only when
the organizers let the forum's photos be seen beyond the staff (the notes setting
``photos_public``, which they turn on for photos the people in them agreed to share).

The photos come in the order the report lists the notes (by heading, oldest first), at most
PHOTO_LIMIT of them; the report says how many more the system keeps. Each is embedded from its
file on disk as stored (re-encoded without EXIF when it was uploaded: app/notes/photos.py),
scaled down to PHOTO_DPI, so that a report with a dozen photos stays small enough to e-mail.
"""

import os
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from weasyprint.urls import path2url

from app.extensions import db
from app.notes.models import LessonNote, NotePhoto
from app.notes.photos import photo_path
from app.notes.service import notes_settings

PHOTO_LIMIT = 12
#: Sharp enough on paper at the size the report prints a photo (about 8 × 6 cm).
PHOTO_DPI = 200


@dataclass(frozen=True)
class ReportPhoto:
    """A photo as the report prints it: its file and, for the caption, its note's heading and organization."""

    url: str
    width: int
    height: int
    heading: str
    organization: str


def report_photos(forum, lessons):
    """The photos the report prints, from the notes of ``lessons`` ([(heading, [notes])]),
    and how many more the system keeps: ([ReportPhoto], int)."""
    if not notes_settings(forum).photos_public:
        return [], 0
    kept = []
    for heading, notes in lessons:
        for note in notes:
            organization = note.organization.name if note.organization else ""
            for photo in note.photos:
                path = photo_path(photo.filename)
                if not os.path.isfile(path):
                    # A database restored without its uploads: the report goes out without the photo.
                    current_app.logger.warning("the file of note photo %s is missing", photo.id)
                    continue
                kept.append(ReportPhoto(path2url(path), photo.width, photo.height, heading, organization))
    return kept[:PHOTO_LIMIT], max(0, len(kept) - PHOTO_LIMIT)


def photo_data(forum):
    """What the report's photos depend on: whether they may be shown, and which photos there are."""
    filenames = db.session.scalars(
        select(NotePhoto.filename)
        .join(LessonNote, LessonNote.id == NotePhoto.note_id)
        .where(LessonNote.forum_id == forum.id)
        .order_by(NotePhoto.id)
    ).all()
    return [notes_settings(forum).photos_public, filenames]
