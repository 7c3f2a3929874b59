"""Reading a registration from outside (the public form, staff forms, the API): clean values or errors."""

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from app.params import is_record_id
from app.registration.models import ConsentPurpose, Dietary, QuestionKind
from app.registration.phone import normalize_phone
from app.thai import clean_text

#: The prefixes every form offers, none chosen beforehand; anything else is typed (ranks, titles…).
PREFIXES = ("นาย", "นาง", "นางสาว", "ดร.")
TEXT_LIMITS = {
    "prefix": 60,
    "first_name": 150,
    "last_name": 150,
    "position": 200,
    "organization_name": 300,
    "dietary_other": 200,
    "accessibility_needs": 500,
}
REQUIRED = ("first_name", "last_name", "phone")
#: Answer length limit of a short-text question.
ANSWER_LIMIT = 500


class RegistrationDataError(ValueError):
    """Field errors ({field: message}) in registration data."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _text(value, limit):
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise ValueError(_("Expected text."))
    return clean_text(value)[:limit]


def _email(value):
    text = _text(value, 254)
    if not text:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise ValueError(_("This is not an e-mail address.")) from error


def _phone(value):
    number = normalize_phone(_text(value, 40))
    if number is None:
        raise ValueError(_("Write a Thai phone number, like 081-234-5678."))
    return number


def _dietary(value):
    if value in (None, ""):
        return Dietary.NONE
    try:
        return Dietary(value)
    except ValueError as error:
        raise ValueError(_("Choose one of the meal options.")) from error


def _organization_id(value):
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValueError(_("Choose an organization from the list."))
    try:
        organization_id = int(value)
    except (TypeError, ValueError) as error:
        raise ValueError(_("Choose an organization from the list.")) from error
    if not is_record_id(organization_id):
        raise ValueError(_("Choose an organization from the list."))
    return organization_id


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
    text = _text(value, ANSWER_LIMIT)
    if question.kind == QuestionKind.CHOICE and text and text not in question.options:
        raise ValueError(_("Choose one of the options given."))
    return text or None


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


def _consents(raw):
    raw = raw if isinstance(raw, dict) else {}
    return {
        purpose: raw.get(purpose.value) in (True, "y", "yes", "on", "true", "1") for purpose in ConsentPurpose
    }


def _sensitive(data, consents, errors):
    """Meal and accessibility needs reveal religion or disability: kept only with explicit consent."""
    asked = data["dietary"] != Dietary.NONE or data["dietary_other"] or data["accessibility_needs"]
    if data["dietary"] != Dietary.OTHER:
        data["dietary_other"] = ""
    if asked and not consents[ConsentPurpose.SENSITIVE_DATA]:
        errors["sensitive_data"] = _(
            "To tell us your meal or accessibility needs, tick the consent below them; or leave them empty."
        )


def _person(body, data, errors):
    readers = {
        "phone": _phone,
        "email": _email,
        **{
            name: (lambda v, n=name: _text(v, TEXT_LIMITS[n]))
            for name in ("prefix", "first_name", "last_name", "position")
        },
    }
    for name, read in readers.items():
        try:
            data[name] = read(body.get(name))
        except ValueError as error:
            errors[name] = str(error)
    for name in REQUIRED:
        if not data.get(name) and name not in errors:
            errors[name] = _("Please fill this in.")


def parse_registration(body, questions=()):
    """Clean registration data from a dict of outside values.

    Keys: prefix, first_name, last_name, position, phone, email, organization_id or
    organization_name, dietary, dietary_other, accessibility_needs, answers ({question id:
    value}) and consents ({purpose: true}).
    :raise RegistrationDataError: naming each field that is wrong.
    """
    data, errors = {}, {}
    _person(body, data, errors)
    try:
        data["organization_id"] = _organization_id(body.get("organization_id"))
        data["organization_name"] = _text(body.get("organization_name"), TEXT_LIMITS["organization_name"])
    except ValueError as error:
        errors["organization"] = str(error)
    try:
        data["dietary"] = _dietary(body.get("dietary"))
    except ValueError as error:
        errors["dietary"] = str(error)
        data["dietary"] = Dietary.NONE
    data["dietary_other"] = _text(body.get("dietary_other"), TEXT_LIMITS["dietary_other"])
    data["accessibility_needs"] = _text(body.get("accessibility_needs"), TEXT_LIMITS["accessibility_needs"])
    data["consents"] = _consents(body.get("consents"))
    _sensitive(data, data["consents"], errors)
    data["answers"], answer_errors = parse_answers(questions, body.get("answers"))
    errors.update(answer_errors)
    if errors:
        raise RegistrationDataError(errors)
    return data
