"""Importing the directory from real .xlsx and .csv files: reading, checking, matching, writing."""

import codecs
import io
import zipfile
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.directory import importing, spreadsheets
from app.directory.columns import COLUMNS, guess_mapping
from app.directory.fields import FIELDS
from app.directory.importing import ImportMode
from app.directory.models import (
    ChangeSource,
    ImportUpload,
    Organization,
    OrganizationChange,
    OrganizationKind,
    OrganizationStatus,
)
from app.directory.spreadsheets import FileProblem, read_table
from app.extensions import db
from tests.spreadsheets import csv_bytes, xlsx_bytes

HEADER = ["ชื่อองค์กร", "ประเภทองค์กร", "เลขที่หนังสือรับรอง", "วันที่ได้รับการรับรอง", "สถานะ", "อำเภอ", "ตำบล"]


def plan_of(content, filename="list.xlsx", default_kind=None, max_rows=1000):
    table = read_table(filename, content, max_rows)
    return importing.plan_import(table, guess_mapping(table.headers), "65", default_kind)


def import_file(content, filename="list.xlsx", mode=ImportMode.GOOD_ROWS, actor=None):
    result = importing.run_import(plan_of(content, filename), mode, actor)
    db.session.commit()
    return result


def organizations():
    return db.session.scalars(select(Organization).order_by(Organization.id)).all()


def errors_of(result):
    return sorted((e.row, e.field) for e in result.errors)


def test_every_field_has_one_column_in_order():
    assert tuple(column.name for column in COLUMNS) == FIELDS


@pytest.mark.parametrize(
    "headers",
    [
        [c.thai for c in COLUMNS],
        [c.english for c in COLUMNS],
        list(FIELDS),
        [c.english.upper() + " *" for c in COLUMNS],
    ],
)
def test_the_titles_of_the_export_in_thai_or_english_and_the_api_names_are_recognised(headers):
    assert guess_mapping(headers) == list(FIELDS)


def test_common_variants_of_titles_are_recognised_and_a_field_is_taken_once():
    mapping = guess_mapping(["ลำดับ", "ชื่อหน่วยงาน", "อ.", "ตำบล/แขวง", "เบอร์โทร", "E-mail:", "ชื่อ", ""])
    assert mapping == [None, "name", "district", "subdistrict", "phone", "email", None, None]


def test_an_xlsx_with_date_cells_thai_months_and_numbers_is_read_as_an_office_means_it():
    content = xlsx_bytes(
        [
            [*HEADER, "โทรศัพท์", "รหัสไปรษณีย์"],
            ["มูลนิธิหนึ่ง", "องค์กรสาธารณประโยชน์", 12, date(2018, 10, 25), "", "เมือง", "ในเมือง", 812345678, 65000],
            # Excel keeps a date typed with a Buddhist-era year as a date in the year 2561.
            ["สมาคมสอง", "public_benefit", "2/2561", datetime(2561, 10, 25), "", "นครไทย", "", 55123456, ""],
            ["ชมรมสาม", "องค์กรสวัสดิการชุมชน", "", "25 ตุลาคม 2561", "active", "วังทอง", "", "0812345678", ""],
            ["กลุ่มสี่", "Community welfare organization", "", "25 ต.ค. 61", "ดำเนินการอยู่", "", "", "", ""],
            ["กลุ่มห้า", "community_welfare", "", "๒๕/๑๐/๒๕๖๑", "", "", "", "", ""],
        ]
    )
    result = import_file(content)
    assert (result.created, result.errors) == (5, [])
    one, two, three, four, five = organizations()
    assert {o.certified_on for o in organizations()} == {date(2018, 10, 25)}
    assert (one.certification_no, one.phone, one.postal_code) == ("12", "0812345678", "65000")
    assert (one.district_name, one.subdistrict_name, one.province_code) == ("เมืองพิษณุโลก", "ในเมือง", "65")
    assert (two.phone, two.district_name) == ("055123456", "นครไทย")
    assert three.kind == OrganizationKind.COMMUNITY_WELFARE and three.phone == "0812345678"
    assert four.status == OrganizationStatus.ACTIVE and four.district_code is None
    assert five.kind == OrganizationKind.COMMUNITY_WELFARE


ROWS = [
    ["ชื่อองค์กร", "ประเภทองค์กร", "อำเภอ", "ผู้ประสานงาน"],
    ["มูลนิธิเพื่อเด็กพิษณุโลก", "องค์กรสาธารณประโยชน์", "บางระกำ", "นางสาวสมใจ ใจดี | ประธาน | 0812345678"],
    ["ชมรมผู้สูงอายุวัดโบสถ์", "องค์กรสวัสดิการชุมชน", "วัดโบสถ์", ""],
]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ","),
        ("utf-8-sig", ","),
        ("cp874", ","),
        ("tis-620", ","),
        ("utf-16", "\t"),
        ("utf-8", ";"),
        ("cp874", ";"),
    ],
)
def test_csv_in_each_encoding_and_delimiter_is_read_the_same(encoding, delimiter):
    content = csv_bytes(ROWS, encoding=encoding, delimiter=delimiter)
    table = read_table("list.csv", content, 100)
    assert table.delimiter == delimiter
    result = import_file(content, "list.csv")
    assert (result.created, result.errors) == (2, [])
    first, second = organizations()
    assert (first.name, first.district_name) == ("มูลนิธิเพื่อเด็กพิษณุโลก", "บางระกำ")
    contacts = [(c.name, c.position, c.phone) for c in first.contacts]
    assert contacts == [("นางสาวสมใจ ใจดี", "ประธาน", "0812345678")]
    assert (second.name, second.kind) == ("ชมรมผู้สูงอายุวัดโบสถ์", OrganizationKind.COMMUNITY_WELFARE)


def test_utf16_has_its_bom_and_cp874_is_not_taken_for_utf8():
    assert csv_bytes(ROWS, encoding="utf-16").startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    assert read_table("a.csv", csv_bytes(ROWS, encoding="cp874"), 10).encoding == "cp874"
    assert read_table("a.csv", csv_bytes(ROWS, encoding="utf-8-sig"), 10).encoding == "utf-8-sig"


def bad_file():
    return xlsx_bytes(
        [
            HEADER,
            ["มูลนิธิดี", "องค์กรสาธารณประโยชน์", "พล 12/2561", "25/10/2561", "", "เมือง", ""],
            ["วันที่ผิด", "องค์กรสาธารณประโยชน์", "", "31/02/2561", "", "", ""],
            ["อำเภอผิด", "องค์กรสาธารณประโยชน์", "", "", "", "อำเภอที่ไม่มีจริง", ""],
            ["เลขซ้ำ", "องค์กรสาธารณประโยชน์", "พล ๑๒/๒๕๖๑", "", "", "", ""],
            ["", "องค์กรสาธารณประโยชน์", "", "", "", "", ""],
            ["ประเภทผิด", "สมาคมลับ", "", "", "", "", ""],
            ["สถานะผิด", "องค์กรสาธารณประโยชน์", "", "", "พักกิจการชั่วคราว", "", ""],
            [],
            ["ตำบลผิด", "องค์กรสาธารณประโยชน์", "", "", "", "นครไทย", "ในเมือง"],
            ["อีกแถวดี", "องค์กรสวัสดิการชุมชน", "", "2018-10-25", "", "", ""],
        ]
    )


EXPECTED_ERRORS = [
    (3, "certified_on"),
    (4, "district"),
    (5, "certification_no"),
    (6, "name"),
    (7, "kind"),
    (8, "status"),
    (10, "subdistrict"),
]


def test_each_bad_row_is_named_with_its_row_field_and_reason():
    plan = plan_of(bad_file())
    assert errors_of(plan) == EXPECTED_ERRORS
    messages = {e.row: e.message for e in plan.errors}
    assert "31/02/2561" in messages[3]
    assert "อำเภอที่ไม่มีจริง" in messages[4]
    assert "12/2561" in messages[5] and "2" in messages[5].replace("12/2561", "")
    assert "สมาคมลับ" in messages[7]
    assert "พักกิจการชั่วคราว" in messages[8]
    assert (plan.count("create"), plan.bad_rows) == (2, 7)
    assert [row.row for row in plan.rows] == [2, 11]


def test_all_or_nothing_writes_nothing_when_a_row_is_bad(create_user):
    result = import_file(bad_file(), mode=ImportMode.ALL_OR_NOTHING, actor=create_user(Role.ORGANIZER))
    assert (result.written, result.created, result.updated) == (False, 0, 0)
    assert errors_of(result) == EXPECTED_ERRORS
    assert organizations() == []
    assert db.session.scalar(select(func.count()).select_from(OrganizationChange)) == 0


def test_good_rows_writes_the_good_ones_and_reports_the_bad(create_user):
    staff = create_user(Role.ORGANIZER)
    result = import_file(bad_file(), mode=ImportMode.GOOD_ROWS, actor=staff)
    assert (result.written, result.created, result.updated) == (True, 2, 0)
    assert errors_of(result) == EXPECTED_ERRORS
    assert [o.name for o in organizations()] == ["มูลนิธิดี", "อีกแถวดี"]
    change = organizations()[0].changes[0]
    assert (change.source, change.user_id) == (ChangeSource.IMPORT, staff.id)


def test_all_or_nothing_writes_everything_when_all_rows_are_good():
    content = xlsx_bytes([HEADER, ["มูลนิธิดี", "องค์กรสาธารณประโยชน์", "", "", "", "", ""]])
    result = import_file(content, mode=ImportMode.ALL_OR_NOTHING)
    assert (result.written, result.created) == (True, 1)


def test_a_known_certification_number_updates_that_organization_with_its_history(organization, create_user):
    staff = create_user(Role.ORGANIZER)
    history = len(organization.changes)
    content = xlsx_bytes(
        [
            ["ชื่อองค์กร", "เลขที่หนังสือรับรอง", "โทรศัพท์"],
            # The same number in Thai digits and other spacing; a new phone.
            [organization.name, "พล  ๑๒/๒๕๖๑", "055-999999"],
        ]
    )
    result = import_file(content, actor=staff)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    db.session.refresh(organization)
    assert organization.phone == "055-999999"
    # Columns the file does not hold are left alone: kind, place, contacts.
    assert organization.kind == OrganizationKind.PUBLIC_BENEFIT
    assert (organization.district_code, organization.subdistrict_code) == ("6501", "650101")
    assert [c.name for c in organization.contacts] == ["นางสาวสมใจ ใจดี"]
    new = [c for c in organization.changes if c.source == ChangeSource.IMPORT]
    assert len(organization.changes) == history + 1
    assert [(c.field, c.old_value, c.new_value, c.user_id) for c in new] == [
        ("phone", "055-123456", "055-999999", staff.id)
    ]


def test_rows_identical_to_what_is_stored_count_as_unchanged(organization):
    content = xlsx_bytes(
        [
            ["ชื่อองค์กร", "ประเภทองค์กร", "เลขที่หนังสือรับรอง", "อำเภอ", "ตำบล", "โทรศัพท์"],
            [organization.name, "องค์กรสาธารณประโยชน์", "พล 12/2561", "เมืองพิษณุโลก", "ในเมือง", "055-123456"],
        ]
    )
    history = len(organization.changes)
    result = import_file(content)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    db.session.refresh(organization)
    assert len(organization.changes) == history


def test_a_row_without_a_number_updates_the_only_organization_of_its_name_without_one(create_organization):
    local = create_organization(name="เทศบาลตำบลวังทอง", kind=OrganizationKind.LOCAL_GOVERNMENT)
    create_organization(name="ชมรมซ้ำชื่อ")
    create_organization(name="ชมรมซ้ำชื่อ")
    content = csv_bytes(
        [
            ["ชื่อองค์กร", "เลขที่หนังสือรับรอง", "โทรศัพท์"],
            ["เทศบาลตำบล วังทอง", "", "055-311111"],
            ["ชมรมซ้ำชื่อ", "", "055-322222"],
        ]
    )
    plan = plan_of(content, "list.csv", default_kind=OrganizationKind.OTHER)
    assert [(row.row, row.action) for row in plan.rows] == [(2, "update"), (3, "create")]
    assert plan.rows[0].organization.id == local.id
    import_file(content, "list.csv")
    db.session.refresh(local)
    assert local.kind == OrganizationKind.LOCAL_GOVERNMENT and local.phone == "055-311111"


def test_a_new_number_on_an_organization_known_by_name_only_is_added_to_it(create_organization):
    known = create_organization(name="มูลนิธิรอเลขที่")
    result = import_file(csv_bytes([["name", "certification_no"], ["มูลนิธิรอเลขที่", "พล 99/2562"]]), "a.csv")
    assert (result.created, result.updated) == (0, 1)
    db.session.refresh(known)
    assert known.certification_no == "พล 99/2562"


def test_two_rows_for_the_same_organization_are_an_error(organization):
    content = csv_bytes(
        [
            ["ชื่อองค์กร", "ประเภท", "เลขที่หนังสือรับรอง"],
            ["ชมรมเดียวกัน", "อื่น ๆ", ""],
            ["ชมรมเดียวกัน", "องค์กรอื่น", ""],
        ]
    )
    plan = plan_of(content, "a.csv")
    assert [(e.row, e.field) for e in plan.errors] == [(2, "kind"), (3, "name")]
    assert "2" in plan.errors[1].message


def test_the_kind_of_a_new_row_without_one_comes_from_the_choice_and_an_update_keeps_its_kind(organization):
    content = csv_bytes(
        [["ชื่อองค์กร", "เลขที่หนังสือรับรอง"], ["ชมรมใหม่", ""], [organization.name, organization.certification_no]]
    )
    without = plan_of(content, "a.csv")
    assert [(e.row, e.field) for e in without.errors] == [(2, "kind")]
    assert [(r.row, r.action) for r in without.rows] == [(3, "unchanged")]
    chosen = plan_of(content, "a.csv", default_kind=OrganizationKind.COMMUNITY_WELFARE)
    assert chosen.errors == [] and chosen.rows[0].data["kind"] == OrganizationKind.COMMUNITY_WELFARE


def test_a_row_that_gives_no_place_leaves_the_stored_place(organization):
    content = csv_bytes(
        [["ชื่อองค์กร", "เลขที่หนังสือรับรอง", "อำเภอ", "ตำบล"], [organization.name, "พล 12/2561", "", ""]]
    )
    assert plan_of(content, "a.csv").rows[0].action == "unchanged"
    moved = csv_bytes([["ชื่อองค์กร", "เลขที่หนังสือรับรอง", "อำเภอ"], [organization.name, "พล 12/2561", "วังทอง"]])
    row = plan_of(moved, "a.csv").rows[0]
    assert (row.action, row.data["district_code"], row.data["subdistrict_code"]) == ("update", "6508", None)


def test_title_rows_above_the_header_and_empty_rows_keep_the_spreadsheet_numbering():
    content = xlsx_bytes(
        [
            ["ทำเนียบองค์กรสาธารณประโยชน์ จังหวัดพิษณุโลก"],
            [],
            ["ลำดับ", "ชื่อองค์กร", "ประเภทองค์กร", "วันที่ได้รับการรับรอง"],
            [1, "มูลนิธิหนึ่ง", "องค์กรสาธารณประโยชน์", "2561-13-01"],
            [],
            [2, "มูลนิธิสอง", "องค์กรสาธารณประโยชน์", "1 มกราคม 2562"],
        ]
    )
    plan = plan_of(content)
    assert plan.table.header_row == 3
    assert [(e.row, e.field) for e in plan.errors] == [(4, "certified_on")]
    assert [(r.row, r.data["certified_on"]) for r in plan.rows] == [(6, date(2019, 1, 1))]


def test_columns_can_be_mapped_by_hand_and_a_mapping_without_a_name_cannot_be_imported():
    table = read_table("a.csv", csv_bytes([["ชื่อองค์กร", "หมายเหตุ"], ["มูลนิธิ", "0812345678"]]), 10)
    plan = importing.plan_import(table, ["name", "phone"], "65", OrganizationKind.OTHER)
    assert plan.rows[0].data["phone"] == "0812345678"
    no_name = importing.plan_import(table, [None, "phone"], "65")
    assert len(no_name.problems) == 1 and not no_name.can_import
    twice = importing.plan_import(table, ["name", "name"], "65")
    assert len(twice.problems) == 1
    assert importing.run_import(no_name, ImportMode.GOOD_ROWS, None).written is False
    # A mapping that does not fit the file is guessed again.
    assert importing.read_mapping(["name"], table) == ["name", None]
    assert importing.read_mapping(["name", "nonsense"], table) == ["name", None]
    assert importing.read_mapping(["", "name"], table) == [None, "name"]


def test_rows_filled_only_in_ignored_columns_are_skipped():
    content = csv_bytes([["ชื่อองค์กร", "ประเภท", "หมายเหตุ"], ["", "", "ยกเลิกแล้ว"], ["ก", "องค์กรอื่น", ""]])
    plan = plan_of(content, "a.csv", default_kind=OrganizationKind.OTHER)
    assert plan.errors == [] and [r.row for r in plan.rows] == [3]


@pytest.mark.parametrize(
    ("filename", "content", "code"),
    [
        ("list.csv", b"", "empty_file"),
        ("list.xlsx", b"  \r\n", "empty_file"),
        ("list.csv", codecs.BOM_UTF8 + b"\r\n", "empty_file"),
        ("list.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "broken_file"),
        ("list.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "unsupported_file_type"),
        ("list.csv", b"%PDF-1.7\n1 0 obj\n", "unsupported_file_type"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "unsupported_file_type"),
        ("list.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 4, "unsupported_file_type"),
        ("list.xlsx", b"PK\x03\x04 this is not really a zip file at all", "broken_file"),
        ("list.xlsx", b"this is not a zip file", "broken_file"),
        ("list.csv", "หมายเหตุ,วันที่\nไม่มีหัวตาราง,1\n".encode(), "no_header"),
        ("list.csv", "ชื่อองค์กร,ประเภทองค์กร\n,\n".encode(), "no_rows"),
        (
            "locked.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            "encrypted_file",
        ),
        ("list.csv", b'"name,kind\n"unclosed' + b"x" * 200000, "broken_file"),
    ],
)
def test_files_that_are_not_a_readable_table_get_a_clear_reason(filename, content, code):
    with pytest.raises(FileProblem) as problem:
        read_table(filename, content, 100)
    assert problem.value.code == code
    assert problem.value.message


def test_a_zip_that_is_not_a_workbook_is_broken():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(FileProblem) as problem:
        read_table("list.xlsx", out.getvalue(), 100)
    assert problem.value.code == "broken_file"


def test_a_workbook_that_unpacks_to_far_more_than_it_weighs_is_refused_unopened(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 1024 * 1024)
    out = io.BytesIO(xlsx_bytes(ROWS))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(2 * 1024 * 1024))
    assert len(out.getvalue()) < 100 * 1024
    with pytest.raises(FileProblem) as problem:
        read_table("list.xlsx", out.getvalue(), 100)
    assert problem.value.code == "too_large" and "1 MB" in problem.value.message
    assert read_table("list.xlsx", xlsx_bytes(ROWS), 100).rows


def test_a_workbook_cut_short_is_broken():
    content = xlsx_bytes(ROWS)
    with pytest.raises(FileProblem) as problem:
        read_table("list.xlsx", content[: len(content) // 2], 100)
    assert problem.value.code == "broken_file"


def test_more_rows_than_the_limit_are_refused():
    rows = [["ชื่อองค์กร"]] + [[f"ชมรม {i}"] for i in range(11)]
    assert len(read_table("a.xlsx", xlsx_bytes(rows), 11).rows) == 11
    for content, name in ((xlsx_bytes(rows), "a.xlsx"), (csv_bytes(rows), "a.csv")):
        with pytest.raises(FileProblem) as problem:
            read_table(name, content, 10)
        assert problem.value.code == "too_many_rows" and "10" in problem.value.message


def test_upload_is_kept_for_its_owner_only_and_expires_after_a_day(create_user):
    owner, other = create_user(Role.ORGANIZER), create_user(Role.ORGANIZER)
    upload = importing.accept_upload(owner, "list.csv", csv_bytes(ROWS), 100)
    db.session.commit()
    assert len(upload.token) >= 40
    assert importing.find_upload(upload.token, owner) is upload
    assert importing.find_upload(upload.token, other) is None
    assert importing.find_upload("guess", owner) is None
    upload.created_at -= timedelta(days=1, minutes=1)
    db.session.commit()
    assert importing.find_upload(upload.token, owner) is None
    importing.accept_upload(owner, "again.csv", csv_bytes(ROWS), 100)
    db.session.commit()
    assert db.session.scalars(select(ImportUpload.filename)).all() == ["again.csv"]


def test_an_unreadable_upload_is_not_kept(create_user):
    with pytest.raises(FileProblem):
        importing.accept_upload(create_user(Role.ORGANIZER), "list.pdf", b"%PDF-1.4", 100)
    assert db.session.scalar(select(func.count()).select_from(ImportUpload)) == 0


def test_a_number_taken_by_someone_else_meanwhile_is_a_conflict_and_nothing_is_kept(create_organization):
    plan = plan_of(
        csv_bytes([["ชื่อองค์กร", "ประเภท", "เลขที่หนังสือรับรอง"], ["มูลนิธิ", "องค์กรอื่น", "9/2562"]]), "a.csv"
    )
    # Another organizer adds the same number between the preview and the import.
    create_organization(name="มูลนิธิของอีกคน", certification_no="9/2562")
    with pytest.raises(importing.ImportConflict):
        importing.run_import(plan, ImportMode.GOOD_ROWS, None)
    db.session.rollback()
    assert [o.name for o in organizations()] == ["มูลนิธิของอีกคน"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (812345678, "0812345678"),
        (812345678.0, "0812345678"),
        ("612345678", "0612345678"),
        (55123456, "055123456"),
        ("21234567", "021234567"),
        ("0812345678", "0812345678"),
        ("1300", "1300"),
        ("+66 81 234 5678", "+66 81 234 5678"),
        ("055-123456 ต่อ 12", "055-123456 ต่อ 12"),
        (12345678901, "12345678901"),
    ],
)
def test_phone_numbers_that_a_spreadsheet_kept_as_numbers_get_their_leading_zero_back(typed, stored):
    content = xlsx_bytes([["ชื่อองค์กร", "ประเภทองค์กร", "โทรศัพท์", "ผู้ประสานงาน"], ["ก", "องค์กรอื่น", typed, None]])
    assert plan_of(content).rows[0].data["phone"] == stored
