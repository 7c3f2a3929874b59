"""Forms of the door: a walk-in's registration, undoing a check-in, one-tap check-in."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.registration.forms import PrefixFields, RegistrationForm, prefix_choices


class CheckInForm(FlaskForm):
    """One tap: check this person in (from the search or the ticket page)."""

    via = HiddenField()
    next = HiddenField()
    #: Why an organizer checks someone in while the door is closed (a correction).
    reason = StringField(validators=[Optional(), Length(max=500)])


class UndoForm(FlaskForm):
    reason = StringField(
        _l("Why undo this check-in?"), validators=[DataRequired(_l("Say why.")), Length(max=500)]
    )
    next = HiddenField()


class WalkInForm(PrefixFields, RegistrationForm):
    """Who came without registering: the least the sign-in sheet and a phone call need, then the
    forum's questions, and optionally an e-mail address for the ticket and the consents."""

    #: The same titles as every form, as a short list for one thumb; nothing chosen beforehand.
    prefix = SelectField(
        _l("Prefix"),
        choices=lambda: [("", "—"), *prefix_choices()],
        validators=[InputRequired(_l("Choose a title."))],
    )
    not_listed = BooleanField(_l("The organization is not in the list"))
    override = BooleanField(_l("Admit over capacity (organizer)"))
    override_reason = StringField(_l("Why admit over capacity?"), validators=[Optional(), Length(max=500)])

    def registration_body(self, questions=()):
        body = {**super().registration_body(questions), "prefix": self.chosen_prefix()}
        # A NUL typed or pasted in is no text anybody meant, and databases refuse it.
        return _without_nul(body)

    def questions_by_need(self, questions):
        """The questions' (question, field) pairs: the required ones, then the others."""
        asked = self.question_fields(questions)
        return [p for p in asked if p[0].required], [p for p in asked if not p[0].required]


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {key: _without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    return value
