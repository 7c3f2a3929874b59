"""Thai phone numbers: one stored form for every way people write them."""

import re

from app.thai import THAI_DIGITS

_SEPARATORS = re.compile(r"[\s\-.()/\u2010-\u2015]")
#: Mobile: 10 digits beginning 06, 08 or 09. Fixed line: 9 digits, 02 for Bangkok, 03–05 and 07 elsewhere.
_NATIONAL = re.compile(r"^(?:0[689]\d{8}|0[2-57]\d{7})$")


def normalize_phone(value):
    """A Thai phone number in its national form, digits only (0812345678), or None when it is not one.

    Takes 081-234-5678, 081 234 5678, (081) 2345678, +66 81 234 5678, +66-81-234-5678,
    0066812345678, 66812345678, Thai digits (๐๘๑…), and fixed lines such as 055-123456.
    """
    if value is None:
        return None
    digits = _SEPARATORS.sub("", str(value).translate(THAI_DIGITS))
    if digits.startswith("+66"):
        digits = "0" + digits[3:]
    elif digits.startswith("0066"):
        digits = "0" + digits[4:]
    elif digits.startswith("66") and len(digits) in (10, 11):
        digits = "0" + digits[2:]
    if digits.startswith("00"):  # +66 0812345678: the trunk zero written after the country code
        digits = digits[1:]
    return digits if _NATIONAL.match(digits) else None


def format_phone(number):
    """The stored form as people read it: 081-234-5678, 02-123-4567, 055-123456."""
    if not number or not _NATIONAL.match(number):
        return number or ""
    if len(number) == 10:
        return f"{number[:3]}-{number[3:6]}-{number[6:]}"
    if number.startswith("02"):
        return f"{number[:2]}-{number[2:5]}-{number[5:]}"
    return f"{number[:3]}-{number[3:]}"
