from datetime import UTC, date, datetime, time

import pytest

from app import thai


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (date(2018, 9, 30), 2561),
        (date(2018, 10, 1), 2562),
        (date(2018, 10, 25), 2562),
        (date(2018, 12, 31), 2562),
        (date(2019, 1, 1), 2562),
        (date(2019, 9, 30), 2562),
        (date(2019, 10, 1), 2563),
    ],
)
def test_fiscal_year_starts_on_1_october_and_is_named_by_its_end(day, fiscal_year):
    assert thai.fiscal_year_of(day) == fiscal_year


def test_fiscal_year_bounds():
    assert thai.fiscal_year_bounds(2562) == (date(2018, 10, 1), date(2019, 9, 30))


def test_fiscal_year_of_a_utc_datetime_uses_bangkok_time():
    # 30 Sep 2018 20:00 UTC is already 1 October 03:00 in Bangkok.
    assert thai.fiscal_year_of(datetime(2018, 9, 30, 20, 0)) == 2562


@pytest.mark.parametrize(
    ("style", "text"),
    [
        ("full", "วันพฤหัสบดีที่ 25 ตุลาคม 2561"),
        ("long", "25 ตุลาคม 2561"),
        ("short", "25 ต.ค. 61"),
        ("numeric", "25/10/2561"),
    ],
)
def test_thai_date_styles(style, text):
    assert thai.thai_date(date(2018, 10, 25), style) == text


def test_thai_date_at_year_end_and_start():
    assert thai.thai_date(date(2018, 12, 31)) == "31 ธันวาคม 2561"
    assert thai.thai_date(date(2019, 1, 1)) == "1 มกราคม 2562"
    assert thai.thai_date(date(2000, 1, 1), "short") == "1 ม.ค. 43"


def test_thai_time():
    assert thai.thai_time(time(10, 0)) == "10.00 น."
    # Stored UTC 03:00 is 10.00 in Bangkok.
    assert thai.thai_time(datetime(2018, 10, 25, 3, 0)) == "10.00 น."
    assert thai.thai_time(datetime(2018, 10, 25, 3, 0, tzinfo=UTC)) == "10.00 น."


@pytest.mark.parametrize(
    "text",
    [
        "2018-10-25",
        "2561-10-25",
        "25/10/2561",
        "25/10/2018",
        "25-10-61",
        "25.10.2561",
        "25 ตุลาคม 2561",
        "25 ต.ค. 61",
        "25 ต.ค. 2561",
        "25 ตค 2561",
        "๒๕ ตุลาคม ๒๕๖๑",
        "วันพฤหัสบดีที่ 25 ตุลาคม 2561",
        "25 ตุลาคม พ.ศ. 2561",
        datetime(2561, 10, 25),
        date(2018, 10, 25),
    ],
)
def test_parse_date_reads_what_offices_write(text):
    assert thai.parse_date(text) == date(2018, 10, 25)


@pytest.mark.parametrize("text", ["31/02/2561", "ไม่ทราบ", "25 ตุลา 2561x", "2561/99/99", "13/13/2561"])
def test_parse_date_refuses_what_is_not_a_date(text):
    with pytest.raises(ValueError):
        thai.parse_date(text)


def test_parse_date_empty_is_none():
    assert thai.parse_date("  ") is None
    assert thai.parse_date(None) is None


def test_clean_text_removes_invisible_characters_and_normalises():
    decomposed = "ก\u0e33"  # SARA AM stays; NFC keeps Thai as is
    assert thai.clean_text("  มูลนิธิ\u200b  เด็ก \ufeff") == "มูลนิธิ เด็ก"
    assert thai.clean_text(decomposed) == "กำ"
    assert thai.clean_text("สม\x00ใจ\x1b \ud800ดี\x7f") == "สมใจ ดี"


def test_search_key_equates_thai_and_arabic_digits_and_ignores_spaces():
    assert thai.search_key("พล ๑๒/๒๕๖๑") == thai.search_key("พล12/2561")
    assert thai.search_key("Foundation ABC") == "foundationabc"


def test_sort_key_orders_leading_vowels_by_their_consonant():
    names = ["ไก่", "ขวด", "เกาะ", "กา"]
    assert sorted(names, key=thai.sort_key) == ["กา", "เกาะ", "ไก่", "ขวด"]
