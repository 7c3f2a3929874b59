"""Exporting the directory to .xlsx and CSV, and reading the export back in unchanged."""

import csv
import io
from datetime import date

import pytest
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select

from app.directory import exporting, importing, service
from app.directory.columns import COLUMNS, guess_mapping
from app.directory.importing import ImportMode
from app.directory.models import (
    LegalForm,
    Organization,
    OrganizationChange,
    OrganizationKind,
    OrganizationStatus,
)
from app.directory.spreadsheets import read_table
from app.extensions import db
from tests.spreadsheets import read_xlsx

TITLES = [column.thai for column in COLUMNS]


@pytest.fixture
def network(organization, create_organization):
    """Organizations with every kind of value an export must carry, and some with almost none."""
    create_organization(
        name="สมาคมผู้สูงอายุ  บางระกำ",
        kind=OrganizationKind.COMMUNITY_WELFARE,
        legal_form=LegalForm.ASSOCIATION,
        certification_no="พล ๓/๒๕๕๙",
        certified_on=date(2016, 2, 29),
        status=OrganizationStatus.INACTIVE,
        province_code="65",
        district_code="6504",
        subdistrict_code="650401",
        postal_code="65140",
        address="12 หมู่ 3 ถนนพิษณุโลก-บางระกำ",
        phone="+66 55 371 111",
        email="Elders@Example.org",
        line_id="@elders",
        fields_of_work=["health", "recreation"],
        target_groups=["elderly", "disabled"],
        contacts=[
            {
                "name": "นายสมชาย ใจดี",
                "position": "นายกสมาคม",
                "phone": "081-111-1111",
                "email": "somchai@example.org",
            },
            {"name": "นางสมศรี มีสุข", "position": "", "phone": "", "email": ""},
        ],
        last_confirmed_on=date(2024, 10, 1),
    )
    create_organization(name="เทศบาลตำบลวังทอง", kind=OrganizationKind.LOCAL_GOVERNMENT)
    create_organization(name='=HYPERLINK("http://example.org")', kind=OrganizationKind.OTHER, address="-")
    return organization


def export_and_reimport(file_type):
    organizations = exporting.organizations_to_export(service.DirectoryFilter())
    content = exporting.FORMATS[file_type](organizations)
    table = read_table(f"export.{file_type}", content, 1000)
    plan = importing.plan_import(table, guess_mapping(table.headers), "65")
    return plan, content


def stored():
    """Everything the directory holds about each organization, as history text."""
    return {o.id: service.snapshot(o) for o in db.session.scalars(select(Organization))}


@pytest.mark.parametrize("file_type", ["xlsx", "csv"])
def test_an_export_imports_back_unchanged(network, file_type):
    before = stored()
    history = db.session.scalar(select(func.count()).select_from(OrganizationChange))
    plan, _ = export_and_reimport(file_type)
    assert plan.problems == [] and plan.errors == []
    assert [(r.organization.name, r.changes) for r in plan.rows if r.changes] == []
    assert (plan.count("create"), plan.count("update"), plan.count("unchanged")) == (0, 0, 4)
    result = importing.run_import(plan, ImportMode.ALL_OR_NOTHING, None)
    db.session.commit()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
    db.session.expire_all()
    assert stored() == before
    assert db.session.scalar(select(func.count()).select_from(OrganizationChange)) == history


def comparable(snapshots):
    """Snapshots by name; the office's province is given to those without one, e-mails compare lower case."""
    comparable = [
        {k: v.lower() if k == "email" else v for k, v in snap.items() if k != "province_code"}
        for snap in snapshots
    ]
    return sorted(comparable, key=lambda snap: snap["name"])


def test_an_export_into_an_empty_directory_creates_the_same_organizations(network):
    before = comparable(stored().values())
    _, content = export_and_reimport("xlsx")
    for organization in db.session.scalars(select(Organization)):
        db.session.delete(organization)
    db.session.commit()
    table = read_table("export.xlsx", content, 1000)
    result = importing.run_import(
        importing.plan_import(table, guess_mapping(table.headers), "65"), ImportMode.ALL_OR_NOTHING, None
    )
    db.session.commit()
    assert result.created == 4
    assert comparable(stored().values()) == before


def test_the_xlsx_has_thai_titles_a_styled_frozen_header_and_readable_values(network):
    content = exporting.to_xlsx(exporting.organizations_to_export(service.DirectoryFilter(sort="name")))
    rows, workbook = read_xlsx(content)
    sheet = workbook.worksheets[0]
    assert rows[0] == TITLES
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold and sheet["A1"].fill.start_color.rgb.endswith("1F5F8B")
    assert sheet.column_dimensions["A"].width > 30
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(COLUMNS))}{len(rows)}"
    row = dict(zip(TITLES, next(r for r in rows if r[0] == "สมาคมผู้สูงอายุ บางระกำ"), strict=True))
    assert row["ประเภทองค์กร"] == "องค์กรสวัสดิการชุมชน"
    assert row["รูปแบบการจัดตั้ง"] == "สมาคม"
    assert row["สถานะ"] == "ไม่ได้ดำเนินการ"
    assert row["เลขที่หนังสือรับรอง"] == "พล 3/2559"
    assert row["วันที่ได้รับการรับรอง"] == "29/2/2559"
    place = (row["จังหวัด"], row["อำเภอ"], row["ตำบล"], row["รหัสไปรษณีย์"])
    assert place == ("พิษณุโลก", "บางระกำ", "บางระกำ", "65140")
    assert row["สาขาที่ดำเนินงาน"] == "สุขภาพอนามัย, นันทนาการ"
    assert row["ผู้ประสานงาน"] == ("นายสมชาย ใจดี | นายกสมาคม | 081-111-1111 | somchai@example.org\nนางสมศรี มีสุข")
    formula = next(r for r in rows if r[0] and r[0].startswith("=HYPERLINK"))
    assert sheet.cell(row=rows.index(formula) + 1, column=1).data_type == "s"


def test_the_csv_is_utf8_with_a_bom_and_cannot_run_formulas(network):
    content = exporting.to_csv(exporting.organizations_to_export(service.DirectoryFilter()))
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[0] == TITLES
    names = [r[0] for r in rows[1:]]
    assert '\'=HYPERLINK("http://example.org")' in names
    assert "มูลนิธิพัฒนาเด็กพิษณุโลก" in names
    phone = next(r for r in rows if r[0] == "สมาคมผู้สูงอายุ บางระกำ")[TITLES.index("โทรศัพท์")]
    assert phone == "+66 55 371 111"


def test_the_export_holds_only_the_filtered_list(network):
    chosen = exporting.organizations_to_export(service.DirectoryFilter(kind="community_welfare"))
    assert [o.name for o in chosen] == ["สมาคมผู้สูงอายุ บางระกำ"]
    rows, _ = read_xlsx(exporting.to_xlsx(chosen))
    assert len(rows) == 2


def test_the_template_explains_the_columns_and_its_example_row_imports(app):
    content = exporting.template_xlsx("65")
    rows, workbook = read_xlsx(content)
    assert rows[0] == TITLES
    assert workbook.sheetnames == ["ทำเนียบองค์กร", "คำอธิบาย"]
    explained = " ".join(str(v) for row in workbook["คำอธิบาย"].iter_rows(values_only=True) for v in row if v)
    assert "องค์กรสวัสดิการชุมชน" in explained and "ถูกเพิกถอนการรับรอง" in explained
    table = read_table("template.xlsx", content, 10)
    plan = importing.plan_import(table, guess_mapping(table.headers), "65")
    assert plan.errors == [] and plan.count("create") == 1
    data = plan.rows[0].data
    assert (data["district_code"], data["subdistrict_code"], data["certified_on"]) == (
        "6501",
        "650101",
        date(2018, 10, 25),
    )


def test_file_names_carry_the_buddhist_era_date():
    name = exporting.file_name(exporting.EXPORT_NAME, "xlsx")
    assert name.startswith("ทำเนียบองค์กร-") and name.endswith(".xlsx")
    assert int(name.split("-")[-1].split(".")[0]) > 2560
