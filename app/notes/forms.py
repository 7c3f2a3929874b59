"""Forms of the notes pages: a note (category first), an action item, the notes settings."""

from datetime import datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    BooleanField,
    HiddenField,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from app.directory.models import Organization
from app.extensions import db
from app.forums.forms import CalendarDateField
from app.forums.service import staff_choices
from app.notes import labels
from app.notes.actions import DESCRIPTION_LIMIT, find_owner, owner_key
from app.notes.feedback import DEFAULT_QUESTIONS
from app.notes.models import LessonNote, NoteCategory
from app.notes.rendering import plain_excerpt
from app.notes.service import BODY_LIMIT, notes_of
from app.thai import to_bangkok


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


def organization_choices(forum):
    """The organizations invited to the forum first, then the rest of the directory."""
    invited_ids = {i.organization_id for i in forum.invitations}
    organizations = db.session.scalars(select(Organization).order_by(Organization.name_sort)).all()
    invited = [(o.id, o.name) for o in organizations if o.id in invited_ids]
    others = [(o.id, o.name) for o in organizations if o.id not in invited_ids]
    if not invited:
        return [("", "—"), *others]
    return {"": [("", "—")], str(_l("Invited to this forum")): invited, str(_l("Others")): others}


def agenda_choices(forum):
    multi_day = forum.is_multi_day
    choices = [("", "—")]
    for item in forum.agenda:
        when = f"{item.start_time:%H.%M}"
        if multi_day:
            when = _l("Day %(n)d", n=item.day) + f" {when}"
        choices.append((item.id, f"{when} {item.title}"))
    return choices


def current_agenda_item(forum, now):
    """The agenda item under way at a moment (naive UTC), if the forum is on: the likely source of a note."""
    local = to_bangkok(now)
    day = (local.date() - forum.local_start.date()).days + 1
    started = [
        item
        for item in forum.agenda
        if item.day == day and datetime.combine(local.date(), item.start_time) <= local.replace(tzinfo=None)
    ]
    return started[-1] if started else None


class NoteForm(FlaskForm):
    category = RadioField(
        _l("Heading"),
        choices=lambda: [(str(k), v) for k, v in labels.CATEGORY_LABELS.items()],
        validators=[DataRequired(message=_l("Choose a heading for the note."))],
    )
    body = TextAreaField(_l("Note"), validators=[Optional(), Length(max=BODY_LIMIT)])
    organization_id = SelectField(_l("From organization"), coerce=_optional_int, validate_choice=False)
    agenda_item_id = SelectField(_l("Agenda item"), coerce=_optional_int, validate_choice=False)
    photos = MultipleFileField(_l("Photos"))
    #: The version the editor started from (edits only).
    version = HiddenField()

    def fill_choices(self, forum):
        self.organization_id.choices = organization_choices(forum)
        self.agenda_item_id.choices = agenda_choices(forum)

    def uploaded_photos(self):
        return [f for f in self.photos.data or [] if getattr(f, "filename", "")]

    def note_data(self, forum):
        """The form's values as the notes service takes them."""
        organization_id, item_id = self.organization_id.data, self.agenda_item_id.data
        return {
            "category": NoteCategory(self.category.data) if self.category.data else None,
            "body": self.body.data or "",
            "organization": db.session.get(Organization, organization_id) if organization_id else None,
            "agenda_item": next((i for i in forum.agenda if i.id == item_id), None),
        }

    def fill_from(self, note):
        self.category.data = note.category.value
        self.body.data = note.body
        self.organization_id.data = note.organization_id
        self.agenda_item_id.data = note.agenda_item_id
        self.version.data = str(note.version)

    def base_version(self):
        return int(self.version.data) if (self.version.data or "").isdigit() else 0

    def show_errors(self, errors):
        for key, message in errors.items():
            field = getattr(self, key, None) or getattr(self, f"{key}_id", None) or self.body
            field.errors = [*field.errors, message]


def owner_choices():
    """Organizations and active staff as owner keys (``org:<id>``, ``user:<id>``), in two groups."""
    organizations = db.session.scalars(select(Organization).order_by(Organization.name_sort)).all()
    return {
        "": [("", _l("Nobody yet"))],
        str(_l("Staff")): [(f"user:{u.id}", u.display_name) for u in staff_choices()],
        str(_l("Organizations")): [(f"org:{o.id}", o.name) for o in organizations],
    }


def note_choices(forum):
    return [("", "—")] + [(n.id, plain_excerpt(n.body, 60) or "📷") for n in notes_of(forum)]


class ActionItemForm(FlaskForm):
    description = TextAreaField(
        _l("What is to be done"), validators=[DataRequired(), Length(max=DESCRIPTION_LIMIT)]
    )
    owner = SelectField(_l("Who"), validate_choice=False)
    due_on = CalendarDateField(_l("Due on"), validators=[Optional()])
    note_id = SelectField(_l("From the note"), coerce=_optional_int, validate_choice=False)

    def fill_choices(self, forum):
        self.owner.choices = owner_choices()
        self.note_id.choices = note_choices(forum)

    def fill_from(self, item):
        self.description.data = item.description
        self.owner.data = owner_key(item)
        self.due_on.data = item.due_on
        self.note_id.data = item.note_id

    def item_data(self, forum):
        """The form's values as the action items service takes them.

        :raise NoteDataError: an owner that is not in the directory or not staff.
        """
        organization, user = find_owner(self.owner.data)
        note = db.session.get(LessonNote, self.note_id.data) if self.note_id.data else None
        return {
            "description": self.description.data,
            "owner_organization": organization,
            "owner_user": user,
            "due_on": self.due_on.data,
            "note": note,
        }

    def show_errors(self, errors):
        for key, message in errors.items():
            field = getattr(self, key, None) or self.description
            field.errors = [*field.errors, message]


class NotesSettingsForm(FlaskForm):
    photos_public = BooleanField(_l("Anyone with the link may see the photos of the notes"))


class SurveyForm(FlaskForm):
    questions = TextAreaField(
        _l("Questions, one per line"), validators=[DataRequired(message=_l("Keep at least one question."))]
    )
    anonymous = BooleanField(_l("Anonymous answers (nothing links an answer to the person)"))

    def fill_from(self, survey):
        """The survey's questions, or the default ones (in Thai) for a survey not made yet."""
        if survey is None:
            with force_locale("th"):
                self.questions.data = "\n".join(str(q) for q in DEFAULT_QUESTIONS)
            self.anonymous.data = False
        else:
            self.questions.data = "\n".join(q.text for q in survey.questions)
            self.anonymous.data = survey.anonymous

    def question_texts(self):
        return [line for line in (self.questions.data or "").splitlines() if line.strip()]


class FeedbackForm(FlaskForm):
    """The comment of a feedback answer; the scores come as fields named q<question id>."""

    comment = TextAreaField(_l("Comments and suggestions"), validators=[Optional(), Length(max=5000)])


class IdentifyForm(FlaskForm):
    phone = StringField(_l("The phone number you registered with"), validators=[DataRequired()])
    short_code = StringField(_l("The code on your ticket"), validators=[DataRequired()])
