"""What people see for the notes' coded values (English msgids, Thai in the catalogue)."""

from flask_babel import lazy_gettext as _l

from app.notes.models import ActionStatus, NoteCategory

#: In the order offices write them up.
CATEGORY_LABELS = {
    NoteCategory.WHAT_WORKED: _l("What worked well"),
    NoteCategory.SUCCESS_FACTOR: _l("Key success factors"),
    NoteCategory.CHALLENGE: _l("Problems and obstacles"),
    NoteCategory.RECOMMENDATION: _l("Recommendations"),
    NoteCategory.OTHER: _l("Other"),
}

CATEGORY_ICONS = {
    NoteCategory.WHAT_WORKED: "bi-hand-thumbs-up",
    NoteCategory.SUCCESS_FACTOR: "bi-key",
    NoteCategory.CHALLENGE: "bi-exclamation-triangle",
    NoteCategory.RECOMMENDATION: "bi-lightbulb",
    NoteCategory.OTHER: "bi-three-dots",
}

#: Bootstrap colours, so a heading is recognised at a glance on a phone.
CATEGORY_COLOURS = {
    NoteCategory.WHAT_WORKED: "success",
    NoteCategory.SUCCESS_FACTOR: "primary",
    NoteCategory.CHALLENGE: "danger",
    NoteCategory.RECOMMENDATION: "warning",
    NoteCategory.OTHER: "secondary",
}

ACTION_STATUS_LABELS = {
    ActionStatus.OPEN: _l("Open"),
    ActionStatus.DONE: _l("Done"),
}
