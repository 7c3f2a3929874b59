"""A registration's fields, each once (docs/records.md): the API's JSON, the OpenAPI schemas and the
reading of every form's and the API's data (fields.parse_registration) derive from this table."""

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.records import Field, Record
from app.records.types import FieldType, Integer, RecordId, Text, Timestamp, Value
from app.registration import tickets
from app.registration.models import ConsentPurpose, Dietary, QuestionKind, RegistrationStatus, Source
from app.registration.phone import PHONE_PATTERN, PHONE_RE, normalize_phone
from app.thai import clean_text

FILL_IN = _l("Please fill this in.")
PHONE_MESSAGE = _l("Write a Thai phone number, like 081-234-5678.")
#: Answer length limit of a short-text question.
ANSWER_LIMIT = 500


class Phone(Text):
    """A Thai phone number in any form people write it, kept as 0812345678 (None once erased)."""

    def __init__(self):
        super().__init__(40)

    def parse(self, value, strict=False):
        text = super().parse(value, strict)
        # JSON takes what the schema's pattern says, exactly (the forms also what people paste).
        number = normalize_phone(text) if not strict or PHONE_RE.search(value) else None
        if number is None:
            raise ValueError(str(PHONE_MESSAGE))
        return number

    def schema(self):
        return {
            "type": ["string", "null"],
            "maxLength": self.max_length,
            "pattern": PHONE_PATTERN,
            "description": "Any Thai form on input (081-234-5678, +66 81 234 5678…); stored and given as "
            "0812345678; null once erased.",
        }


class Email(Text):
    """An e-mail address in lower case, or None."""

    def __init__(self):
        super().__init__(254, nullable=True)

    def parse(self, value, strict=False):
        text = super().parse(value, strict)
        if not text:
            return None
        try:
            return validate_email(text, check_deliverability=False).normalized.lower()
        except EmailNotValidError as error:
            raise ValueError(_("This is not an e-mail address.")) from error

    def schema(self):
        return {**super().schema(), "description": "An e-mail address, or null."}


class Consents(FieldType):
    """What the person agreed to: {purpose: true}; each purpose not given is not agreed to."""

    _YES = (True, "y", "yes", "on", "true", "1")

    def parse(self, value, strict=False):
        if strict:
            keys = ", ".join(ConsentPurpose)
            if not isinstance(value, dict):
                raise ValueError(_("Expected an object of %(keys)s.", keys=keys))
            if any(not isinstance(value[p], bool) for p in ConsentPurpose if p.value in value):
                raise ValueError(_("Expected true or false."))
        value = value if isinstance(value, dict) else {}
        return {purpose: value.get(purpose.value) in self._YES for purpose in ConsentPurpose}

    def schema(self):
        return {
            "type": "object",
            "description": "What the person agreed to; meal and accessibility needs need sensitive_data.",
            "properties": {p.value: {"type": "boolean"} for p in ConsentPurpose},
        }


class Answers(FieldType):
    """Answers to the forum's own questions, by question id; read by the record's clean() with them."""

    grouped = True

    def to_json(self, value):
        return value or {}

    def schema(self):
        return {
            "type": "object",
            "description": "Answers to the forum's own questions, by question id.",
            "additionalProperties": {"type": ["string", "boolean", "array"], "items": {"type": "string"}},
        }


def _answer(question, value):
    """A question's answer in its stored form, or None when it was left empty."""
    if question.kind == QuestionKind.YES_NO:
        if value in (None, ""):
            return None
        if value in (True, "yes", "true", "1", 1):
            return True
        if value in (False, "no", "false", "0", 0):
            return False
        raise ValueError(_("Answer yes or no."))
    if question.kind == QuestionKind.CHOICES:
        values = value if isinstance(value, list | tuple) else ([] if value in (None, "") else [value])
        chosen = [clean_text(v) for v in values if isinstance(v, str) and clean_text(v)]
        if any(v not in question.options for v in chosen):
            raise ValueError(_("Choose from the options given."))
        return [o for o in question.options if o in chosen] or None
    if value is not None and not isinstance(value, str | int):
        raise ValueError(_("Expected text."))
    text = clean_text(value)[:ANSWER_LIMIT]
    if question.kind == QuestionKind.CHOICE and text and text not in question.options:
        raise ValueError(_("Choose one of the options given."))
    return text or None


def _answers_shape(raw):
    """JSON's answers as the schema has them: an object of text, true or false, or lists of text."""
    if not isinstance(raw, dict):
        return _("Expected an object of %(keys)s.", keys=_("question ids"))
    for value in raw.values():
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            return _("Expected a list of text.")
        if not isinstance(value, str | bool | list):
            return _("Expected text.")
    return None


def parse_answers(questions, raw):
    """{question key: answer} for the forum's questions; a required one left empty is an error."""
    raw = raw if isinstance(raw, dict) else {}
    answers, errors = {}, {}
    for question in questions:
        try:
            answer = _answer(question, raw.get(question.key))
        except ValueError as error:
            errors[f"q{question.id}"] = str(error)
            continue
        if answer is None:
            if question.required:
                errors[f"q{question.id}"] = _("Please answer this question.")
        else:
            answers[question.key] = answer
    return answers, errors


class OrganizationId(RecordId):
    """An organization of the directory, read by the record's clean(): its error is the form's
    "organization" (the name typed or chosen)."""

    grouped = True


ORGANIZATION_ID = OrganizationId(_l("Choose an organization from the list."))


class Url(FieldType):
    def schema(self):
        return {"type": "string", "format": "uri"}


def _clean(raw, data, errors, partial, strict, questions=()):
    """The organization chosen, the answers, what was not sent, and the consent the needs require."""
    try:
        data["organization_id"] = ORGANIZATION_ID.parse(raw.get("organization_id"), strict)
    except ValueError as error:
        errors["organization"] = str(error)
    # What was not sent is empty (a form asks only some fields): the field's own empty value.
    for f in REGISTRATION:
        if f.writable and not f.type.grouped and f.key not in data and f.name not in errors:
            data[f.key] = f.type.parse(None)
    if strict and "answers" in raw and (problem := _answers_shape(raw["answers"])):
        errors["answers"] = problem
    data["answers"], answer_errors = parse_answers(questions, raw.get("answers"))
    errors.update(answer_errors)
    # Meal and accessibility needs reveal religion or disability: kept only with explicit consent.
    dietary = data.get("dietary", Dietary.NONE)
    asked = dietary != Dietary.NONE or data.get("dietary_other") or data.get("accessibility_needs")
    if dietary != Dietary.OTHER:
        data["dietary_other"] = ""
    if asked and not data.get("consents", {}).get(ConsentPurpose.SENSITIVE_DATA):
        errors["sensitive_data"] = _(
            "To tell us your meal or accessibility needs, tick the consent below them; or leave them empty."
        )


_ID = Field("id", Integer(), _l("Number"), writable=False)
_TIME = Timestamp(nullable=True, bangkok=True)

REGISTRATION = Record(
    "Registration",
    (
        _ID,
        Field("forum_id", Integer(), _l("Forum"), writable=False),
        Field("organization_id", ORGANIZATION_ID, _l("Organization"),
              description="An organization of the directory."),
        Field("organization_name", Text(300), _l("Organization"), read=lambda r: r.organization_display,
              description="The organization's name; on input, that of an organization not in the directory."),
        Field("invitation_id", RecordId("Not an invitation to this forum."), _l("Invitation"),
              description="Register through this invitation of the forum: its organization and seat quota."),
        Field("prefix", Text(60), _l("Prefix")),
        Field("first_name", Text(150), _l("First name"), required=True, missing=FILL_IN),
        Field("last_name", Text(150), _l("Last name"), required=True, missing=FILL_IN),
        Field("position", Text(200), _l("Position")),
        Field("phone", Phone(), _l("Mobile phone"), required=True, missing=PHONE_MESSAGE),
        Field("email", Email(), _l("E-mail")),
        Field("dietary", Value(Dietary, _l("Choose one of the meal options."), default=Dietary.NONE),
              _l("Meal"), readable=False),
        Field("dietary_other", Text(200), _l("Other meal needs"), readable=False),
        Field("accessibility_needs", Text(500), _l("Accessibility needs"), readable=False),
        Field("consents", Consents(), _l("Consents"), readable=False),
        Field("status", Value(RegistrationStatus), _l("Status"), writable=False),
        Field("waitlist_position", Integer(nullable=True), _l("Waitlist"), writable=False),
        Field("ticket_code", FieldType(), _l("Ticket code"), writable=False),
        Field("ticket_url", Url(), _l("Ticket"), writable=False, read=tickets.ticket_url),
        Field("short_code", FieldType(), _l("Short code"), writable=False,
              description="What a person types at the door (6 characters, unique within the forum); "
              "POST /checkin takes it as scan."),
        Field("source", Value(Source), _l("Source"), writable=False),
        Field("answers", Answers(), _l("Answers")),
        Field("checked_in_at", _TIME, _l("Checked in"), writable=False),
        Field("created_at", _TIME, _l("Registered"), writable=False),
        Field("confirmed_at", _TIME, _l("Confirmed"), writable=False),
        Field("cancelled_at", _TIME, _l("Cancelled"), writable=False),
        Field("replaces_id", Integer(nullable=True), _l("Replaces"), writable=False),
    ),
    clean=_clean,
)  # fmt: skip

#: What a scanner shows of the person it let in (Record.to_json's `only`): a door's answer is small.
AT_THE_DOOR = ("id", "prefix", "first_name", "last_name", "position", "organization_name", "status")
