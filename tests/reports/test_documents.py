"""The sign-in sheet and the name badges: who is on them, in what order, and the PDFs read back."""

import math
import re

import pytest

from app.auth.models import Role
from app.directory.models import OrganizationKind
from app.extensions import db
from app.registration.models import RegistrationStatus
from app.registration.tickets import ticket_url
from app.reports import generated
from app.reports.badges import BADGES_PER_PART, badge_registrations
from app.reports.documents import ATTENDANCE_SHEET, BADGES, SIGN_IN_SHEET
from app.reports.signin import GROUP_ORDER, NOT_IN_DIRECTORY, WALK_INS, by_group, sheet_rows
from tests.pdf_helpers import (
    contains,
    decode_qr_codes,
    embedded_fonts,
    matches,
    page_count,
    page_image,
    page_lines,
    page_texts,
    thai_pages,
)

MM = 72 / 25.4
LONG_NAME = ("ว่าที่ร้อยตรีหญิง", "พรรณนิภาภัทรสุดา", "ศรีสุวรรณรัตนโชติวงศ์ไพบูลย์")


def phones_in(text):
    return re.findall(r"080-\d{3}-\d{4}", text)


def table_rows(pdf):
    """The sheet's table as pdfplumber finds it on every page: lists of cell texts, headers included."""
    with thai_pages(pdf) as pages:
        return [row for page in pages for table in page.extract_tables() for row in table if len(row) > 2]


def test_sheet_lists_confirmed_seats_grouped_by_kind_then_empty_rows(app, forum, seated):
    people = seated(30)
    people[0].status, people[0].waitlist_position = RegistrationStatus.WAITLISTED, 1
    people[1].status = RegistrationStatus.CANCELLED
    db.session.commit()
    rows = sheet_rows(forum)
    listed = [row.registration for row in rows if row.registration]
    assert sorted(r.id for r in listed) == sorted(r.id for r in people[2:])
    groups = [row.group for row in rows]
    assert groups == sorted(groups, key=GROUP_ORDER.index)  # each group once, in order
    for row in rows:
        if row.registration:
            expected = (
                row.registration.organization.kind.value
                if row.registration.organization
                else NOT_IN_DIRECTORY
            )
            assert row.group == expected
            assert row.group_size == sum(1 for other in rows if other.group == row.group)
    blanks = [row for row in rows if row.registration is None]
    assert len(blanks) == app.config["SIGN_IN_BLANK_ROWS"] and all(row.group == WALK_INS for row in blanks)
    assert rows[-len(blanks) :] == blanks
    assert [row for row in sheet_rows(forum, attendance=True) if row.registration is None] == []


def test_a_part_of_the_sheet_is_cut_into_its_groups_wherever_it_starts(forum, seated):
    seated(30)
    rows = list(enumerate(sheet_rows(forum), 1))
    for start in (0, 5, len(rows) - 1):
        runs = by_group(rows[start:])
        assert [pair for _heading, members in runs for pair in members] == rows[start:]
        assert all(row.group == heading.group for heading, members in runs for _n, row in members)
        assert len({heading.group for heading, _members in runs}) == len(runs)


def test_sign_in_sheet_pdf_has_every_person_once_in_order_with_headers_and_page_numbers(
    app, client, login_as, forum, seated
):
    seated(110)
    login_as(Role.ORGANIZER)
    response = client.get(f"/forums/{forum.id}/documents/sign-in-sheet.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    pdf = response.data
    assert embedded_fonts(pdf) == {"Forums-Thai": True, "Forums-Thai-Bold": True}
    texts = page_texts(pdf)
    rows = sheet_rows(forum)
    people = [row.registration for row in rows if row.registration]
    assert [p for text in texts for p in phones_in(text)] == [r.phone_display for r in people]
    for number, text in enumerate(texts, 1):
        assert f"หน้า {number} จาก {len(texts)}" in text
        if number < len(texts):
            assert contains(text, "ลำดับ ชื่อ-สกุล องค์กร ตำแหน่ง โทรศัพท์ ลายมือชื่อ")
        assert contains(text, app.config["OFFICE_NAME"])
    assert contains(texts[0], forum.title)
    assert contains(texts[0], "แบบลงทะเบียน") and contains(texts[0], "ลงทะเบียนแล้ว 110 คน")

    table = table_rows(pdf)
    numbered = [row for row in table if (row[0] or "").isdigit()]
    assert [int(row[0]) for row in numbered] == list(range(1, 121))
    for row, registration in zip(numbered, people, strict=False):
        # Exactly the stored text; a cell's lines break only between words.
        assert matches(row[1], registration.full_name), row[1]
        assert matches(row[2] or "", registration.organization_display), row[2]
        assert matches(row[3] or "", registration.position), row[3]
        assert row[4] == registration.phone_display
    assert all(not any(row[1:]) for row in numbered[110:])  # the empty rows for walk-ins
    headings = [row[0] for row in table if row[0] and row[1] is None and not row[0].isdigit()]
    kinds = [group for group in GROUP_ORDER if any(r.group == group for r in rows)]
    sizes = {group: sum(1 for r in rows if r.group == group) for group in kinds}
    # A group's heading is repeated on each page it runs onto.
    firsts = [h for n, h in enumerate(headings) if n == 0 or headings[n - 1] != h]
    assert len(firsts) == len(kinds)
    for heading, group in zip(firsts, kinds, strict=True):
        label = str(next(r.group_label for r in rows if r.group == group))
        unit = "แถว" if group == WALK_INS else "คน"
        assert heading.startswith(label) and heading.endswith(f"{sizes[group]} {unit}")


def badge_texts(pdf, page):
    """The text of each badge on a page, read from its own 90 × 60 mm box (left to right, top down)."""
    with thai_pages(pdf) as pages:
        sheet = pages[page - 1]
        boxes = [(15 + 90 * (n % 2), 28.5 + 60 * (n // 2)) for n in range(8)]
        return [sheet.crop((x * MM, y * MM, (x + 90) * MM, (y + 60) * MM)).extract_text() for x, y in boxes]


def badge_qr_codes(pdf, page, dpi=300):
    """The QR codes read from each badge's box on its own, as a scanner at the door sees one badge.

    At 300 dpi, as a badge is printed: at 150 a 24 mm code has 3.5 pixels a module, and zxing-cpp
    now and then misreads one.
    """
    image = page_image(pdf, page, dpi)
    px = dpi / 25.4
    boxes = [(15 + 90 * (n % 2), 28.5 + 60 * (n // 2)) for n in range(8)]
    return [decode_qr_codes(image.crop((x * px, y * px, (x + 90) * px, (y + 60) * px))) for x, y in boxes]


def _row_bottoms(pdf, page):
    """The bottom (mm from the top) of each person's row on a page: the line with their phone number."""
    _width, lines = page_lines(pdf, page)
    return [line["bottom"] / MM for line in lines if phones_in(line["text"])]


@pytest.mark.parametrize("count", [110, pytest.param(1000, marks=pytest.mark.layout)])
def test_sign_in_sheet_pages_are_full_and_in_step_with_the_rows(app, forum, seated, count):
    """The sheet takes as many pages as its rows fill: every page but the last is full to the bottom
    margin (less than a row and a group heading left), also where parts made apart are joined."""
    app.config["SIGN_IN_BLANK_ROWS"] = 0
    try:
        seated(count)
        pdf = generated.render_now(SIGN_IN_SHEET, forum)
    finally:
        app.config["SIGN_IN_BLANK_ROWS"] = 10
    pages = page_count(pdf)
    assert sum(len(phones_in(text)) for text in page_texts(pdf)) == count
    page_bottom = 210 - 17  # landscape A4 less the bottom margin
    for page in range(1, pages):
        assert page_bottom - _row_bottoms(pdf, page)[-1] < 2 * 10.5, f"page {page} is not full"
    assert pages >= math.ceil(count * 8.5 / 169)  # rows are at least 8.5 mm; a page has 169 mm


def _sheet_lines(pdf):
    """Each page's text lines (text, top) as pdfplumber finds them."""
    with thai_pages(pdf) as pages:
        return [
            [(line["text"], line["top"]) for line in page.extract_text_lines(strip=True)] for page in pages
        ]


@pytest.mark.layout
def test_a_page_that_goes_on_with_a_group_starts_with_its_heading_and_the_column_headings(
    app, forum, create_organization
):
    """Three groups of a few hundred people, laid out in two parts: every page shows the column
    headings and, above its first row, the heading of that row's group; no heading is left
    at the foot of a page without a row under it."""
    from tests.reports.people import seat_people

    organizations = [
        create_organization(name="มูลนิธิพัฒนาเด็กและเยาวชนจังหวัดพิษณุโลก", kind=OrganizationKind.PUBLIC_BENEFIT),
        create_organization(name="องค์กรสวัสดิการชุมชนตำบลท่าทอง", kind=OrganizationKind.COMMUNITY_WELFARE),
    ]
    seat_people(forum, 300, organizations)  # and some of no organization in the directory
    db.session.commit()
    rows = sheet_rows(forum)
    assert len({row.group for row in rows if row.registration}) == 3
    unit = {True: "คน", False: "แถว"}

    def group_of(text):
        """The group whose heading the line is ("องค์กรสาธารณประโยชน์ · ผู้เข้าร่วม 84 คน"), or None."""
        return next(
            (
                row.group
                for row in rows
                if text.startswith(f"{row.group_label} ·")
                and text.endswith(f"{row.group_size} {unit[row.registration is not None]}")
            ),
            None,
        )

    pdf = generated.render_now(SIGN_IN_SHEET, forum)
    pages = _sheet_lines(pdf)
    columns = "ลำดับ ชื่อ-สกุล องค์กร ตำแหน่ง โทรศัพท์ ลายมือชื่อ"
    seen = []
    for number, lines in enumerate(pages, 1):
        numbered = [(int(m[1]), top) for text, top in lines if (m := re.match(r"(\d+)", text))]
        numbered = [(n, top) for n, top in numbered if n <= len(rows)]
        if not numbered:
            assert number == len(pages), "only the closing may have a page of its own"
            continue
        first, first_top = numbered[0]
        seen += [n for n, _top in numbered]
        column_tops = [top for text, top in lines if text == columns]
        assert column_tops and column_tops[0] < first_top, f"page {number} has no column headings"
        headings = [(group_of(text), top) for text, top in lines if group_of(text)]
        above = [group for group, top in headings if top < first_top]
        assert above and above[-1] == rows[first - 1].group, f"page {number}"
        for _group, top in headings:
            assert any(t > top for _n, t in numbered), f"a heading alone at the foot of page {number}"
    assert seen == list(range(1, len(rows) + 1))
    # A page holds at least 13 of the 8.5 mm rows with the heads above them (169 mm of landscape A4).
    assert len(pages) <= math.ceil(len(rows) / 13) + 1


def test_attendance_sheet_marks_who_checked_in(app, client, login_as, forum, seated):
    people = seated(24, checked_in_every=3)
    login_as(Role.ORGANIZER)
    pdf = client.get(f"/forums/{forum.id}/documents/attendance-sheet.pdf").data
    text = "\n".join(page_texts(pdf))
    came = [r for r in people if r.checked_in_at]
    assert len(came) == 8
    assert contains(text, f"มาร่วม {len(came)} คน จาก 24 คน")
    lines = {phone: line for line in text.splitlines() for phone in phones_in(line)}
    for registration in people:
        line = lines[registration.phone_display]
        marked = re.search(r"\d\d\.\d\d น\.", line)
        assert bool(marked) == (registration.checked_in_at is not None), line
    assert contains(text, "บัญชีรายชื่อผู้เข้าร่วม")


# Three parts, the last one not full.
@pytest.mark.parametrize("count", [110, pytest.param(2 * BADGES_PER_PART + 10, marks=pytest.mark.layout)])
def test_badges_eight_to_a_page(forum, seated, public_base_url, count):
    seated(count)
    pdf = generated.render_now(BADGES, forum)
    assert page_count(pdf) == math.ceil(count / 8)


def test_badges_read_back_names_organizations_and_ticket_qr_codes(app, forum, seated, public_base_url):
    people = seated(20)
    people[5].prefix, people[5].first_name, people[5].last_name = LONG_NAME[0], LONG_NAME[1], LONG_NAME[2]
    db.session.commit()
    pdf = generated.render_now(BADGES, forum)
    assert embedded_fonts(pdf) == {"Forums-Thai": True, "Forums-Thai-Bold": True}
    order = badge_registrations(forum)
    assert page_count(pdf) == 3
    for page in (1, 2, 3):
        texts = badge_texts(pdf, page)
        on_page = order[(page - 1) * 8 : page * 8]
        for text, registration in zip(texts, on_page, strict=False):
            for part in (registration.full_name, registration.position, registration.organization_display):
                assert contains(text, part), part
            # ASCII reads back exactly: the short code a person types at the door if the QR fails.
            assert registration.short_code in text.split()
            assert contains(text, forum.title) and contains(text, app.config["OFFICE_NAME"])
        assert texts[len(on_page) :] == [""] * (8 - len(on_page))
    for page in (1, 2, 3):
        expected = [[ticket_url(r)] for r in order[(page - 1) * 8 : page * 8]]
        assert badge_qr_codes(pdf, page)[: len(expected)] == expected
    assert all(url.startswith(public_base_url + "/t/") for [url] in expected)


def test_a_long_thai_name_fits_its_badge_and_breaks_only_between_words(forum, seated, public_base_url):
    people = seated(8)
    people[0].prefix, people[0].first_name, people[0].last_name = LONG_NAME[0], LONG_NAME[1], LONG_NAME[2]
    db.session.commit()
    pdf = generated.render_now(BADGES, forum)
    index = badge_registrations(forum).index(people[0])
    left = 15 + (index % 2) * 90  # the badge's left edge (mm)
    _width, lines = page_lines(pdf, 1)
    words = [LONG_NAME[0] + LONG_NAME[1], LONG_NAME[2]]
    name_lines = [
        line
        for line in lines
        if any(w in line["text"] for w in words)
        and line["x0"] / MM >= left - 1
        and line["x1"] / MM <= left + 91
    ]
    joined = "".join(line["text"] for line in name_lines)
    for word in words:
        assert word in joined
        holding = [line for line in name_lines if word in line["text"]]
        assert len(holding) == 1  # the whole word on one line: never cut
        assert left + 4 <= holding[0]["x0"] / MM and holding[0]["x1"] / MM <= left + 86


@pytest.mark.parametrize(
    ("path", "name"),
    [("report", "summary-report"), ("sign-in-sheet", "sign-in-sheet"), ("badges", "badges")],
)
def test_the_contracts_paths_lead_to_the_documents(client, login_as, forum, seated, path, name):
    """/forums/{id}/report.pdf and its siblings (shared/API.md) keep working for other systems' links."""
    seated(2)
    login_as(Role.ORGANIZER)
    response = client.get(f"/forums/{forum.id}/{path}.pdf")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/forums/{forum.id}/documents/{name}.pdf"
    followed = client.get(f"/forums/{forum.id}/{path}.pdf", follow_redirects=True)
    assert followed.status_code == 200 and followed.mimetype == "application/pdf"
    assert client.get(f"/forums/{forum.id + 1000}/{path}.pdf").status_code == 404


def test_a_badges_title_never_leaves_the_year_alone_on_a_line(forum, seated, public_base_url):
    forum.title = "เวทีแลกเปลี่ยนเรียนรู้เครือข่ายสวัสดิการชุมชนจังหวัดพิษณุโลก ประจำปี 2561"
    db.session.commit()
    seated(2)
    pdf = generated.render_now(BADGES, forum)
    lines = [line for text in badge_texts(pdf, 1)[:2] for line in text.splitlines()]
    assert any(line.endswith("ประจำปี 2561") for line in lines)
    assert "2561" not in lines


@pytest.mark.layout
@pytest.mark.parametrize("attendance", [False, True])
def test_the_sheets_page_breaks_are_foretold_from_its_rows_and_its_parts_laid_out_side_by_side(
    app, forum, seated, monkeypatch, attendance
):
    """Rows of one line and of two (a long name, a long organization): the pages foretold start where
    WeasyPrint starts them, and the sheet laid out by workers at once is the sheet laid out in turn."""
    from app.reports import pdf as pdf_module
    from app.reports.pdf import _document
    from app.reports.sheet_pages import foretell
    from app.reports.signin import TEMPLATE

    people = seated(140, checked_in_every=2)
    people[20].prefix, people[20].first_name, people[20].last_name = LONG_NAME
    people[70].organization_id = None
    people[70].organization_name = "ชมรมผู้สูงอายุและเครือข่ายอาสาสมัครพัฒนาสังคมและความมั่นคงของมนุษย์ตำบลบ้านใหม่"
    db.session.commit()
    kind = ATTENDANCE_SHEET if attendance else SIGN_IN_SHEET
    monkeypatch.setitem(app.config, "PDF_WORKERS", 1)
    in_turn = generated.render_now(kind, forum)

    rows = sheet_rows(forum, attendance)
    phones = {row.registration.phone_display: n for n, row in enumerate(rows) if row.registration}
    starts = [phones[phones_in(text)[0]] if phones_in(text) else None for text in page_texts(in_turn)[1:]]
    starts = [n for n in starts if n is not None]  # the walk-ins' empty rows have no phone
    context = {"forum": forum, "attendance": attendance, "by_group": by_group, "expected": 0, "attended": 0}
    context["per_day"] = []

    def lay_out(part):
        return _document(TEMPLATE, {**context, "part": part, "pdf_layer": "content"}, None)

    page_tops = foretell(rows)(lay_out)
    long_rows = [row for row in rows if row.registration in (people[20], people[70])]
    assert all(page_tops.__self__.lines(row) > 1 for row in long_rows) and len(long_rows) == 2
    foretold = list(page_tops(0))
    assert foretold[: len(starts)] == starts and len(starts) > 5

    monkeypatch.setattr(pdf_module, "PARALLEL_ROWS", 1)
    monkeypatch.setattr(pdf_module, "ROWS_PER_PART", 30)
    monkeypatch.setitem(app.config, "PDF_WORKERS", 2)
    side_by_side = generated.render_now(kind, forum)
    assert page_texts(side_by_side) == page_texts(in_turn)
