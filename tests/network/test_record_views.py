"""The staff's forms: a paper report with its scan, a support entry, the organization's "Reports and
support" section, report files, the Fund list import page; and who may open them."""

import io
from datetime import date

import pytest
import time_machine
from sqlalchemy import func, select

from app.auth.models import Role
from app.extensions import db
from app.network.models import AnnualReport, ReportAttachment, Support, SupportStatus
from tests.spreadsheets import csv_bytes


@pytest.fixture(autouse=True)
def _on_a_fixed_day():
    with time_machine.travel(date(2019, 12, 10), tick=False):
        yield


def paper_form(**changes):
    data = {
        "fiscal_year": "2562",
        "received_on": "5/12/2562",
        "activities-0-title": "ประชุมสมาชิกประจำปี",
        "activities-0-date": "1 ก.พ. 62",
        "served-family": "25",
        "spent": "8000",
        "needs": ["contacts"],
    }
    data.update(changes)
    return data


def test_a_paper_report_with_its_scan_shows_on_the_organizations_page(client, login_as, organization):
    user = login_as(Role.ORGANIZER)
    page = client.get(f"/network/organizations/{organization.id}/reports/new?fiscal_year=2562")
    assert page.status_code == 200 and 'name="served-children"' in page.get_data(as_text=True)
    scan = (io.BytesIO(b"%PDF-1.4 scanned\n%%EOF\n"), "สแกนรายงาน.pdf")
    response = client.post(
        f"/network/organizations/{organization.id}/reports/new",
        data={**paper_form(), "files": [scan]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/directory/{organization.id}#records"
    )
    report = db.session.scalar(select(AnnualReport))
    assert (report.received_on, report.entered_by_id, report.served) == (
        date(2019, 12, 5),
        user.id,
        {"family": 25},
    )
    assert report.activities == [{"title": "ประชุมสมาชิกประจำปี", "date": "2019-02-01"}]
    page = client.get(f"/directory/{organization.id}").get_data(as_text=True)
    assert 'data-testid="report" data-fiscal-year="2562" data-status="received"' in page
    assert "สแกนรายงาน.pdf" in page and user.display_name in page
    attachment = db.session.scalar(select(ReportAttachment))
    with client.get(f"/network/attachments/{attachment.id}") as file:
        assert file.status_code == 200 and file.data == b"%PDF-1.4 scanned\n%%EOF\n"
        assert file.mimetype == "application/pdf"


def test_a_bad_paper_report_changes_nothing(client, login_as, organization):
    login_as(Role.ORGANIZER)
    response = client.post(
        f"/network/organizations/{organization.id}/reports/new", data=paper_form(received_on="1/1/2563")
    )
    assert response.status_code == 422 and 'id="received_on-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(AnnualReport)) == 0


def test_recording_support(client, login_as, organization):
    login_as(Role.ORGANIZER)
    assert client.get(f"/network/organizations/{organization.id}/supports/new").status_code == 200
    bad = client.post(
        f"/network/organizations/{organization.id}/supports/new",
        data={"kind": "visit", "fiscal_year": "2562", "title": "", "status": "approved"},
    )
    assert bad.status_code == 422 and 'id="title-error"' in bad.get_data(as_text=True)
    response = client.post(
        f"/network/organizations/{organization.id}/supports/new",
        data={"kind": "fund", "fiscal_year": "2562", "title": "โครงการเด็กดี", "amount_requested": "50,000",
              "amount_approved": "45000", "status": "approved", "date": "15/3/2562"},
    )  # fmt: skip
    assert response.status_code == 302
    support = db.session.scalar(select(Support))
    assert (support.status, support.date, support.fiscal_year) == (
        SupportStatus.APPROVED,
        date(2019, 3, 15),
        2562,
    )
    page = client.get(f"/directory/{organization.id}").get_data(as_text=True)
    assert 'data-testid="support" data-kind="fund"' in page and "โครงการเด็กดี" in page


def test_the_fund_list_import_page_names_bad_rows(client, login_as, organization):
    login_as(Role.ORGANIZER)
    assert client.get("/network/supports/import").status_code == 200
    rows = [
        ["เลขที่หนังสือรับรอง", "ชื่อโครงการ", "งบประมาณที่ขอ", "สถานะ"],
        ["พล 12/2561", "โครงการเด็กดี", "50000", "อนุมัติ"],
        ["พล 404/2500", "โครงการไม่มีเจ้าของ", "1000", "อนุมัติ"],
    ]
    data = {
        "file": (io.BytesIO(csv_bytes(rows, encoding="cp874")), "fund.csv"),
        "fiscal_year": "2562",
        "mode": "all_or_nothing",
    }
    response = client.post("/network/supports/import", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'data-row="3" data-field="certification_no"' in page and "พล 404/2500" in page
    assert db.session.scalar(select(func.count()).select_from(Support)) == 0
    data = {
        "file": (io.BytesIO(csv_bytes(rows, encoding="cp874")), "fund.csv"),
        "fiscal_year": "2562",
        "mode": "good_rows",
    }
    response = client.post("/network/supports/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 200 and db.session.scalar(select(func.count()).select_from(Support)) == 1
    broken = {"file": (io.BytesIO(b"%PDF-1.4"), "fund.pdf"), "mode": "good_rows"}
    assert (
        client.post("/network/supports/import", data=broken, content_type="multipart/form-data").status_code
        == 415
    )


@pytest.mark.parametrize("role", [None, Role.CHECKIN])
def test_only_staff_may_open_the_forms(client, login_as, organization, role):
    if role is not None:
        login_as(role)
    for url in (
        f"/network/organizations/{organization.id}/reports/new",
        f"/network/organizations/{organization.id}/supports/new",
        "/network/supports/import",
        "/network/attachments/1",
    ):
        response = client.get(url)
        assert response.status_code in ((302, 401) if role is None else (403,)), url
