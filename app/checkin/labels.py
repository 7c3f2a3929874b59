"""What people see for check-in's coded values (English msgids, Thai in the catalogue)."""

from flask_babel import lazy_gettext as _l

from app.checkin.models import Action, Method, ScanResult

RESULT_LABELS = {
    ScanResult.OK: _l("Checked in"),
    ScanResult.ALREADY_CHECKED_IN: _l("Already checked in"),
    ScanResult.UNKNOWN: _l("Not a ticket of this system"),
    ScanResult.WRONG_FORUM: _l("Ticket of another forum"),
    ScanResult.CANCELLED: _l("Registration cancelled"),
    ScanResult.WAITLISTED: _l("On the waitlist, no seat"),
    ScanResult.DOOR_CLOSED: _l("The door is closed: not this forum's days"),
}

METHOD_LABELS = {
    Method.SCAN: _l("QR scan"),
    Method.SEARCH: _l("Search by name"),
    Method.TICKET_PAGE: _l("Ticket page"),
    Method.WALK_IN: _l("Walk-in"),
}

ACTION_LABELS = {
    Action.CHECK_IN: _l("Check-in"),
    Action.UNDO: _l("Check-in undone"),
    Action.WALK_IN: _l("Walk-in"),
}

#: Bootstrap colours of each result, as the door pages show it.
RESULT_STYLES = {
    ScanResult.OK: "success",
    ScanResult.ALREADY_CHECKED_IN: "warning",
    ScanResult.UNKNOWN: "danger",
    ScanResult.WRONG_FORUM: "danger",
    ScanResult.CANCELLED: "danger",
    ScanResult.WAITLISTED: "danger",
    ScanResult.DOOR_CLOSED: "danger",
}
