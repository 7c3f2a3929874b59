"""The annual network report: its PDF read back (pdfplumber) and its workbook (openpyxl) hold the
figures of network_health and of the dashboard's API, on the hand-counted network of conftest.py."""

import io
import re
from datetime import date

import openpyxl
import pytest

from app.network.annual_report import render_annual_report
from app.network.figures import percent
from app.network.health import FIGURES, health_trend, losing_touch, network_health
from tests.pdf_helpers import contains, embedded_fonts, page_texts

TODAY = date(2019, 11, 15)

#: "Today" (the pages' default year, the day a list stands on, a record's date) is the pinned clock's.
pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def pdf_text(network):
    pdf = render_annual_report(2562, TODAY)
    return pdf, "\n".join(page_texts(pdf))


def _row_numbers(row):
    numbers = [str(row.organizations)]
    for name in FIGURES:
        share = getattr(row, name)
        numbers += [str(share.count), str(percent(share.share))]
    return numbers


def _line_with(text, start):
    """The numbers on the line of the PDF's text that starts with `start`."""
    for line in text.splitlines():
        if line.startswith(start):
            return re.findall(r"\d+(?:\.\d)?", line)
    raise AssertionError(f"no line starting with {start!r}")


def test_the_pdf_holds_the_years_figures(pdf_text):
    pdf, text = pdf_text
    health = network_health(2562)

    assert "2562" in text
    assert embedded_fonts(pdf) == {"Forums-Thai": True, "Forums-Thai-Bold": True}
    # The key figures and the tables: 5 organizations; 40.0, 20.0, 60.0 and 40.0 per cent.
    for name in FIGURES:
        assert f"{percent(getattr(health.overall, name).share)}%" in text
    assert contains(text, "30 กันยายน 2562")


def test_the_pdf_tables_equal_network_health(pdf_text):
    _pdf, text = pdf_text
    health = network_health(2562)
    # Each kind's and district's row: organizations, then count and per cent of each figure.
    for label, row in [
        ("องค์กรสาธารณประโยชน์", health.by_kind[0][1]),
        ("องค์กรสวัสดิการชุมชน", health.by_kind[1][1]),
    ]:
        assert _line_with(text, label)[-9:] == _row_numbers(row)
    for _code, name, row in health.by_district:
        assert _line_with(text, name)[-9:] == _row_numbers(row)
    for year in health_trend(2562):
        assert _line_with(text, str(year.fiscal_year))[1:] == _row_numbers(year.overall)


def test_the_pdf_lists_the_organizations_losing_touch(pdf_text):
    _pdf, text = pdf_text
    names = [item.organization.name for item in losing_touch(2562, TODAY)]
    assert names == ["องค์กร B", "องค์กร D", "องค์กร E"]
    for name in names:
        assert contains(text, name)
    assert "องค์กร A" not in text


def test_the_pdf_equals_the_api(pdf_text, client, login_as):
    _pdf, text = pdf_text
    login_as("organizer")
    figures = client.get("/api/v1/network-health?fiscal_year=2562").get_json()
    for name in FIGURES:
        assert f"{percent(figures[name]['share'])}%" in text
    for kind in figures["by_kind"]:
        label = {"public_benefit": "องค์กรสาธารณประโยชน์", "community_welfare": "องค์กรสวัสดิการชุมชน"}[
            kind["kind"]
        ]
        expected = [str(kind["organizations"])]
        for name in FIGURES:
            expected += [str(kind[name]["count"]), str(percent(kind[name]["share"]))]
        assert _line_with(text, label)[-9:] == expected


def test_the_report_downloads_as_pdf_and_as_workbook(client, login_as, network):
    login_as("organizer")
    pdf = client.get("/network/report.pdf?fiscal_year=2562")
    workbook = client.get("/network/report.xlsx?fiscal_year=2562")

    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    book = openpyxl.load_workbook(io.BytesIO(workbook.data))
    summary, trend, losing = book.worksheets
    health = network_health(2562)
    rows = list(summary.iter_rows(min_row=2, values_only=True))
    overall = rows[0][2:]
    assert overall[0] == health.overall.organizations
    assert list(overall[1::2]) == [getattr(health.overall, name).count for name in FIGURES]
    assert list(overall[2::2]) == [float(percent(getattr(health.overall, name).share)) for name in FIGURES]
    assert [row[0] for row in trend.iter_rows(min_row=2, values_only=True)] == [2558, 2559, 2560, 2561, 2562]
    listed = [row[0] for row in losing.iter_rows(min_row=2, values_only=True) if row and row[0]]
    assert listed[:3] == ["องค์กร B", "องค์กร D", "องค์กร E"]
