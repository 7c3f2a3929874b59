"""Yearly reports: asking many organizations at once (real SMTP), the derived status, paper reports,
follow-ups and support entries, through the real database."""

import io
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.network import reports
from app.network.follow_ups import FollowUpError, record_follow_up
from app.network.models import AnnualReport, FollowUpCall, ReportStatus, Support, SupportKind, SupportStatus
from app.network.supports import add_support, parse_support
from app.records import RecordDataError
from tests.conftest import wait_for_background_jobs


@pytest.fixture
def staff(create_user):
    return create_user(Role.ORGANIZER, name="สมศักดิ์ เจ้าหน้าที่")


@pytest.fixture
def three(create_organization):
    with_email = create_organization(name="มูลนิธิมีอีเมล", email="office@example.org")
    contact_only = create_organization(
        name="ชมรมมีผู้ติดต่อ",
        contacts=[
            {"name": "นายสมชาย ใจดี", "position": "ประธาน", "phone": "", "email": "somchai@example.org"}
        ],
    )
    line_only = create_organization(name="กลุ่มไม่มีอีเมล")
    return with_email, contact_only, line_only


def test_asking_for_reports_makes_asked_rows_and_mails_a_link_to_the_form(
    three, staff, smtp, client, public_base
):
    asked = reports.ask_for_reports(three, 2562, date(2019, 11, 30), staff, today=date(2019, 10, 1))
    db.session.commit()
    wait_for_background_jobs()
    assert [r.organization.name for r in asked] == ["มูลนิธิมีอีเมล", "ชมรมมีผู้ติดต่อ", "กลุ่มไม่มีอีเมล"]
    assert {(r.asked_on, r.due_on, r.asked_by_id) for r in asked} == {
        (date(2019, 10, 1), date(2019, 11, 30), staff.id)
    }
    assert all(o.self_update_token for o in three)  # the one without a link got one
    assert sorted(m.to for m in smtp.received) == ["office@example.org", "somchai@example.org"]
    message = next(m.message for m in smtp.received if m.to == "office@example.org")
    body = message.get_body(("plain",)).get_content()
    link = f"{public_base}/u/{three[0].self_update_token}/report?fiscal_year=2562"
    assert link in body and "2562" in message["Subject"] and "30 พฤศจิกายน 2562" in body
    # The link opens the form for that year, no login.
    page = client.get(link.removeprefix(public_base))
    text = page.get_data(as_text=True)
    assert (
        page.status_code == 200
        and "รายงานผลการดำเนินงาน ปีงบประมาณ 2562" in text
        and 'name="served-children"' in text
    )


def test_the_status_is_derived_and_a_received_report_is_not_asked_again(three, staff, public_base):
    first, second, _third = three
    reports.record_report(first, {"fiscal_year": 2562}, staff=staff, today=date(2019, 10, 20))
    asked = reports.ask_for_reports(
        [first, second], 2562, date(2019, 11, 30), staff, today=date(2019, 10, 21)
    )
    db.session.commit()
    assert [r.organization_id for r in asked] == [second.id]
    received = reports.report_of(first, 2562)
    assert received.status_on(date(2020, 1, 1)) == ReportStatus.RECEIVED
    assert asked[0].status_on(date(2019, 11, 30)) == ReportStatus.ASKED
    assert asked[0].status_on(date(2019, 12, 1)) == ReportStatus.LATE


def test_a_paper_report_records_who_typed_it_and_replaces_an_earlier_one(three, staff):
    organization = three[2]
    data = reports.parse_report(
        {
            "fiscal_year": "2562",
            "received_on": "5/12/2562",
            "activities": [{"title": "อบรมอาสาสมัคร", "date": "25/10/2561"}, {"title": "", "date": ""}],
            "served": {"children": "40", "elderly": "๑๒"},
            "spent": "45,000.50",
            "sources": {"own": "5000", "fund": "40,000.50"},
            "volunteers": "12",
            "needs": ["money", "ความรู้ทางวิชาการ"],
        }
    )
    report = reports.record_report(organization, data, staff=staff, today=date(2019, 12, 10))
    db.session.commit()
    db.session.expire_all()
    report = db.session.get(AnnualReport, report.id)
    assert report.received_on == date(2019, 12, 5) and report.entered_by_id == staff.id
    assert report.activities == [{"title": "อบรมอาสาสมัคร", "date": "2018-10-25"}]
    assert report.served == {"children": 40, "elderly": 12}
    assert report.spent == Decimal("45000.50")
    assert report.sources == {"own": "5000", "fund": "40000.50"}
    assert report.needs == ["money", "know_how"]
    reports.record_report(
        organization, reports.parse_report({"fiscal_year": 2562, "volunteers": 3}), today=date(2019, 12, 11)
    )
    db.session.commit()
    assert db.session.scalar(select(db.func.count()).select_from(AnnualReport)) == 1
    assert report.volunteers == 3 and report.entered_by_id is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "fiscal_year"),
        ({"fiscal_year": "2019"}, "fiscal_year"),
        ({"fiscal_year": 2562, "served": {"aliens": 3}}, "served"),
        ({"fiscal_year": 2562, "served": {"children": -3}}, "served"),
        ({"fiscal_year": 2562, "spent": "lots"}, "spent"),
        ({"fiscal_year": 2562, "needs": ["a pony"]}, "needs"),
        ({"fiscal_year": 2562, "received_on": "31/02/2562"}, "received_on"),
        ({"fiscal_year": 2562, "activities": "not a list"}, "activities"),
        ({"fiscal_year": 2562, "problems": "ก" * 4001}, "problems"),
    ],
)
def test_bad_report_data_is_named_by_field(data, field):
    with pytest.raises(RecordDataError) as error:
        reports.parse_report(data)
    assert set(error.value.errors) == {field}


def test_a_report_dated_in_the_future_is_refused(three):
    with pytest.raises(RecordDataError) as error:
        reports.record_report(
            three[0], {"fiscal_year": 2562, "received_on": date(2020, 1, 2)}, today=date(2020, 1, 1)
        )
    assert set(error.value.errors) == {"received_on"}


def test_support_rules():
    fund = parse_support(
        {"kind": "fund", "fiscal_year": "2562", "title": "โครงการ", "amount_requested": "50,000"}
    )
    assert fund["status"] == SupportStatus.PROPOSED and fund["amount_requested"] == Decimal("50000")
    thai = parse_support(
        {"kind": "โครงการกองทุนส่งเสริมการจัดสวัสดิการสังคม", "fiscal_year": 62, "title": "x", "status": "อนุมัติ"}
    )
    assert (
        thai["kind"] == SupportKind.FUND
        and thai["status"] == SupportStatus.APPROVED
        and thai["fiscal_year"] == 2562
    )
    with pytest.raises(RecordDataError) as error:
        parse_support({"kind": "visit", "fiscal_year": 2562, "title": "เยี่ยม", "status": "approved"})
    assert set(error.value.errors) == {"status"}
    with pytest.raises(RecordDataError) as error:
        parse_support({"kind": "technical", "fiscal_year": 2562, "title": "x", "amount_approved": 5})
    assert set(error.value.errors) == {"amount_approved"}
    with pytest.raises(RecordDataError) as error:
        parse_support({"kind": "gift", "title": ""})
    assert set(error.value.errors) == {"kind", "fiscal_year", "title"}


def test_follow_ups_a_call_and_a_visit_that_counts_as_support(three, staff):
    organization = three[0]
    call = record_follow_up(organization, "call", date(2019, 3, 1), "  โทรแล้ว ไม่มีคนรับ ", staff)
    visit = record_follow_up(organization, "visit", date(2019, 3, 5), "ไปเยี่ยมที่ทำการ", staff)
    db.session.commit()
    assert isinstance(call, FollowUpCall) and call.note == "โทรแล้ว ไม่มีคนรับ"
    assert isinstance(visit, Support) and visit.kind == SupportKind.VISIT and visit.fiscal_year == 2562
    assert visit.given_by == "สมศักดิ์ เจ้าหน้าที่" and visit.counts_as_support
    with pytest.raises(FollowUpError):
        record_follow_up(organization, "letter", date(2019, 3, 5), "", staff)
    support = add_support(
        organization, parse_support({"kind": "other_money", "fiscal_year": 2562, "title": "อบต."}), staff
    )
    assert support.status is None and support.counts_as_support


def test_asking_for_a_details_check_mails_the_directory_message(three, staff, smtp, public_base):
    reached = reports.ask_for_details_check(three, staff)
    db.session.commit()
    wait_for_background_jobs()
    assert [(r.organization.name, r.email) for r in reached] == [
        ("มูลนิธิมีอีเมล", "office@example.org"),
        ("ชมรมมีผู้ติดต่อ", "somchai@example.org"),
        ("กลุ่มไม่มีอีเมล", ""),
    ]
    assert all(r.link.endswith(f"/u/{r.organization.self_update_token}") for r in reached)
    body = (
        next(m.message for m in smtp.received if m.to == "somchai@example.org")
        .get_body(("plain",))
        .get_content()
    )
    assert reached[1].link in body and "ข้อมูลถูกต้อง" in body


def test_attachments_keep_pdfs_and_clean_photos_and_refuse_the_rest(three):
    from PIL import Image

    report = reports.record_report(three[0], {"fiscal_year": 2562}, today=date(2019, 12, 1))
    pdf = reports.add_attachment(report, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "รายงาน.pdf")
    png = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(png, "PNG")
    png.seek(0)
    photo = reports.add_attachment(report, png, "C:\\photos\\กิจกรรม.png")
    assert (pdf.content_type, photo.content_type) == ("application/pdf", "image/jpeg")
    assert photo.original_name == "กิจกรรม.png" and photo.filename.endswith(".jpg")
    with open(reports.attachment_path(photo.filename), "rb") as stored:
        assert stored.read(3) == b"\xff\xd8\xff"
    for content in (b"", b"MZ\x90\x00 a program"):
        with pytest.raises(reports.ReportError):
            reports.add_attachment(report, io.BytesIO(content), "x.exe")
    assert len(report.attachments) == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"fiscal_year": 2562, "sources": {"own": None}}, "sources"),
        ({"fiscal_year": 2562, "received_on": ""}, "received_on"),
        ({"fiscal_year": 2562, "problems": None}, "problems"),
        ({"fiscal_year": 2562, "activities": [{"title": None}]}, "activities"),
    ],
)
def test_json_says_what_it_means_where_a_spreadsheet_may_leave_cells_empty(data, field):
    with pytest.raises(RecordDataError) as error:
        reports.parse_report(data, strict=True)
    assert set(error.value.errors) == {field}
    reports.parse_report(data)
