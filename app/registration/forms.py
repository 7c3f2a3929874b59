"""Forms of registration: the public form (with the forum's own questions), staff forms, questions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import EmailField, TelField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.forums.record import MAX_SEATS
from app.registration import labels
from app.registration.fields import PREFIXES, RegistrationDataError, parse_registration
from app.registration.models import ConsentPurpose, QuestionKind

OTHER_PREFIX = "other"
FILL_IN = _l("Please fill this in.")
#: Where each of the service's field errors is shown on the form.
ERROR_FIELDS = {
    "organization": "organization_name",
    "sensitive_data": "consent_sensitive_data",
    "prefix": "prefix_other",
}


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def prefix_choices():
    return [*((p, p) for p in PREFIXES), (OTHER_PREFIX, _l("Other"))]


class PrefixFields:
    """The title (คำนำหน้า) as every form asks it: the same list, nothing chosen beforehand (a
    default of นาย put the wrong title on badges and certificates), "other" with the title typed."""

    prefix = RadioField(
        _l("Prefix"), choices=prefix_choices, validators=[InputRequired(_l("Choose a title."))]
    )
    prefix_other = StringField(_l("Other prefix"), validators=[Optional(), Length(max=60)])

    def validate_prefix(self, field):
        if field.data == OTHER_PREFIX and not (self.prefix_other.data or "").strip():
            raise ValidationError(_l("Type the title."))

    def chosen_prefix(self):
        return (
            (self.prefix_other.data or "").strip() if self.prefix.data == OTHER_PREFIX else self.prefix.data
        )

    def fill_prefix(self, prefix):
        self.prefix.data = prefix if prefix in PREFIXES else OTHER_PREFIX
        self.prefix_other.data = "" if prefix in PREFIXES else prefix


class RegistrationForm(FlaskForm):
    """What every form that registers a person asks, the door's short walk-in form too.

    Subclasses add the prefix their way and whatever else they ask, and extend registration_body.
    """

    first_name = StringField(_l("First name"), validators=[DataRequired(FILL_IN), Length(max=150)])
    last_name = StringField(_l("Last name"), validators=[DataRequired(FILL_IN), Length(max=150)])
    position = StringField(_l("Position"), validators=[Optional(), Length(max=200)])
    organization_name = StringField(_l("Organization"), validators=[Optional(), Length(max=300)])
    organization_id = HiddenField()
    not_listed = BooleanField(_l("My organization is not in the list"))
    phone = TelField(_l("Mobile phone"), validators=[DataRequired(FILL_IN), Length(max=40)])
    email = EmailField(_l("E-mail (to receive the ticket)"), validators=[Optional(), Length(max=254)])
    consent_photos = BooleanField(_l("Photos of me at the forum may be published by the office."))
    consent_line_group = BooleanField(_l("Add me to the forum's LINE group."))
    consent_mailing_list = BooleanField(_l("Send me news of future forums by e-mail."))

    def registration_body(self, questions=()):
        """The form's values as fields.parse_registration reads them."""
        body = {
            name: getattr(self, name).data
            for name in ("first_name", "last_name", "position", "phone", "email")
        }
        body.update(
            organization_id=None if self.not_listed.data else (self.organization_id.data or None),
            organization_name=self.organization_name.data,
            consents={
                p.value: self[f"consent_{p.value}"].data
                for p in ConsentPurpose
                if f"consent_{p.value}" in self
            },
            answers={q.key: getattr(self, f"q{q.id}").data for q in questions},
        )
        return body

    def show_errors(self, errors):
        """Put the service's field errors next to the fields they belong to (one message a field)."""
        for key, message in errors.items():
            field = getattr(self, ERROR_FIELDS.get(key, key), None) or self.first_name
            if not field.errors:
                field.errors = [*field.errors, message]

    def registration_data(self, questions=()):
        """The posted registration as fields.parse_registration cleans it, or None with every error shown.

        None too when nothing was posted, so a blank form shows no errors.
        """
        if not self.is_submitted():
            return None
        valid = self.validate_on_submit()
        try:
            data = parse_registration(self.registration_body(questions), questions)
        except RegistrationDataError as error:
            self.show_errors(error.errors)
            return None
        return data if valid else None

    def question_fields(self, questions):
        return [(q, getattr(self, f"q{q.id}")) for q in questions]


class PersonForm(PrefixFields, RegistrationForm):
    """Everything a registration asks: the prefix as buttons, needs with their consent, the PDPA consents."""

    dietary = RadioField(_l("Meal"), choices=lambda: list(labels.DIETARY_LABELS.items()), default="none")
    dietary_other = StringField(_l("Other meal needs"), validators=[Optional(), Length(max=200)])
    accessibility_needs = TextAreaField(
        _l("Help you need to take part (e.g. a wheelchair ramp, a sign-language interpreter)"),
        validators=[Optional(), Length(max=500)],
    )
    consent_sensitive_data = BooleanField(
        _l("I agree that the office keeps my meal and accessibility needs to arrange them for this forum.")
    )

    def fill_from(self, registration):
        self.fill_prefix(registration.prefix)
        for name in ("first_name", "last_name", "position", "phone", "email", "dietary_other"):
            getattr(self, name).data = getattr(registration, name) or ""
        self.phone.data = registration.phone_display
        self.accessibility_needs.data = registration.accessibility_needs
        self.dietary.data = registration.dietary.value
        self.organization_name.data = registration.organization_display
        self.organization_id.data = str(registration.organization_id or "")
        for purpose in ConsentPurpose:
            getattr(self, f"consent_{purpose.value}").data = registration.consent_given(purpose)
        for key, value in (registration.answers or {}).items():
            field = getattr(self, f"q{key}", None)
            if field is not None:
                field.data = (
                    {True: "yes", False: "no"}.get(value, value) if not isinstance(value, list) else value
                )

    def registration_body(self, questions=()):
        body = super().registration_body(questions)
        body.update(
            prefix=self.chosen_prefix() or "",
            dietary=self.dietary.data,
            dietary_other=self.dietary_other.data,
            accessibility_needs=self.accessibility_needs.data,
        )
        return body


class PublicRegistrationForm(PersonForm):
    privacy_ack = BooleanField(
        _l("I have read the privacy notice above."),
        validators=[DataRequired(_l("Please confirm that you have read the privacy notice."))],
    )
    #: Hidden from people; a bot that fills every field fills this one too.
    homepage = StringField(_l("Leave this empty"))


class StaffRegistrationForm(PersonForm):
    """Staff registering or changing someone on their behalf (by phone, on paper)."""


def _options(values):
    # A callable: WTForms deprecates choices given as a list of tuples.
    return lambda: [(value, value) for value in values]


def _question_field(question):
    label, required = question.label, question.required
    check = [InputRequired(FILL_IN)] if required else [Optional()]
    if question.kind == QuestionKind.TEXT:
        return StringField(label, validators=[*check, Length(max=500)])
    if question.kind == QuestionKind.CHOICE:
        return RadioField(label, choices=_options(question.options), validators=check, validate_choice=False)
    if question.kind == QuestionKind.CHOICES:
        return CheckboxesField(label, choices=_options(question.options), validate_choice=False)
    return RadioField(
        label, choices=lambda: [("yes", _l("Yes")), ("no", _l("No"))], validators=check, validate_choice=False
    )


def form_for(form_class, questions, **kwargs):
    """An instance of the form class with one field per question of the forum (named q<id>)."""
    if not questions:
        return form_class(**kwargs)

    class WithQuestions(form_class):
        pass

    for question in questions:
        setattr(WithQuestions, f"q{question.id}", _question_field(question))
    return WithQuestions(**kwargs)


class QuestionForm(FlaskForm):
    label = StringField(_l("Question"), validators=[DataRequired(FILL_IN), Length(max=300)])
    kind = SelectField(_l("Answer"), choices=lambda: list(labels.QUESTION_KIND_LABELS.items()))
    options = TextAreaField(_l("Choices, one per line"), validators=[Optional(), Length(max=6000)])
    required = BooleanField(_l("An answer is required"))

    def question_data(self):
        return {
            "label": self.label.data,
            "kind": self.kind.data,
            "options": self.options.data or "",
            "required": self.required.data,
        }

    def show_errors(self, errors):
        for key, message in errors.items():
            field = getattr(self, key, None) or self.label
            field.errors = [*field.errors, message]


class CapacityForm(FlaskForm):
    capacity = IntegerField(
        _l("Seats in all"), validators=[InputRequired(FILL_IN), NumberRange(min=1, max=MAX_SEATS)]
    )


class MessageForm(FlaskForm):
    audience = SelectField(_l("To"), choices=lambda: list(labels.AUDIENCE_LABELS.items()))
    subject = StringField(_l("Subject"), validators=[DataRequired(FILL_IN), Length(max=200)])
    body = TextAreaField(_l("Message"), validators=[DataRequired(FILL_IN), Length(max=10000)])


class LinkOrganizationForm(FlaskForm):
    organization_name = StringField(_l("Typed name"), validators=[DataRequired(FILL_IN), Length(max=300)])
    organization_id = IntegerField(_l("Organization in the directory"), validators=[Optional()])
    action = SelectField(choices=lambda: [("link", "link"), ("create", "create")])
