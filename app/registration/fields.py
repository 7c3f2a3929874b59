"""Reading a registration from outside (the public form, staff forms, the API): clean values or errors.

The fields, their limits and messages are the table's, app/registration/record.py.
"""

from app.records import RecordDataError
from app.registration.record import REGISTRATION

#: The prefixes every form offers, none chosen beforehand; anything else is typed (ranks, titles…).
PREFIXES = ("นาย", "นาง", "นางสาว", "ดร.")


class RegistrationDataError(ValueError):
    """Field errors ({field: message}) in registration data."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def parse_registration(body, questions=(), strict=False):
    """Clean registration data from a dict of outside values; `strict` for JSON (no number for text…).

    Keys: prefix, first_name, last_name, position, phone, email, organization_id or
    organization_name, invitation_id, dietary, dietary_other, accessibility_needs, answers
    ({question id: value}) and consents ({purpose: true}). Every key is in the result; one not
    sent is empty.
    :raise RegistrationDataError: naming each field that is wrong.
    """
    try:
        return REGISTRATION.parse(body, strict=strict, questions=questions)
    except RecordDataError as error:
        raise RegistrationDataError(error.errors) from error
