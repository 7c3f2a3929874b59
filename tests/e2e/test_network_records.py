"""The records of network health in a real browser, on a phone and on a desktop: the yearly report
an organization sends through its self-update link (with a photo), the staff's paper report and
support entry on the organization's page, and the Fund list import naming a bad row."""

import pytest
from PIL import Image
from sqlalchemy import select

from app.auth.models import Role
from app.directory import service as directory_service
from app.extensions import db
from app.network.models import AnnualReport, Support
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, assert_fits, log_in
from tests.spreadsheets import xlsx_bytes


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "กิจกรรม.png"
    Image.new("RGB", (80, 60), "orange").save(path, "PNG")
    return path


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_an_organization_sends_its_report_through_its_link(
    request, live_server, device, organization, photo, screenshot
):
    page = request.getfixturevalue(device)
    token = directory_service.renew_self_update_link(organization)
    db.session.commit()
    page.goto(f"{live_server}/u/{token}/report?fiscal_year=2562")
    assert "รายงานผลการดำเนินงาน ปีงบประมาณ 2562" in page.inner_text("h1")
    assert_accessible(page)
    assert_fits(page)
    screenshot(page, f"network-report-form-{device}")
    page.fill("#activities-0-title", "อบรมอาสาสมัครดูแลผู้สูงอายุ")
    page.fill("#activities-0-date", "25/10/2561")
    page.fill("#served-elderly", "120")
    page.fill("#spent", "45,000")
    page.check("#needs-training")
    page.set_input_files("#files", str(photo))
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=report-received]")
    assert_accessible(page)
    report = db.session.scalar(select(AnnualReport))
    assert report.served == {"elderly": 120} and report.needs == ["training"]
    assert [a.content_type for a in report.attachments] == ["image/jpeg"]


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_staff_record_a_paper_report_and_support_on_the_organizations_page(
    request, live_server, device, organization, create_user, screenshot
):
    page = request.getfixturevalue(device)
    user = create_user(Role.ORGANIZER)
    log_in(page, live_server, user.email, PASSWORD, next_path=f"/directory/{organization.id}")
    page.wait_for_url(f"{live_server}/directory/{organization.id}")
    page.click("text=บันทึกการสนับสนุน")
    page.wait_for_selector("select#kind")
    assert_accessible(page)
    assert_fits(page)
    screenshot(page, f"network-support-form-{device}")
    page.select_option("#kind", "fund")
    page.fill("#fiscal_year", "2562")
    page.fill("#title", "โครงการเด็กดีมีสุข")
    page.fill("#amount_requested", "50,000")
    page.select_option("#status", "approved")
    page.fill("#date", "15/3/2562")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=support][data-kind=fund]")
    page.click("text=บันทึกรายงานฉบับกระดาษ")
    page.wait_for_selector("#received_on")
    assert_accessible(page)
    assert_fits(page)
    screenshot(page, f"network-paper-report-{device}")
    page.fill("#received_on", "1/13/2562")  # no 13th month: refused, nothing kept
    page.click("[data-testid=save]")
    page.wait_for_selector("#received_on-error")
    assert_accessible(page)
    page.select_option("#fiscal_year", "2562")
    page.fill("#received_on", "5/12/2562")
    page.fill("#served-family", "25")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=report][data-fiscal-year='2562'][data-status=received]")
    assert_accessible(page)
    screenshot(page, f"network-organization-records-{device}")
    support = db.session.scalar(select(Support))
    assert (support.title, support.fiscal_year, support.status) == ("โครงการเด็กดีมีสุข", 2562, "approved")
    assert db.session.scalar(select(AnnualReport)).served == {"family": 25}


def test_the_fund_list_import_names_a_bad_row(
    live_server, desktop, organization, create_user, tmp_path, screenshot
):
    user = create_user(Role.ORGANIZER)
    path = tmp_path / "กองทุน.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [
                ["เลขที่หนังสือรับรอง", "ชื่อโครงการ", "งบประมาณที่ขอ", "สถานะ"],
                [organization.certification_no, "โครงการเด็กดี", 50000, "อนุมัติ"],
                ["พล 404/2500", "โครงการไม่มีเจ้าของ", 1000, "อนุมัติ"],
            ]
        )
    )
    log_in(desktop, live_server, user.email, PASSWORD, next_path="/network/supports/import")
    desktop.wait_for_url(f"{live_server}/network/supports/import")
    assert_accessible(desktop)
    desktop.set_input_files("#file", str(path))
    desktop.fill("#fiscal_year", "2562")
    desktop.click("[data-testid=import]")
    desktop.wait_for_selector("[data-testid=import-error][data-row='3'][data-field=certification_no]")
    assert_accessible(desktop)
    screenshot(desktop, "network-fund-import-desktop")
    assert db.session.scalar(select(Support)) is None
