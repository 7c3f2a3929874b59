"""The network health pages: the dashboard, the lists behind its figures, the losing-touch list and
its bulk actions, on the hand-counted network of conftest.py (fixed fiscal years 2561 and 2562)."""

import io
import re
from datetime import date

import openpyxl
import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from app.directory.models import Organization
from app.extensions import db
from app.forums.models import Invitation
from app.mail.models import MailMessage
from app.network.figures import REASON_LABELS
from app.network.models import AnnualReport, FollowUpCall
from app.network.reports import ask_for_reports, report_link, report_of
from tests.pdf_helpers import contains, page_texts, qr_codes_on_page

#: "Today" (the pages' default year, the day a list stands on, a record's date) is the pinned clock's.
pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def staff(login_as):
    return login_as("organizer")


def _links(page):
    return re.findall(r'href="(/network/organizations\?[^"]+)"', page)


def test_dashboard_shows_the_figures_as_links_to_their_lists(client, staff, network):
    page = client.get("/network/?fiscal_year=2562").get_data(as_text=True)

    # Of 5 organizations: took part 2 (40.0%), Fund 1 (20.0%), support 3 (60.0%), reported 2 (40.0%).
    for text in ("40.0%", "20.0%", "60.0%"):
        assert text in page
    assert 'data-figure="took_part"' in page
    assert "<svg" in page and "<title>" in page  # the charts, named
    assert 'href="/network/supports/import"' in page  # where staff look for the Fund list's import
    assert "2558" in page and "2562" in page  # the five years of the trend
    links = [link.replace("&amp;", "&") for link in _links(page)]
    # Every figure links to its list: overall, by kind and by district.
    assert "/network/organizations?fiscal_year=2562&figure=took_part" in links
    assert "/network/organizations?fiscal_year=2562&figure=supported&kind=community_welfare" in links
    assert "/network/organizations?fiscal_year=2562&figure=reported&district=6502" in links


def test_a_figures_list_and_the_organizations_missing_from_it(client, staff, network):
    found = client.get("/network/organizations?fiscal_year=2562&figure=took_part").get_data(as_text=True)
    missing = client.get("/network/organizations?fiscal_year=2562&figure=took_part&missing=1").get_data(
        as_text=True
    )

    assert "องค์กร A" in found and "องค์กร B" in found and "องค์กร D" not in found
    assert all(name in missing for name in ("องค์กร D", "องค์กร E", "องค์กร H"))
    assert "องค์กร A" not in missing


def test_a_list_by_kind_and_by_district(client, staff, network):
    by_kind = client.get("/network/organizations?fiscal_year=2562&figure=supported&kind=community_welfare")
    by_district = client.get(
        "/network/organizations?fiscal_year=2562&figure=reported&district=6502&missing=1"
    )

    assert re.findall(r"องค์กร [A-H]", by_kind.get_data(as_text=True)) == ["องค์กร B", "องค์กร H"]
    assert re.findall(r"องค์กร [A-H]", by_district.get_data(as_text=True)) == ["องค์กร B", "องค์กร E"]


@pytest.mark.parametrize(
    "query",
    ["figure=nonsense", "kind=nonsense", "district=9999", "fiscal_year=99999999999999999999&figure=reported"],
)
def test_a_list_asked_for_with_nonsense_is_not_an_error(client, staff, network, query):
    assert client.get(f"/network/organizations?{query}").status_code in (200, 404)


def test_losing_touch_page_lists_reasons_and_contacts(client, staff, network):
    page = client.get("/network/losing-touch?fiscal_year=2562").get_data(as_text=True)

    assert re.findall(r'data-testid="losing-touch-item" data-organization-id="(\d+)"', page) == [
        str(network[letter].id) for letter in "BDE"
    ]
    assert 'data-reason="no_attendance"' in page


def _listed(page):
    return re.findall(r'data-testid="losing-touch-item" data-organization-id="(\d+)"', page)


def test_losing_touch_page_by_pages_and_by_reason(client, staff, network, monkeypatch):
    monkeypatch.setattr("app.network.losing_touch_views.PER_PAGE", 2)
    everyone = [str(network[letter].id) for letter in "BDE"]

    first = client.get("/network/losing-touch?fiscal_year=2562").get_data(as_text=True)
    second = client.get("/network/losing-touch?fiscal_year=2562&page=2").get_data(as_text=True)
    assert (_listed(first), _listed(second)) == (everyone[:2], everyone[2:])
    assert 'data-testid="select-everyone"' in first and 'class="pagination' in first
    assert _listed(client.get("/network/losing-touch?fiscal_year=2562&page=99").get_data(as_text=True)) == [
        everyone[2]
    ]

    by_reason = client.get("/network/losing-touch?fiscal_year=2562&reason=no_report").get_data(as_text=True)
    expected = [str(network[letter].id) for letter in "BE"]  # D sent its report
    assert _listed(by_reason) == expected and "select-everyone" not in by_reason
    unknown = client.get("/network/losing-touch?fiscal_year=2562&reason=nonsense").get_data(as_text=True)
    assert _listed(unknown) == everyone[:2]


def test_export_everyone_on_the_list_of_a_reason(client, staff, network):
    response = client.post(
        "/network/losing-touch",
        data={"fiscal_year": 2562, "everyone": "y", "reason": "no_report", "action": "export"},
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row and row[0]]
    assert set(names[:-1]) == {network["B"].name, network["E"].name}
    bad = client.post(
        "/network/losing-touch",
        data={"fiscal_year": 2562, "everyone": "y", "reason": "nonsense", "action": "export"},
    )
    assert bad.status_code == 302


def test_invite_the_selected_to_an_open_forum(client, staff, network, create_forum):
    forum = create_forum(status="open", title="เวทีเครือข่ายที่เปิดรับ")
    response = client.post(
        "/network/losing-touch",
        data={
            "fiscal_year": 2562,
            "organization_ids": [network["B"].id, network["D"].id],
            "action": "invite",
            "forum_id": forum.id,
        },
    )

    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/forums/{forum.id}/invitations")
    invited = db.session.scalars(db.select(Invitation.organization_id).where(Invitation.forum_id == forum.id))
    assert sorted(invited) == sorted([network["B"].id, network["D"].id])


def test_inviting_with_no_organization_or_no_open_forum_changes_nothing(client, staff, network, create_forum):
    draft = create_forum(title="เวทีร่าง")
    nobody = client.post(
        "/network/losing-touch", data={"fiscal_year": 2562, "action": "invite", "forum_id": draft.id}
    )
    not_open = client.post(
        "/network/losing-touch",
        data={
            "fiscal_year": 2562,
            "organization_ids": [network["B"].id],
            "action": "invite",
            "forum_id": draft.id,
        },
    )

    assert nobody.status_code == not_open.status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(Invitation)) == 0


def test_export_the_selected_as_a_workbook_that_is_formula_safe(client, staff, network):
    network["D"].name = '=HYPERLINK("http://example.org")'
    db.session.commit()
    response = client.post(
        "/network/losing-touch",
        data={
            "fiscal_year": 2562,
            "organization_ids": [network["D"].id, network["E"].id],
            "action": "export",
        },
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert set(rows) >= {'=HYPERLINK("http://example.org")', "องค์กร E"}
    cell = next(c for c in sheet["A"] if c.value and str(c.value).startswith("="))
    assert cell.data_type == "s"  # text, not a formula
    with force_locale("th"):
        expected = "\n".join(str(REASON_LABELS[reason]) for reason in ("no_report", "no_attendance"))
    assert rows["องค์กร E"][3] == expected


def test_ask_the_selected_for_their_report(app, client, staff, network):
    network["B"].email = "b@example.org"
    db.session.commit()
    response = client.post(
        "/network/losing-touch",
        data={
            "fiscal_year": 2562,
            "organization_ids": [network["B"].id, network["E"].id],
            "action": "ask_report",
            "due_on": "2019-12-31",
        },
    )

    assert response.status_code == 302  # to a page of the links, which asks nobody again when reloaded
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    # After the year, the report expected is the year's own (2562); B's was asked already, E's is new.
    reports = db.session.scalars(select(AnnualReport).where(AnnualReport.fiscal_year == 2562)).all()
    asked = {r.organization_id: r for r in reports if r.received_on is None}
    assert set(asked) == {network["B"].id, network["E"].id}
    assert {r.due_on for r in asked.values()} == {date(2019, 12, 31)}
    assert page.count('data-testid="asked-item"') == 2
    assert "b@example.org" in page
    assert db.session.scalar(select(func.count()).select_from(MailMessage)) == 1  # E has no address
    assert f"/u/{db.session.get(Organization, network['E'].id).self_update_token}" in page

    # The letters of the ones asked: one PDF, a page each in the list's order, each one's link as QR.
    (href,) = re.findall(r'href="([^"]+)" data-testid="print-letters"', page)
    letters = client.get(href.replace("&amp;", "&"))
    assert letters.status_code == 200 and letters.mimetype == "application/pdf"
    texts = page_texts(letters.data)
    assert len(texts) == 2 and all(contains(t, "ปีงบประมาณ 2562") for t in texts)
    assert contains(texts[0], "องค์กร B") and contains(texts[1], "องค์กร E")
    with app.test_request_context():  # the link as the page built it, on the request's host
        assert qr_codes_on_page(letters.data, 2) == [report_link(network["E"], 2562)]


def test_an_organizations_letter_from_its_page_only_while_its_report_is_awaited(
    client, staff, network, public_base
):
    ask_for_reports([network["B"], network["A"]], 2562, date(2019, 12, 31), None)
    db.session.commit()
    asked = report_of(network["B"], 2562)
    page = client.get(f"/directory/{network['B'].id}").get_data(as_text=True)
    assert f"/network/reports/{asked.id}/letter.pdf" in page

    letter = client.get(f"/network/reports/{asked.id}/letter.pdf")
    assert letter.status_code == 200 and len(page_texts(letter.data)) == 1
    assert contains(page_texts(letter.data)[0], "31 ธันวาคม 2562")
    received = report_of(network["A"], 2562)
    assert received.received_on is not None  # A had sent it: asking again left it alone
    # A received report has no letter: back to the organization's page, saying why.
    back = client.get(f"/network/reports/{received.id}/letter.pdf")
    assert back.status_code == 302 and back.headers["Location"].endswith(f"/directory/{network['A'].id}")
    assert "ไม่มีหนังสือที่ต้องพิมพ์" in client.get(back.headers["Location"]).get_data(as_text=True)
    assert client.get("/network/reports/999999/letter.pdf").status_code == 404


@pytest.mark.parametrize("query", ["", "?year=2562", "?year=2562&ids=x,1e9", "?year=abc&ids=1"])
def test_letters_asked_for_with_nonsense_lead_back_to_the_list(client, staff, network, query):
    response = client.get(f"/network/losing-touch/asked/letters.pdf{query}")
    assert response.status_code == 302 and "/network/losing-touch" in response.headers["Location"]


def test_ask_the_selected_for_a_details_check(client, staff, network):
    response = client.post(
        "/network/losing-touch",
        data={"fiscal_year": 2562, "organization_ids": [network["D"].id], "action": "ask_details"},
    )

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    token = db.session.get(Organization, network["D"].id).self_update_token
    assert token and f"/u/{token}" in page


def test_record_a_follow_up_call_for_the_selected(client, staff, network):
    ids = [network["B"].id, network["D"].id]
    missing_day = client.post(
        "/network/losing-touch",
        data={"fiscal_year": 2562, "organization_ids": ids, "action": "follow_up", "follow_up_kind": "call"},
    )
    assert missing_day.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(FollowUpCall)) == 0

    client.post(
        "/network/losing-touch",
        data={
            "fiscal_year": 2562,
            "organization_ids": ids,
            "action": "follow_up",
            "follow_up_kind": "call",
            "follow_up_on": "2562-09-20",
            "note": "ประธานเปลี่ยนเบอร์โทรศัพท์",
        },
    )
    calls = db.session.scalars(select(FollowUpCall)).all()
    assert sorted(c.organization_id for c in calls) == sorted(ids)
    assert {c.called_on for c in calls} == {date(2019, 9, 20)}  # typed in the Buddhist era
