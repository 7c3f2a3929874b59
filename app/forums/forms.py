"""Forms of the forum pages: dates are typed in Bangkok time, in the browser's (Gregorian) date widget."""

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.directory import labels as directory_labels
from app.forums import labels
from app.forums.models import CertificateRule, ForumKind, SpeakerRole
from app.forums.record import FORUM, MAX_SEATS
from app.thai import BE_OFFSET, to_bangkok
from app.timeutil import utc_from_bangkok


def _length(name):
    """The forum table's length limit of a text field."""
    return Length(max=FORUM[name].type.max_length)


def _venue_length(part):
    """The length limit of a part of the venue (name, address, map_url) in the forum's table."""
    return Length(max=FORUM["venue"].type.part(part).max_length)


#: A number of seats: at least one, and no more than any venue has.
SEAT_COUNT = NumberRange(min=1, max=MAX_SEATS)


class CalendarDateField(DateField):
    """A date from the browser's date input; a Buddhist-era year typed into it (2561) is taken as such."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if isinstance(self.data, date) and self.data.year > 2400:
            self.data = self.data.replace(year=self.data.year - BE_OFFSET)


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _at(day, moment):
    """A date and a wall-clock time in Bangkok as naive UTC (None without a date)."""
    if day is None:
        return None
    return utc_from_bangkok(datetime.combine(day, moment or time.min))


#: Where each service error of a forum is shown on the form.
ERROR_FIELDS = {
    "starts_at": "starts_on",
    "ends_at": "ends_on",
    "registration_opens_at": "registration_opens_on",
    "registration_closes_at": "registration_closes_on",
}


class ForumForm(FlaskForm):
    title = StringField(FORUM["title"].label, validators=[DataRequired(), _length("title")])
    kind = SelectField(
        FORUM["kind"].label, choices=lambda: [(str(k), v) for k, v in labels.KIND_LABELS.items()]
    )
    description = TextAreaField(FORUM["description"].label, validators=[Optional(), _length("description")])
    objectives = TextAreaField(FORUM["objectives"].label, validators=[Optional(), _length("objectives")])
    starts_on = CalendarDateField(_l("Date"), validators=[DataRequired()])
    starts_time = TimeField(_l("Starts at"), validators=[DataRequired()])
    ends_on = CalendarDateField(_l("Last day"), validators=[Optional()])
    ends_time = TimeField(_l("Ends at"), validators=[DataRequired()])
    venue_name = StringField(FORUM["venue"].label, validators=[DataRequired(), _venue_length("name")])
    venue_address = StringField(_l("Address of the venue"), validators=[Optional(), _venue_length("address")])
    map_url = URLField(_l("Map link"), validators=[Optional(), _venue_length("map_url")])
    capacity = IntegerField(FORUM["capacity"].label, validators=[InputRequired(), SEAT_COUNT])
    seats_per_organization = IntegerField(
        FORUM["seats_per_organization"].label,
        default=1,
        validators=[InputRequired(), SEAT_COUNT],
    )
    letter_number = IntegerField(
        _l("Letter number (circular, this fiscal year)"),
        validators=[Optional(), NumberRange(min=1, max=99999)],
    )
    letter_reference = StringField(_l("Reference of the letter"), validators=[Optional(), Length(max=300)])
    registration_opens_on = CalendarDateField(_l("Registration opens on"), validators=[Optional()])
    registration_opens_time = TimeField(_l("at"), validators=[Optional()])
    registration_closes_on = CalendarDateField(_l("Registration closes on"), validators=[Optional()])
    registration_closes_time = TimeField(_l("at"), validators=[Optional()])
    target_kinds = CheckboxesField(
        FORUM["target_kinds"].label, choices=lambda: directory_labels.choices(directory_labels.KIND_LABELS)
    )
    organizers = CheckboxesField(FORUM["organizer_ids"].label, coerce=int)
    certificate_rule = RadioField(
        FORUM["certificate_rule"].label,
        choices=lambda: [(str(k), v) for k, v in labels.CERTIFICATE_RULE_LABELS.items()],
        default=CertificateRule.ANY_DAY.value,
    )

    def fill_from(self, forum):
        """The form's fields from a forum, times in Bangkok."""
        self.starts_on.data, self.starts_time.data = forum.local_start.date(), forum.local_start.time()
        self.ends_on.data, self.ends_time.data = forum.local_end.date(), forum.local_end.time()
        for name, moment in (
            ("registration_opens", forum.registration_opens_at),
            ("registration_closes", forum.registration_closes_at),
        ):
            if moment is not None:
                local = to_bangkok(moment)
                getattr(self, f"{name}_on").data, getattr(self, f"{name}_time").data = (
                    local.date(),
                    local.time(),
                )
        self.kind.data = forum.kind.value
        self.certificate_rule.data = forum.certificate_rule.value
        self.target_kinds.data = list(forum.target_kinds or [])
        self.organizers.data = [u.id for u in forum.organizers]

    def forum_data(self, users_by_id):
        """The form's values as the forum service takes them (times as naive UTC)."""
        closes_time = self.registration_closes_time.data or time(23, 59)
        return {
            "title": self.title.data,
            "kind": ForumKind(self.kind.data),
            "description": self.description.data or "",
            "objectives": self.objectives.data or "",
            "starts_at": _at(self.starts_on.data, self.starts_time.data),
            "ends_at": _at(self.ends_on.data or self.starts_on.data, self.ends_time.data),
            "venue_name": self.venue_name.data,
            "venue_address": self.venue_address.data or "",
            "map_url": (self.map_url.data or "").strip(),
            "capacity": self.capacity.data,
            "seats_per_organization": self.seats_per_organization.data,
            "letter_number": self.letter_number.data,
            "letter_reference": self.letter_reference.data or "",
            "registration_opens_at": _at(self.registration_opens_on.data, self.registration_opens_time.data),
            "registration_closes_at": _at(self.registration_closes_on.data, closes_time),
            "target_kinds": list(self.target_kinds.data or []),
            "organizers": [users_by_id[i] for i in self.organizers.data or [] if i in users_by_id],
            "certificate_rule": CertificateRule(self.certificate_rule.data),
        }

    def show_errors(self, errors):
        """Put the service's field errors next to the fields they belong to."""
        for key, message in errors.items():
            field = getattr(self, ERROR_FIELDS.get(key, key), None) or self.title
            field.errors = [*field.errors, message]


class AgendaItemForm(FlaskForm):
    day = SelectField(_l("Day"), coerce=int, default=1)
    start_time = TimeField(_l("From"), validators=[DataRequired()])
    end_time = TimeField(_l("To"), validators=[Optional()])
    title = StringField(_l("Item"), validators=[DataRequired(), Length(max=300)])
    speaker = StringField(_l("Speaker"), validators=[Optional(), Length(max=300)])
    speaker_role = SelectField(
        _l("Role"),
        default="",
        choices=lambda: [("", "—"), *((str(k), v) for k, v in labels.SPEAKER_ROLE_LABELS.items())],
    )

    def item_data(self):
        return {
            "day": self.day.data,
            "start_time": self.start_time.data,
            "end_time": self.end_time.data,
            "title": self.title.data,
            "speaker": self.speaker.data or "",
            "speaker_role": SpeakerRole(self.speaker_role.data) if self.speaker_role.data else None,
        }

    def show_errors(self, errors):
        for key, message in errors.items():
            field = getattr(self, key, None) or self.title
            field.errors = [*field.errors, message]


class PostponeForm(FlaskForm):
    starts_on = CalendarDateField(_l("New date"), validators=[DataRequired()])
    starts_time = TimeField(_l("Starts at"), validators=[DataRequired()])
    ends_on = CalendarDateField(_l("Last day"), validators=[Optional()])
    ends_time = TimeField(_l("Ends at"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason (told to everybody)"), validators=[Optional(), Length(max=2000)])

    def new_dates(self):
        return (
            _at(self.starts_on.data, self.starts_time.data),
            _at(self.ends_on.data or self.starts_on.data, self.ends_time.data),
        )


class CancelForm(FlaskForm):
    reason = TextAreaField(FORUM["cancel_reason"].label, validators=[Optional(), _length("cancel_reason")])


class InviteForm(FlaskForm):
    organization_ids = SelectMultipleField(coerce=int, validate_choice=False)
    seats = IntegerField(_l("Seats for each"), validators=[InputRequired(), SEAT_COUNT])


#: Bulk actions that queue an e-mail job instead of changing the invitations at once.
EMAIL_ACTIONS = ("email", "email_reminder")
BULK_ACTIONS = ("quota", "sent", "reminder", "remove", *EMAIL_ACTIONS)


class BulkForm(FlaskForm):
    invitation_ids = SelectMultipleField(coerce=int, validate_choice=False)
    action = SelectField(choices=lambda: [(a, a) for a in BULK_ACTIONS])
    seats = IntegerField(_l("Seats"), validators=[Optional(), SEAT_COUNT])
    channel = SelectField(
        _l("How"), choices=lambda: [(str(k), v) for k, v in labels.CHANNEL_LABELS.items()], default="line"
    )

    def validate_seats(self, field):
        if self.action.data == "quota" and field.data is None:
            raise ValidationError(_l("Give the number of seats."))


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional(), Length(max=1000)])
