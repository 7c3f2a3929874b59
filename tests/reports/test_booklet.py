"""The directory booklet: grouping rules, and the PDF read back (cover, contents, entries)."""

import re
import unicodedata
from datetime import date

import pytest

from app.auth.models import Role
from app.directory.models import OrganizationKind, OrganizationStatus
from app.directory.service import DirectoryFilter
from app.reports.booklet import directory_booklet
from tests.pdf_helpers import contains, embedded_fonts, page_texts

PRINTED_ON = date(2025, 11, 26)
PB = OrganizationKind.PUBLIC_BENEFIT
CW = OrganizationKind.COMMUNITY_WELFARE
LG = OrganizationKind.LOCAL_GOVERNMENT
DISTRICTS = {"6501": "เมืองพิษณุโลก", "6502": "นครไทย", "6504": "บางระกำ", "6508": "วังทอง"}


@pytest.fixture
def network(create_organization):
    """30 organizations of three kinds in four districts (and one without a district)."""
    made = []
    subdistricts = {"6501": "650101", "6502": "650201", "6504": "650401", "6508": "650801"}
    for n in range(30):
        kind = (PB, CW, CW, LG)[n % 4]
        district = list(DISTRICTS)[n // 4 % 4] if n != 7 else None
        prefix = {PB: "มูลนิธิเพื่อผู้สูงอายุและคนพิการ", CW: "องค์กรสวัสดิการชุมชนตำบล", LG: "เทศบาลตำบล"}[kind]
        made.append(
            create_organization(
                name=f"{prefix}{'แม่ระกำ' if n % 3 else 'ไผ่ขอดอน'} สาขา {n + 1}",
                kind=kind,
                certification_no=f"พล {n + 1}/2561",
                certified_on=date(2018, 10, 1 + n % 28),
                status=OrganizationStatus.REVOKED if n == 5 else OrganizationStatus.ACTIVE,
                province_code="65" if district else None,
                district_code=district,
                subdistrict_code=subdistricts.get(district),
                address=f"{n + 10}/1 หมู่ที่ {n % 9 + 1}",
                phone=f"055-{n:06d}",
                email=f"org{n}@example.org",
                line_id=f"@org{n}",
                fields_of_work=["social_services", "health"],
                contacts=[
                    {"name": f"นางสาวสมใจ ใจดีงาม{n}", "position": "ประธาน", "phone": f"081-{n:07d}"},
                    {"name": "นายสมชาย รักษ์ถิ่น", "position": "เลขานุการ", "email": "somchai@example.org"},
                ],
            )
        )
    return made


def test_grouped_by_kind_then_district_with_running_numbers(network):
    booklet = directory_booklet(DirectoryFilter(), "65", PRINTED_ON)
    assert [s.kind for s in booklet.sections] == [PB, CW, LG]
    for section in booklet.sections:
        codes = [d.district_code for d in section.districts]
        assert codes == sorted(c for c in codes if c) + ([None] if None in codes else [])
        for district in section.districts:
            keys = [e.organization.name_sort for e in district.entries]
            assert keys == sorted(keys)
            assert all(e.organization.kind == section.kind for e in district.entries)
    numbers = [e.number for s in booklet.sections for d in s.districts for e in d.entries]
    assert numbers == list(range(1, 31))
    assert booklet.total == 30 and booklet.fiscal_year == 2569
    unknown = [d for s in booklet.sections for d in s.districts if d.district_code is None]
    assert [d.district_name for d in unknown] == [""]
    assert booklet.sections[0].districts[0].district_name == "อำเภอเมืองพิษณุโลก"


def test_takes_the_directory_filter(network):
    booklet = directory_booklet(DirectoryFilter(kind="community_welfare", district="6504"), "65", PRINTED_ON)
    organizations = [e.organization for s in booklet.sections for d in s.districts for e in d.entries]
    assert organizations and all(o.kind == CW and o.district_code == "6504" for o in organizations)
    assert booklet.filter_district_name == "บางระกำ"


def test_a_district_of_another_province_says_so(create_organization):
    create_organization(name="มูลนิธิสุโขทัย", province_code="64", district_code="6401")
    booklet = directory_booklet(DirectoryFilter(), "65", PRINTED_ON)
    assert booklet.sections[0].districts[0].district_name == "อำเภอเมืองสุโขทัย จังหวัดสุโขทัย"


def _toc_entries(toc_text):
    """(heading, count, page) of each line of the contents: "อำเภอวังทอง (3) ........ 5"."""
    entries = []
    for line in toc_text.splitlines():
        if match := re.match(r"^(?P<label>.+?)\s*\((?P<count>[^)]*)\)\s*\.{3,}\s*(?P<page>\d+)$", line):
            count = re.sub(r"\D", "", match["count"])
            entries.append((match["label"], int(count), int(match["page"])))
    return entries


def test_booklet_pdf_reads_back_with_cover_contents_and_every_organization(app, client, login_as, network):
    login_as(Role.ORGANIZER)
    response = client.get("/directory/booklet.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "filename*=UTF-8''%E0%B8%97%E0%B8%B3" in response.headers["Content-Disposition"]
    pdf = response.data
    assert embedded_fonts(pdf) == {"Forums-Thai": True, "Forums-Thai-Bold": True}
    texts = page_texts(pdf)
    cover, toc, body = texts[0], texts[1], texts[2:]
    assert len(texts) > 6

    for phrase in ("ทำเนียบองค์กรเครือข่าย", "จังหวัดพิษณุโลก", "ปีงบประมาณ", "30 องค์กร", app.config["OFFICE_NAME"]):
        assert contains(cover, phrase), phrase
    assert "สารบัญ" in toc and "หน้า 2 จาก" in toc

    entries = _toc_entries(toc)
    kinds = {"องค์กรสาธารณประโยชน์": 8, "องค์กรสวัสดิการชุมชน": 15, "องค์กรปกครองส่วนท้องถิ่น": 7}
    assert [(label, count) for label, count, _ in entries if label in kinds] == list(kinds.items())
    assert len(entries) == 3 + 3 * 4 + 1  # three kinds; each in four districts; one without
    for label, count, page in entries:
        # The heading with its count is on the page the contents give; a kind's only there.
        if label in kinds:
            heading = f"{label} {count} องค์กร"
            assert [n for n, text in enumerate(body, 3) if contains(text, heading)] == [page], label
        else:
            assert contains(texts[page - 1], f"{label} · {count} องค์กร"), label
    assert [page for *_, page in entries] == sorted(page for *_, page in entries)

    body_text = "\n".join(body)
    for organization in network:
        assert organization.name == unicodedata.normalize("NFC", organization.name)
        assert contains(body_text, organization.name)
        assert contains(body_text, organization.full_address)
        assert organization.certification_no.split()[1] in "".join(body)
        assert organization.phone in "".join(body) and organization.email in "".join(body)
    assert contains(body_text, "นางสาวสมใจ ใจดีงาม29 (ประธาน)")
    assert contains(body_text, "ลงวันที่ 1 ตุลาคม 2561")
    assert contains(body_text, "ถูกเพิกถอนการรับรอง")  # the revoked one says so
    assert contains(body_text, "ไม่ระบุอำเภอ")


def test_booklet_pdf_of_a_filtered_list(client, login_as, network):
    login_as(Role.ADMIN)
    query = {"kind": "public_benefit", "district": "6501", "status": "active", "q": "สาขา"}
    pdf = client.get("/directory/booklet.pdf", query_string=query).data
    texts = page_texts(pdf)
    text = "\n".join(texts)
    expected = [o for o in network if o.kind == PB and o.district_code == "6501"]
    assert expected and all(contains(text, o.name) for o in expected)
    assert not any(contains(text, o.name) for o in network if o not in expected)
    assert contains(texts[0], "เฉพาะที่เลือก: อำเภอเมืองพิษณุโลก · ดำเนินการอยู่ · คำค้น “สาขา”")


def test_booklet_of_nothing_says_so(client, login_as):
    login_as(Role.ORGANIZER)
    texts = page_texts(client.get("/directory/booklet.pdf").data)
    assert contains(texts[0], "0 องค์กร")
    assert contains(texts[1], "ไม่พบองค์กรที่ตรงกับเงื่อนไข")
    assert len(texts) == 2


def test_the_list_page_links_to_the_booklet_of_the_same_filter(client, login_as, network):
    login_as(Role.ORGANIZER)
    query = {"kind": "community_welfare", "district": "6508", "page": 2}
    page = client.get("/directory/", query_string=query).get_data(as_text=True)
    assert 'href="/directory/booklet.pdf?kind=community_welfare&amp;district=6508"' in page
