"""Thai phone numbers: one stored form for every way people write them."""

import re

from app.thai import THAI_DIGITS

_SEPARATORS = re.compile(r"[\s\-.()/\u2010-\u2015]")
#: Mobile: 10 digits beginning 06, 08 or 09. Fixed line: 9 digits, 02 for Bangkok, 03–05 and 07 elsewhere.
_NATIONAL = re.compile(r"^(?:0[689]\d{8}|0[2-57]\d{7})$")


def _phone_pattern():
    """The numbers normalize_phone reads, as one regular expression that both Python and a JSON Schema
    (ECMA 262) read alike: digits (Arabic or Thai) with separators between any of them."""
    sep = r"[ \t\u00a0()./\u2010-\u2015-]*"

    def digits(*classes):
        return "".join(f"[{c}]{sep}" for c in classes)

    zero, six = digits("0๐"), digits("6๖")
    rest = "[0-9๐-๙]"
    mobile = digits("689๖๘๙") + f"(?:{rest}{sep}){{8}}"
    fixed = digits("2-57๒-๕๗") + f"(?:{rest}{sep}){{7}}"
    number = f"(?:{mobile}|{fixed})"
    return (
        f"^{sep}(?:"
        f"\\+{sep}{six}{six}(?:{zero})?{number}"  # +66 81…, +66 081…
        f"|{zero}{zero}{six}{six}(?:{zero})?{number}"  # 0066 81…
        f"|{six}{six}(?:{zero}{fixed}|{number})"  # 66 81…, 66 2…, 66 02…
        f"|{zero}(?:{zero}(?!{sep}[6๖]{sep}[6๖]))?{number}"  # 081…, 00 81… (not 0066: that is the prefix)
        ")$"
    )


#: normalize_phone's numbers as a pattern: the API's schema says it, and the API takes only what matches.
PHONE_PATTERN = _phone_pattern()
PHONE_RE = re.compile(PHONE_PATTERN)


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
