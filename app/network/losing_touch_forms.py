"""The form of the losing-touch list: the organizations ticked, and what to do with them in one step."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import AnyOf, Length, NumberRange, Optional

from app.forums.forms import SEAT_COUNT, CalendarDateField
from app.network.health import REASONS

FOLLOW_UP_KINDS = {"call": _l("A phone call"), "visit": _l("A visit")}


class LosingTouchForm(FlaskForm):
    organization_ids = SelectMultipleField(coerce=int, validate_choice=False)
    #: Every organization of the list (of the reason chosen), on every page, instead of those ticked.
    everyone = BooleanField()
    reason = StringField(validators=[Optional(), AnyOf(REASONS)])
    #: The bulk action, the value of the submit button pressed (app/network/losing_touch_views.ACTIONS).
    action = SelectField()
    forum_id = SelectField(_l("Open forum"), coerce=int, validate_choice=False, validators=[Optional()])
    seats = IntegerField(_l("Seats for each"), validators=[Optional(), SEAT_COUNT])
    due_on = CalendarDateField(_l("Report due on"), validators=[Optional()])
    follow_up_kind = SelectField(
        _l("What was it"), choices=lambda: list(FOLLOW_UP_KINDS.items()), default="call"
    )
    follow_up_on = CalendarDateField(_l("On"), validators=[Optional()])
    note = TextAreaField(_l("What was said or seen"), validators=[Optional(), Length(max=2000)])
    fiscal_year = IntegerField(validators=[NumberRange(min=2500, max=2700)])
