"""Forms of the door: a walk-in's few fields, undoing a check-in, one-tap check-in."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.fields import TelField
from wtforms.validators import DataRequired, Length, Optional

from app.registration.fields import PREFIXES

FILL_IN = _l("Please fill this in.")


class CheckInForm(FlaskForm):
    """One tap: check this person in (from the search or the ticket page)."""

    via = HiddenField()
    next = HiddenField()


class UndoForm(FlaskForm):
    reason = StringField(
        _l("Why undo this check-in?"), validators=[DataRequired(_l("Say why.")), Length(max=500)]
    )
    next = HiddenField()


class WalkInForm(FlaskForm):
    """Who came without registering: the least the sign-in sheet and a phone call need."""

    prefix = SelectField(_l("Prefix"), choices=list(PREFIXES), default=PREFIXES[0])
    first_name = StringField(_l("First name"), validators=[DataRequired(FILL_IN), Length(max=150)])
    last_name = StringField(_l("Last name"), validators=[DataRequired(FILL_IN), Length(max=150)])
    phone = TelField(_l("Mobile phone"), validators=[DataRequired(FILL_IN), Length(max=40)])
    organization_name = StringField(_l("Organization"), validators=[Optional(), Length(max=300)])
    position = StringField(_l("Position"), validators=[Optional(), Length(max=200)])
    override = BooleanField(_l("Admit over capacity (organizer)"))
    override_reason = StringField(_l("Why admit over capacity?"), validators=[Optional(), Length(max=500)])

    def registration_body(self):
        """The form's values as registration.fields.parse_registration reads them."""
        names = ("prefix", "first_name", "last_name", "phone", "organization_name", "position")
        # A NUL typed or pasted in is no text anybody meant, and databases refuse it.
        return {name: (getattr(self, name).data or "").replace("\x00", "") for name in names}
