from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.directory import geography, labels
from app.directory.models import LegalForm, OrganizationKind, OrganizationStatus
from app.directory.record import ORGANIZATION
from app.records.types import Text

#: Contacts one organization may list.
MAX_CONTACTS = 10


#: WTForms has no Thai catalogue, so the messages people meet most are given in ours.
EMAIL_MESSAGE = _l("Write the e-mail address like name@example.org.")


class ContactForm(Form):
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    position = StringField(_l("Position"), validators=[Optional(), Length(max=200)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=100)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(message=EMAIL_MESSAGE), Length(max=254)])


def _length(name):
    """The organization table's length limit of a text field."""
    return Length(max=ORGANIZATION[name].type.max_length)


_TEXT_DETAILS = tuple(
    f.key for f in ORGANIZATION if f.self_update and isinstance(f.type, Text) and not f.type.grouped
)


def _none_as_blank(value):
    """An empty model value (None) is the blank choice of a select."""
    return value or ""


def _with_blank(pairs):
    return [("", "—"), *pairs]


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes: easier than a multi-select on a phone."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OrganizationDetailsForm(FlaskForm):
    """What both the office and the organization itself may change: address, channels, work."""

    address = StringField(ORGANIZATION["address"].label, validators=[Optional(), _length("address")])
    province_code = SelectField(
        _l("Province"), choices=lambda: _with_blank(geography.provinces()), filters=[_none_as_blank]
    )
    district_code = SelectField(_l("District"), validate_choice=False, filters=[_none_as_blank])
    subdistrict_code = SelectField(_l("Subdistrict"), validate_choice=False, filters=[_none_as_blank])
    postal_code = StringField(
        _l("Postal code"),
        validators=[Optional(), Regexp(r"^\d{5}$", message=_l("A postal code has five digits."))],
    )
    phone = StringField(ORGANIZATION["phone"].label, validators=[Optional(), _length("phone")])
    email = EmailField(
        ORGANIZATION["email"].label, validators=[Optional(), Email(message=EMAIL_MESSAGE), _length("email")]
    )
    line_id = StringField(ORGANIZATION["line_id"].label, validators=[Optional(), _length("line_id")])
    fields_of_work = SelectMultipleField(
        _l("Fields of work"), choices=lambda: labels.choices(labels.WELFARE_FIELDS)
    )
    target_groups = SelectMultipleField(
        _l("Target groups"), choices=lambda: labels.choices(labels.TARGET_GROUPS)
    )

    def fill_place_choices(self):
        """The district and subdistrict lists follow the chosen province and district."""
        self.district_code.choices = _with_blank(geography.districts_of(self.province_code.data))
        self.subdistrict_code.choices = _with_blank(
            (code, name) for code, name, _postal in geography.subdistricts_of(self.district_code.data)
        )

    def validate_district_code(self, field):
        if field.data and field.data not in dict(geography.districts_of(self.province_code.data)):
            raise ValidationError(_l("Choose a district of the chosen province."))

    def validate_subdistrict_code(self, field):
        subdistricts = {code for code, _n, _p in geography.subdistricts_of(self.district_code.data)}
        if field.data and field.data not in subdistricts:
            raise ValidationError(_l("Choose a subdistrict of the chosen district."))

    def details_data(self):
        subdistrict = self.subdistrict_code.data or None
        return {
            # The table's text fields an organization keeps itself up to date (address, phone…).
            **{key: getattr(self, key).data or "" for key in _TEXT_DETAILS},
            "province_code": self.province_code.data or None,
            "district_code": self.district_code.data or None,
            "subdistrict_code": subdistrict,
            "postal_code": self.postal_code.data or geography.postal_code_of(subdistrict),
            "email": (self.email.data or "").strip().lower(),
            "fields_of_work": list(self.fields_of_work.data or []),
            "target_groups": list(self.target_groups.data or []),
        }


class OrganizationForm(OrganizationDetailsForm):
    name = StringField(ORGANIZATION["name"].label, validators=[DataRequired(), _length("name")])
    kind = SelectField(_l("Kind"), choices=lambda: labels.choices(labels.KIND_LABELS))
    legal_form = SelectField(
        _l("Legal form"),
        choices=lambda: _with_blank(labels.choices(labels.LEGAL_FORM_LABELS)),
        filters=[_none_as_blank],
    )
    certification_no = StringField(
        ORGANIZATION["certification_no"].label, validators=[Optional(), _length("certification_no")]
    )
    certified_on = DateField(_l("Certified on"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=lambda: labels.choices(labels.STATUS_LABELS))
    contacts = FieldList(
        FormField(ContactForm), ORGANIZATION["contacts"].label, min_entries=3, max_entries=MAX_CONTACTS
    )

    def organization_data(self):
        """The form's values as the directory service takes them."""
        return {
            "name": self.name.data,
            "kind": OrganizationKind(self.kind.data),
            "legal_form": LegalForm(self.legal_form.data) if self.legal_form.data else None,
            "certification_no": self.certification_no.data,
            "certified_on": self.certified_on.data,
            "status": OrganizationStatus(self.status.data),
            **self.details_data(),
            "contacts": [entry.data for entry in self.contacts],
        }


class SelfUpdateContactForm(ContactForm):
    # Not Optional(): a contact with a phone but no name must be told, not silently dropped.
    name = StringField(_l("Name"), validators=[Length(max=200)])
    remove = BooleanField(_l("Remove this contact"))

    def validate_name(self, field):
        filled = any((self.position.data, self.phone.data, self.email.data))
        if not field.data and filled and not self.remove.data:
            raise ValidationError(_l("Give this contact's name, or remove the contact."))


class HoneypotMixin:
    #: Hidden from people; a robot that fills every field fills this one too.
    website = StringField(_l("Leave this field empty"))

    @property
    def is_spam(self):
        return bool(self.website.data)


class SelfUpdateForm(HoneypotMixin, OrganizationDetailsForm):
    """What the organization's contact corrects through the self-update link."""

    fields_of_work = MultiCheckboxField(
        _l("Fields of work"), choices=lambda: labels.choices(labels.WELFARE_FIELDS)
    )
    target_groups = MultiCheckboxField(
        _l("Target groups"), choices=lambda: labels.choices(labels.TARGET_GROUPS)
    )
    contacts = FieldList(
        FormField(SelfUpdateContactForm), ORGANIZATION["contacts"].label, max_entries=MAX_CONTACTS
    )

    def self_update_data(self):
        contacts = [entry.data for entry in self.contacts if not entry.remove.data]
        return {
            **self.details_data(),
            "contacts": [{k: c[k] or "" for k in ("name", "position", "phone", "email")} for c in contacts],
        }


class ConfirmForm(HoneypotMixin, FlaskForm):
    """The organization's "the data is correct", with nothing else to say."""


class ImportUploadForm(FlaskForm):
    file = FileField(_l("File (.xlsx or .csv)"), validators=[FileRequired(_l("Choose a file to import."))])
