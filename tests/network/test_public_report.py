"""The yearly report form behind the organization's self-update link: no login, files, bad input."""

import io
from datetime import date

import pytest
import time_machine
from PIL import Image
from sqlalchemy import func, select

from app.directory import service as directory_service
from app.extensions import db
from app.network.models import AnnualReport, ReportAttachment
from app.network.reports import attachment_path


@pytest.fixture
def token(organization):
    token = directory_service.renew_self_update_link(organization)
    db.session.commit()
    return token


@pytest.fixture(autouse=True)
def _in_fiscal_year_2563():
    """1 Nov 2019 (BE 2562): the report expected by default is that of fiscal year 2562."""
    with time_machine.travel(date(2019, 11, 1), tick=False):
        yield


def _photo():
    data = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(data, "PNG")
    return data.getvalue()


def good_form(**changes):
    data = {
        "fiscal_year": "2562",
        "activities-0-title": "อบรมอาสาสมัครดูแลผู้สูงอายุ",
        "activities-0-date": "25/10/2561",
        "activities-1-title": "",
        "activities-1-date": "",
        "served-children": "40",
        "served-elderly": "120",
        "spent": "45,000",
        "volunteers": "12",
        "sources-own": "5,000",
        "sources-fund": "40000",
        "problems": "งบประมาณไม่พอ",
        "needs": ["money", "training"],
        "note": "",
    }
    data.update(changes)
    return data


def test_the_form_opens_without_login_for_the_last_fiscal_year(client, organization, token):
    response = client.get(f"/u/{token}/report")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert organization.name in page and 'name="fiscal_year" value="2562"' in page
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert client.get("/u/not-a-token/report").status_code == 404


def test_sending_a_report_with_a_pdf_and_a_photo(client, organization, token):
    data = good_form(
        files=[(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "รายงาน.pdf"), (io.BytesIO(_photo()), "ภาพ.png")]
    )
    response = client.post(f"/u/{token}/report", data=data, content_type="multipart/form-data")
    assert response.status_code == 302 and response.headers["Location"].endswith("/report?fiscal_year=2562")
    report = db.session.scalar(select(AnnualReport))
    assert report.organization_id == organization.id and report.received_on == date(2019, 11, 1)
    assert report.entered_by_id is None
    assert report.served == {"children": 40, "elderly": 120} and report.needs == ["money", "training"]
    assert report.activities == [{"title": "อบรมอาสาสมัครดูแลผู้สูงอายุ", "date": "2018-10-25"}]
    assert [a.content_type for a in report.attachments] == ["application/pdf", "image/jpeg"]
    # Opened again, the form shows what was sent, to correct it.
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="report-received"' in page and 'value="อบรมอาสาสมัครดูแลผู้สูงอายุ"' in page
    assert 'value="25/10/2561"' in page and 'value="45000"' in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"served-children": "สี่สิบ"}, "served"),
        ({"spent": "-5"}, "spent"),
        ({"fiscal_year": "1999"}, "fiscal_year"),
        ({"activities-0-date": "32/13/2561"}, "activities"),
        ({"needs": ["a pony"]}, "needs"),
    ],
)
def test_bad_input_changes_nothing_and_says_what(client, token, changes, field):
    response = client.post(f"/u/{token}/report", data=good_form(**changes))
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True) or field == "fiscal_year"
    assert db.session.scalar(select(func.count()).select_from(AnnualReport)) == 0


def test_a_file_that_is_neither_pdf_nor_photo_keeps_nothing(client, token, app):
    data = good_form(files=[(io.BytesIO(b"%PDF-1.4\n"), "ok.pdf"), (io.BytesIO(b"MZ\x90\x00"), "virus.exe")])
    response = client.post(f"/u/{token}/report", data=data, content_type="multipart/form-data")
    assert response.status_code == 422 and "virus.exe" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(AnnualReport)) == 0
    assert db.session.scalar(select(func.count()).select_from(ReportAttachment)) == 0


def test_the_honeypot_keeps_robots_out(client, token):
    response = client.post(f"/u/{token}/report", data=good_form(website="http://spam.example"))
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(AnnualReport)) == 0


def test_a_report_asked_for_another_year_opens_for_that_year(client, token):
    assert 'name="fiscal_year" value="2561"' in client.get(f"/u/{token}/report?fiscal_year=2561").get_data(
        as_text=True
    )


def test_stored_files_are_where_the_rows_say(client, token):
    data = good_form(files=[(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "a.pdf")])
    client.post(f"/u/{token}/report", data=data, content_type="multipart/form-data")
    attachment = db.session.scalar(select(ReportAttachment))
    with open(attachment_path(attachment.filename), "rb") as file:
        assert file.read() == b"%PDF-1.4\n%%EOF\n"
