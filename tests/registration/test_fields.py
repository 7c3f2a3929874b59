import pytest

from app.registration.fields import RegistrationDataError, parse_registration
from app.registration.models import ConsentPurpose, Dietary, Question, QuestionKind
from app.registration.phone import format_phone, normalize_phone
from tests.registration.conftest import person


@pytest.mark.parametrize(
    "typed",
    [
        "0812345678",
        "081-234-5678",
        "081 234 5678",
        "(081) 234-5678",
        "+66812345678",
        "+66 81 234 5678",
        "+66-81-234-5678",
        "+66 081 234 5678",
        "0066812345678",
        "66812345678",
        "๐๘๑๒๓๔๕๖๗๘",
        "081.234.5678",
    ],
)
def test_thai_mobile_numbers_have_one_stored_form(typed):
    assert normalize_phone(typed) == "0812345678"


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("055-123456", "055123456", "055-123456"),
        ("02 123 4567", "021234567", "02-123-4567"),
        ("+66 2 123 4567", "021234567", "02-123-4567"),
    ],
)
def test_fixed_lines(typed, stored, shown):
    assert normalize_phone(typed) == stored
    assert format_phone(stored) == shown


@pytest.mark.parametrize(
    "typed", ["", "12345", "0812345", "08123456789", "+1 202 555 0100", "0112345678", "abc", None]
)
def test_what_is_not_a_thai_number(typed):
    assert normalize_phone(typed) is None


def test_a_clean_registration():
    data = parse_registration(
        person(first_name="  สมหญิง ", email="Somying@Example.ORG", phone="+66 89 111 2222")
    )
    assert data["first_name"] == "สมหญิง"
    assert data["email"] == "somying@example.org"
    assert data["phone"] == "0891112222"
    assert data["dietary"] == Dietary.NONE
    assert data["consents"] == dict.fromkeys(
        [
            ConsentPurpose.PHOTOS,
            ConsentPurpose.LINE_GROUP,
            ConsentPurpose.MAILING_LIST,
            ConsentPurpose.SENSITIVE_DATA,
        ],
        False,
    )


def test_every_wrong_field_is_named():
    with pytest.raises(RegistrationDataError) as error:
        parse_registration(
            {"first_name": "", "last_name": "ใจดี", "phone": "12", "email": "not-an-address", "dietary": "x"}
        )
    assert set(error.value.errors) == {"first_name", "phone", "email", "dietary"}


def test_meal_and_accessibility_need_explicit_consent():
    with pytest.raises(RegistrationDataError) as error:
        parse_registration(person(dietary="halal"))
    assert set(error.value.errors) == {"sensitive_data"}
    with pytest.raises(RegistrationDataError):
        parse_registration(person(accessibility_needs="ทางลาดสำหรับรถเข็น"))
    data = parse_registration(
        person(dietary="halal", accessibility_needs="ทางลาดสำหรับรถเข็น", consents={"sensitive_data": True})
    )
    assert data["dietary"] == Dietary.HALAL and data["accessibility_needs"] == "ทางลาดสำหรับรถเข็น"


def test_other_meal_text_only_with_other():
    data = parse_registration(
        person(dietary="vegetarian", dietary_other="ไม่ทานเผ็ด", consents={"sensitive_data": "y"})
    )
    assert data["dietary_other"] == ""


def _questions():
    return [
        Question(id=1, label="ขนาดเสื้อ", kind=QuestionKind.CHOICE, options=["S", "M", "L"], required=True),
        Question(id=2, label="หัวข้อที่สนใจ", kind=QuestionKind.CHOICES, options=["ผู้สูงอายุ", "เด็ก"]),
        Question(id=3, label="ต้องการที่พัก", kind=QuestionKind.YES_NO, required=True),
        Question(id=4, label="ข้อเสนอแนะ", kind=QuestionKind.TEXT),
    ]


def test_answers_to_the_organizers_questions():
    answers = {"1": "M", "2": ["เด็ก", "ผู้สูงอายุ"], "3": "no", "4": "  "}
    data = parse_registration(person(answers=answers), _questions())
    assert data["answers"] == {"1": "M", "2": ["ผู้สูงอายุ", "เด็ก"], "3": False}


def test_required_questions_and_unknown_choices():
    with pytest.raises(RegistrationDataError) as error:
        parse_registration(person(answers={"1": "XXL", "2": ["อื่น ๆ"]}), _questions())
    assert set(error.value.errors) == {"q1", "q2", "q3"}
