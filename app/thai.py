"""Thai dates (Buddhist era), fiscal years and Thai text normalisation."""

import re
import unicodedata
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543

MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
ARABIC_TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
# Zero-width space, non-joiner, joiner, word joiner, BOM and soft hyphen, pasted in from Word and
# LINE; control characters (PostgreSQL refuses a NUL) and lone surrogates (JSON can carry them,
# UTF-8 cannot store them).
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
_LEADING_VOWELS = "เแโใไ"


def to_bangkok(moment):
    """The moment (naive UTC or aware) as an aware Asia/Bangkok datetime."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(BANGKOK)


def _as_local_date(value):
    if isinstance(value, datetime):
        return to_bangkok(value).date()
    return value


def be_year(value):
    """The Buddhist-era year of a date."""
    return _as_local_date(value).year + BE_OFFSET


def thai_date(value, style="long"):
    """A date in Thai with a BE year.

    Styles: ``full`` วันพฤหัสบดีที่ 25 ตุลาคม 2561, ``long`` 25 ตุลาคม 2561,
    ``short`` 25 ต.ค. 61, ``numeric`` 25/10/2561.
    """
    if value is None:
        return ""
    day = _as_local_date(value)
    year = day.year + BE_OFFSET
    if style == "full":
        return f"วัน{WEEKDAYS[day.weekday()]}ที่ {day.day} {MONTHS[day.month - 1]} {year}"
    if style == "short":
        return f"{day.day} {MONTHS_SHORT[day.month - 1]} {year % 100:02d}"
    if style == "numeric":
        return f"{day.day}/{day.month}/{year}"
    return f"{day.day} {MONTHS[day.month - 1]} {year}"


def thai_time(value):
    """A time of day the Thai way: ``10.00 น.`` (datetimes are shown in Bangkok time)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_bangkok(value).time()
    if not isinstance(value, time):
        raise TypeError(f"not a time: {value!r}")
    return f"{value.hour:02d}.{value.minute:02d} น."


def fiscal_year_of(value):
    """The Thai fiscal year (BE) a date falls in: 1 October to 30 September, named by its end."""
    day = _as_local_date(value)
    year = day.year + 1 if day.month >= 10 else day.year
    return year + BE_OFFSET


def fiscal_year_bounds(fiscal_year):
    """First and last day (CE dates) of a BE fiscal year."""
    end_year = fiscal_year - BE_OFFSET
    return date(end_year - 1, 10, 1), date(end_year, 9, 30)


def thai_digits(value):
    """The text with its digits written as Thai digits (2561 → ๒๕๖๑)."""
    return str(value).translate(ARABIC_TO_THAI_DIGITS)


def clean_text(value):
    """Text as a person meant it: NFC, no invisible characters, single spaces, trimmed."""
    if value is None:
        return ""
    value = unicodedata.normalize("NFC", str(value))
    value = INVISIBLE.sub("", value)
    return _SPACES.sub(" ", value).strip()


def clean_lines(value):
    """Text of several lines as a person meant it: NFC, no invisible characters, trimmed; lines kept."""
    if value is None:
        return ""
    value = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n")
    return INVISIBLE.sub("", value).strip()


def search_key(value):
    """The form both stored text and a query take for substring search.

    Clean text, lower case, Thai digits as Arabic digits, and no spaces at all:
    Thai is written without spaces between words, so "มูลนิธิ  เพื่อ" and
    "มูลนิธิเพื่อ" must find each other.
    """
    return clean_text(value).translate(THAI_DIGITS).lower().replace(" ", "")


_PHONE_LIKE = re.compile(r"[0-9+\-(). ]*[0-9][0-9+\-(). ]*")


def phone_digits(value):
    """A phone number as its digits alone ("055-123 456" → "055123456"), for search; "" when it has none.

    Stored text and queries both take this form, so a number is found typed with or without
    dashes, spaces, dots or brackets.
    """
    return re.sub(r"\D", "", clean_text(value).translate(THAI_DIGITS))


def search_query_key(value):
    """The search key of a query: a phone number typed with separators becomes its digits."""
    text = clean_text(value).translate(THAI_DIGITS)
    if _PHONE_LIKE.fullmatch(text) and len(phone_digits(text)) >= 3:
        return phone_digits(text)
    return search_key(text)


def sort_key(value):
    """A key that sorts Thai names in dictionary order.

    Thai dictionaries order words by their first consonant, but the leading
    vowels เ แ โ ใ ไ are written (and encoded) before it; moving each leading
    vowel behind its consonant gives the dictionary order with a plain byte sort.
    """
    text = search_key(value)
    return re.sub(f"([{_LEADING_VOWELS}])([\u0e01-\u0e2e])", r"\2\1", text)


_MONTH_LOOKUP = {name: i + 1 for i, name in enumerate(MONTHS)}
_MONTH_LOOKUP.update({name: i + 1 for i, name in enumerate(MONTHS_SHORT)})
_MONTH_LOOKUP.update({name.replace(".", ""): i + 1 for i, name in enumerate(MONTHS_SHORT)})
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_THAI_WORDS = re.compile(r"^(?:วัน\S*?ที่\s*)?(\d{1,2})\s*([^\d\s]+)\s*(?:พ\.?\s*ศ\.?\s*)?(\d{2}|\d{4})$")


def _year_to_ce(year, two_digit_be=True):
    if year < 100:
        # Thai offices write two-digit years in the Buddhist era: 61 is 2561.
        year += 2500 if two_digit_be else 2000
    return year - BE_OFFSET if year > 2400 else year


def parse_date(value):
    """A date from what Thai offices write: ISO, d/m/yyyy, Thai month names; BE or CE years.

    Returns None for an empty value and raises ValueError for one it cannot read.
    A year above 2400 is taken as Buddhist era.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.replace(year=value.year - BE_OFFSET) if value.year > 2400 else value
    text = clean_text(value).translate(THAI_DIGITS)
    if not text:
        return None
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _THAI_WORDS.match(text):
        day, month_name, year = match.groups()
        month = _MONTH_LOOKUP.get(month_name.strip())
        if month is None:
            raise ValueError(f"unknown month: {month_name}")
        day, year = int(day), int(year)
    else:
        raise ValueError(f"not a date: {text}")
    return date(_year_to_ce(year), month, day)
