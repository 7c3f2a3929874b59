"""The registration's table (app/registration/record.py): JSON parsing, schemas, the forms' limits."""

import jsonschema
import pytest
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis.strategies import from_regex
from wtforms.validators import Length

from app.checkin.forms import WalkInForm
from app.records import CREATE, READ, record_schema
from app.records.types import Text
from app.registration.fields import RegistrationDataError, parse_registration
from app.registration.forms import PersonForm
from app.registration.phone import PHONE_RE, normalize_phone
from app.registration.record import REGISTRATION
from app.thai import clean_text
from tests.registration.conftest import person


@pytest.fixture(autouse=True)
def english(app):
    """Messages in English, as the tests read them."""
    with app.test_request_context(), force_locale("en"):
        yield


def _errors(body, strict=True):
    with pytest.raises(RegistrationDataError) as error:
        parse_registration(body, strict=strict)
    return error.value.errors


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("first_name", None, "Please fill this in."),
        ("first_name", "", "Please fill this in."),
        ("first_name", 0, "Expected text."),
        ("last_name", ["ใจดี"], "Expected text."),
        ("first_name", "ก" * 151, "At most 150 characters."),
        ("prefix", None, "Expected text."),
        ("prefix", 1, "Expected text."),
        ("position", "ก" * 201, "At most 200 characters."),
        ("organization_name", 0, "Expected text."),
        ("phone", None, "Write a Thai phone number, like 081-234-5678."),
        ("phone", 812345678, "Expected text."),
        ("phone", "12", "Write a Thai phone number, like 081-234-5678."),
        ("email", 5, "Expected text."),
        ("email", "not-an-address", "This is not an e-mail address."),
        ("invitation_id", True, "Not an invitation to this forum."),
        ("invitation_id", 99999999999, "Not an invitation to this forum."),
        ("invitation_id", "1", "Not an invitation to this forum."),
        ("dietary", "pizza", "Choose one of the meal options."),
        ("dietary", None, "Choose one of the meal options."),
        ("dietary_other", 3, "Expected text."),
        ("accessibility_needs", "ก" * 501, "At most 500 characters."),
        ("consents", "yes", "Expected an object of photos, line_group, mailing_list, sensitive_data."),
        ("consents", {"photos": "yes"}, "Expected true or false."),
        ("answers", [], "Expected an object of question ids."),
        ("answers", {"1": 5}, "Expected text."),
        ("answers", {"1": [5]}, "Expected a list of text."),
    ],
)
def test_json_errors_name_the_field(field, value, message):
    assert _errors(person(**{field: value})) == {field: message}


@pytest.mark.parametrize("value", [True, "5", 0, 2**31])
def test_an_organization_id_is_a_number_of_a_row(value):
    assert _errors(person(organization_id=value)) == {"organization": "Choose an organization from the list."}


def test_json_text_is_never_a_number_but_a_forms_may_be():
    assert parse_registration(person(position=12))["position"] == "12"
    assert "position" in _errors(person(position=12))


def test_every_key_is_in_the_result_and_what_was_not_sent_is_empty():
    data = parse_registration({"first_name": "มาลี", "last_name": "ใจดี", "phone": "0812345678"}, strict=True)
    assert {k: data[k] for k in ("prefix", "position", "email", "organization_id", "invitation_id")} == {
        "prefix": "",
        "position": "",
        "email": None,
        "organization_id": None,
        "invitation_id": None,
    }
    assert data["answers"] == {} and not any(data["consents"].values())


def test_a_text_at_its_limit_is_taken():
    assert parse_registration(person(first_name="ก" * 150), strict=True)["first_name"] == "ก" * 150


def test_the_create_schema_has_the_tables_bounds():
    schema = record_schema(REGISTRATION, CREATE)
    assert schema["required"] == ["first_name", "last_name", "phone"]
    properties = schema["properties"]
    assert properties["first_name"] == {
        "type": "string",
        "maxLength": 150,
        "minLength": 1,
        "pattern": Text(1).filled_pattern(),
    }
    assert properties["phone"]["type"] == "string" and properties["phone"]["minLength"] == 1
    assert properties["dietary"]["enum"] == ["none", "vegetarian", "halal", "other"]
    assert properties["invitation_id"]["maximum"] == 2**31 - 1
    assert "status" not in properties and "ticket_url" not in properties
    jsonschema.validate(person(), schema)


def test_the_json_of_a_registration_matches_its_read_schema(forum, register):
    registration = register(forum, email="a@example.org")
    body = REGISTRATION.to_json(registration)
    jsonschema.validate(body, record_schema(REGISTRATION, READ))
    assert body["ticket_url"].endswith(registration.ticket_code) and "consents" not in body


@pytest.mark.parametrize("form_class", [PersonForm, WalkInForm])
def test_each_form_field_has_the_tables_limit(form_class):
    fields = dict(form_class(meta={"csrf": False})._fields)
    checked = 0
    for field in REGISTRATION:
        name = "prefix_other" if field.name == "prefix" else field.name
        if not isinstance(field.type, Text) or name not in fields:
            continue
        checked += 1
        lengths = [v.max for v in fields[name].validators if isinstance(v, Length)]
        assert lengths == [field.type.max_length], name
    assert checked >= (9 if form_class is PersonForm else 7)


@given(from_regex(PHONE_RE))
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_number_the_schemas_pattern_allows_is_read(typed):
    assert len(typed) > 40 or normalize_phone(clean_text(typed)) is not None


@pytest.mark.parametrize("typed", ["0", "12", "0812345", "+1 202 555 0100", "00668123456789", "660812345678"])
def test_what_the_pattern_refuses_is_no_number_of_the_server(typed):
    assert not PHONE_RE.search(typed) and normalize_phone(typed) is None


def test_the_pattern_takes_the_forms_people_write():
    for typed in (
        "081-234-5678",
        "(081) 234-5678",
        "+66 81 234 5678",
        "0066812345678",
        "๐๘๑๒๓๔๕๖๗๘",
        "02 123 4567",
    ):
        assert PHONE_RE.search(typed), typed
