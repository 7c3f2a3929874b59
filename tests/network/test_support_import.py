"""Importing the Fund's project list: real XLSX, XLS and TIS-620 CSV files, BE dates, every bad row
named, organizations matched by certification number or name, both modes, through the API too."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.auth import service as auth_service
from app.auth.models import Role
from app.directory.spreadsheets import read_table
from app.extensions import db
from app.network.models import Support, SupportKind, SupportStatus
from app.network.support_import import ImportMode, plan_support_import, run_support_import
from tests.spreadsheets import csv_bytes, xls_bytes, xlsx_bytes

HEADER = [
    "ลำดับ",
    "เลขที่หนังสือรับรอง",
    "ชื่อองค์กร",
    "ชื่อโครงการ",
    "งบประมาณที่ขอ",
    "งบประมาณที่อนุมัติ",
    "ผลการพิจารณา",
    "วันที่อนุมัติ",
]


@pytest.fixture
def fund_network(create_organization):
    return {
        "numbered": create_organization(name="มูลนิธิพัฒนาเด็กพิษณุโลก", certification_no="พล 12/2561"),
        "named": create_organization(name="ชมรมผู้สูงอายุบ้านใหม่", kind="community_welfare"),
        "twin1": create_organization(name="กลุ่มออมทรัพย์บ้านนา", kind="community_welfare"),
        "twin2": create_organization(
            name="กลุ่มออมทรัพย์บ้านนา", kind="community_welfare", certification_no="พล 99/2555"
        ),
    }


def rows(*extra):
    return [
        ["บัญชีรายชื่อโครงการที่ได้รับการสนับสนุนจากกองทุนส่งเสริมการจัดสวัสดิการสังคม ปีงบประมาณ 2562"],
        HEADER,
        [1, "พล ๑๒/๒๕๖๑", "มูลนิธิพัฒนาเด็ก (เดิม)", "โครงการเด็กดีมีสุข", "50,000", 45000, "อนุมัติ", "15/3/2562"],
        [2, "", "ชมรมผู้สูงอายุ  บ้านใหม่", "โครงการผู้สูงวัยใจเป็นสุข", 30000, "", "เสนอโครงการ", ""],
        *extra,
    ]  # fmt: skip


def plan_of(content, filename="fund.xlsx", fiscal_year=2562):
    return plan_support_import(read_table(filename, content, 1000), fiscal_year)


def supports():
    return db.session.scalars(select(Support).order_by(Support.id)).all()


@pytest.mark.parametrize(
    ("make", "filename"),
    [
        (xlsx_bytes, "fund.xlsx"),
        (xls_bytes, "fund.xls"),
        (lambda r: csv_bytes(r, encoding="cp874"), "fund.csv"),
        (lambda r: csv_bytes(r, encoding="utf-8-sig"), "fund.csv"),
    ],
)
def test_a_fund_list_in_every_file_type(fund_network, make, filename):
    plan = plan_of(make(rows()), filename)
    assert plan.errors == [] and plan.problems == []
    assert run_support_import(plan, ImportMode.ALL_OR_NOTHING, None) == (2, 0, True)
    first, second = supports()
    assert first.organization_id == fund_network["numbered"].id  # by number, whatever the name says
    assert (first.kind, first.fiscal_year, first.title) == (SupportKind.FUND, 2562, "โครงการเด็กดีมีสุข")
    assert (first.amount_requested, first.amount_approved) == (Decimal("50000"), Decimal("45000"))
    assert (first.status, first.date) == (SupportStatus.APPROVED, date(2019, 3, 15))
    assert second.organization_id == fund_network["named"].id  # by name, spaces aside
    assert (second.status, second.amount_approved, second.date) == (SupportStatus.PROPOSED, None, None)


def test_importing_a_later_list_updates_the_projects(fund_network):
    run_support_import(plan_of(xlsx_bytes(rows())), ImportMode.ALL_OR_NOTHING, None)
    later = rows()
    later[3][5], later[3][6], later[3][7] = 28000, "อนุมัติ", datetime(2019, 4, 1)
    plan = plan_of(xlsx_bytes(later))
    assert plan.unchanged == 1
    assert run_support_import(plan, ImportMode.ALL_OR_NOTHING, None) == (0, 1, True)
    assert [(s.status, s.amount_approved) for s in supports()] == [
        (SupportStatus.APPROVED, Decimal("45000")),
        (SupportStatus.APPROVED, Decimal("28000")),
    ]


BAD_ROWS = [
    [3, "พล 1/2500", "", "โครงการไม่มีองค์กร", 1000, "", "อนุมัติ", ""],
    [4, "", "กลุ่มออมทรัพย์บ้านนา", "โครงการชื่อซ้ำ", 1000, "", "", ""],
    [5, "", "องค์กรที่ไม่มีจริง", "โครงการ", 1000, "", "", ""],
    [6, "พล 12/2561", "", "", "หนึ่งพัน", "", "ผ่านฉลุย", "32/13/2562"],
    [7, "พล 12/2561", "", "โครงการเด็กดีมีสุข", 1, "", "", ""],
]


def test_every_bad_row_is_named_with_its_column(fund_network):
    plan = plan_of(xlsx_bytes(rows(*BAD_ROWS)))
    assert sorted((e.row, e.field) for e in plan.errors) == [
        (5, "certification_no"),
        (6, "organization"),
        (7, "organization"),
        (8, "amount_requested"),
        (8, "date"),
        (8, "status"),
        (8, "title"),
        (9, "title"),
    ]
    messages = {(e.row, e.field): e.message for e in plan.errors}
    assert "พล 1/2500" in messages[(5, "certification_no")]
    assert "เลขที่หนังสือรับรอง" in messages[(6, "organization")]  # two of that name: give the number
    assert "row 3" in messages[(9, "title")] or "แถวที่ 3" in messages[(9, "title")]
    assert run_support_import(plan, ImportMode.ALL_OR_NOTHING, None) == (0, 0, False)
    assert supports() == []
    assert run_support_import(plan, ImportMode.GOOD_ROWS, None) == (2, 0, True)
    assert len(supports()) == 2


def test_a_list_without_the_columns_it_needs(fund_network):
    plan = plan_of(xlsx_bytes([["ชื่อองค์กร", "หมายเหตุ"], ["มูลนิธิพัฒนาเด็กพิษณุโลก", "x"]]))
    assert len(plan.problems) == 1 and "ชื่อโครงการ" in plan.problems[0]


def test_rows_without_a_year_take_the_one_given_or_are_named(fund_network):
    plan = plan_of(xlsx_bytes(rows()), fiscal_year=None)
    assert {(e.row, e.field) for e in plan.errors} == {(3, "fiscal_year"), (4, "fiscal_year")}
    with_year = [["ปีงบประมาณ", *HEADER[1:]], ["2561", *rows()[2][1:]]]
    plan = plan_of(xlsx_bytes(with_year), fiscal_year=2562)
    run_support_import(plan, ImportMode.ALL_OR_NOTHING, None)
    assert supports()[0].fiscal_year == 2561


@pytest.fixture
def api(client, create_user):
    token = auth_service.create_token(create_user(Role.ORGANIZER))
    db.session.commit()

    def post(content, filename="fund.xlsx", **form):
        data = {"file": (io.BytesIO(content), filename), **form}
        return client.post("/api/v1/supports/import", data=data, headers={"Authorization": f"Bearer {token}"})

    return post


def test_the_api_import_in_both_modes(api, fund_network):
    content = xlsx_bytes(rows(*BAD_ROWS))
    response = api(content, fiscal_year="2562")
    assert response.status_code == 422
    body = response.get_json()
    assert (body["created"], body["updated"]) == (0, 0) and len(body["errors"]) == 8
    assert body["errors"][0].keys() == {"row", "field", "message"}
    assert supports() == []
    response = api(content, fiscal_year="2562", mode="good_rows")
    assert response.status_code == 200 and response.get_json()["created"] == 2
    assert len(supports()) == 2


def test_the_api_refuses_what_is_not_a_list(api, fund_network):
    assert api(b"%PDF-1.4", "fund.pdf").status_code == 415
    assert api(b"", "fund.csv").get_json()["error"]["code"] == "empty_file"
    assert api(xlsx_bytes(rows()), mode="some").status_code == 400
    assert api(xlsx_bytes(rows()), fiscal_year="62x").status_code == 400
    response = api(xlsx_bytes([["ชื่อองค์กร"], ["มูลนิธิพัฒนาเด็กพิษณุโลก"]]))
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "missing_column"
