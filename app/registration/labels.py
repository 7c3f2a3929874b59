"""What people see for the registrations' coded values (English msgids, Thai in the catalogue)."""

from flask_babel import lazy_gettext as _l

from app.registration.models import ConsentPurpose, Dietary, QuestionKind, RegistrationStatus, Source

STATUS_LABELS = {
    RegistrationStatus.CONFIRMED: _l("Confirmed"),
    RegistrationStatus.WAITLISTED: _l("Waitlist"),
    RegistrationStatus.CANCELLED: _l("Cancelled"),
}

#: Bootstrap colours of the status badges.
STATUS_COLOURS = {
    RegistrationStatus.CONFIRMED: "success",
    RegistrationStatus.WAITLISTED: "warning",
    RegistrationStatus.CANCELLED: "secondary",
}

DIETARY_LABELS = {
    Dietary.NONE.value: _l("No special meal"),
    Dietary.VEGETARIAN.value: _l("Vegetarian"),
    Dietary.HALAL.value: _l("Halal"),
    Dietary.OTHER.value: _l("Other (please say)"),
}

SOURCE_LABELS = {
    Source.PUBLIC: _l("Public link"),
    Source.INVITATION: _l("Invitation link"),
    Source.STAFF: _l("By staff"),
    Source.API: _l("API"),
}

QUESTION_KIND_LABELS = {
    QuestionKind.TEXT.value: _l("Short text"),
    QuestionKind.CHOICE.value: _l("One choice"),
    QuestionKind.CHOICES.value: _l("Several choices"),
    QuestionKind.YES_NO.value: _l("Yes or no"),
}

CONSENT_LABELS = {
    ConsentPurpose.PHOTOS: _l("Photos may be published"),
    ConsentPurpose.LINE_GROUP: _l("LINE group"),
    ConsentPurpose.MAILING_LIST: _l("Mailing list"),
    ConsentPurpose.SENSITIVE_DATA: _l("Meal and accessibility needs kept"),
}

#: Whom a message to a forum's registrants goes to.
AUDIENCE_LABELS = {
    "active": _l("Everybody with a place (confirmed and waitlist)"),
    "confirmed": _l("Confirmed only"),
    "waitlisted": _l("Waitlist only"),
}
