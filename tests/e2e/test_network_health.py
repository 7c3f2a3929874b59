"""Network health in a real browser, on a phone and on a desktop: the dashboard, a figure's list,
the organizations losing touch, and inviting the ones selected to an open forum in one step.

The data is the hand-counted network of tests/network/conftest.py (fiscal year 2562). The
losing-touch list of a fiscal year that is over stands on its last day, 30 September 2019,
whatever the clock says today (health.list_as_of), so the list is the same at any hour.
"""

from datetime import date

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.forums.models import Invitation
from app.network.health import losing_touch
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, assert_fits, log_in
from tests.network.conftest import network  # noqa: F401  (the hand-counted network)
from tests.pdf_helpers import page_count, qr_codes_on_page

LAST_DAY = date(2019, 9, 30)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_dashboard_figure_list_and_inviting_organizations_losing_touch(
    request,
    live_server,
    device,
    create_user,
    create_forum,
    network,  # noqa: F811  (the fixture imported above)
    screenshot,
):
    page = request.getfixturevalue(device)
    forum = create_forum(status="open", title="เวทีพบปะเครือข่ายองค์กรสวัสดิการ")
    user = create_user(Role.ORGANIZER)
    log_in(page, live_server, user.email, PASSWORD, next_path="/network/?fiscal_year=2562")
    page.wait_for_url(f"{live_server}/network/?fiscal_year=2562")

    # The dashboard: the key figures of the year, as links.
    took_part = page.locator("[data-testid=key-figure][data-figure=took_part]")
    assert "40.0%" in took_part.inner_text()
    assert_accessible(page)
    screenshot(page, f"network-dashboard-{device}")
    assert_fits(page)

    # A figure's list, and the organizations missing from it.
    took_part.click()
    page.wait_for_url("**/network/organizations?**figure=took_part**")
    listed = page.locator("[data-testid=behind-list] .org-name").all_inner_texts()
    assert listed == ["องค์กร A", "องค์กร B"]
    assert_accessible(page)
    assert_fits(page)
    screenshot(page, f"network-figure-list-{device}")
    page.click("[data-testid=missing-link]")
    page.wait_for_url("**missing=1**")
    assert page.locator("[data-testid=behind-list] .org-name").all_inner_texts() == [
        "องค์กร D",
        "องค์กร E",
        "องค์กร H",
    ]
    assert_accessible(page)

    # The organizations losing touch, with their reasons; tick two and invite them.
    page.goto(f"{live_server}/network/?fiscal_year=2562")
    page.click("[data-testid=losing-touch-link]")
    page.wait_for_url("**/network/losing-touch?fiscal_year=2562")
    expected = [item.organization.id for item in losing_touch(2562, LAST_DAY)]
    items = page.locator("[data-testid=losing-touch-item]")
    assert [int(i) for i in items.evaluate_all("els => els.map(e => e.dataset.organizationId)")] == expected
    assert_accessible(page)
    assert_fits(page)
    chosen = expected[:2]
    for organization_id in chosen:
        page.check(f"#pick-{organization_id}")
    assert page.inner_text("#selected-count") == "2"
    page.select_option("#forum_id", str(forum.id))
    screenshot(page, f"network-losing-touch-{device}")
    page.click("[data-testid=action-invite]")
    page.wait_for_url(f"**/forums/{forum.id}/invitations**")
    assert "เวทีพบปะเครือข่ายองค์กรสวัสดิการ" in page.inner_text("main")
    screenshot(page, f"network-invited-{device}")
    assert_accessible(page)

    db.session.expire_all()
    invited = db.session.scalars(select(Invitation.organization_id).where(Invitation.forum_id == forum.id))
    assert sorted(invited) == sorted(chosen)


def test_ask_for_reports_and_the_organizations_timeline(
    live_server,
    desktop,
    phone,
    create_user,
    network,  # noqa: F811  (the fixture imported above)
    screenshot,
):
    user = create_user(Role.ORGANIZER)
    log_in(desktop, live_server, user.email, PASSWORD, next_path="/network/losing-touch?fiscal_year=2562")
    desktop.wait_for_url("**/network/losing-touch?fiscal_year=2562")
    desktop.check("[data-testid=select-all]")
    desktop.click("summary:has-text('รายงานผลการดำเนินงาน')")
    desktop.fill("#due_on", "2019-12-31")
    desktop.click("[data-testid=action-ask-report]")
    desktop.wait_for_selector("[data-testid=asked-list]")
    asked = desktop.locator("[data-testid=asked-item]")
    # Those that already sent their report are left alone (D sent its report late, in December).
    assert asked.count() == len([i for i in losing_touch(2562, LAST_DAY) if "no_report" in i.reasons])
    assert "/u/" in asked.first.locator("input").input_value()
    assert_accessible(desktop)
    screenshot(desktop, "network-asked-desktop")
    # One PDF of the official letters, one page each, each with the organization's own link as QR.
    letters = desktop.request.get(desktop.locator("[data-testid=print-letters]").evaluate("a => a.href"))
    assert letters.ok and letters.headers["content-type"] == "application/pdf"
    assert page_count(letters.body()) == asked.count()
    assert qr_codes_on_page(letters.body(), 1) == [asked.first.locator("input").input_value()]

    # An organization asked (B) offers its own letter on its page.
    desktop.goto(f"{live_server}/directory/{network['B'].id}")
    letter = desktop.locator("[data-testid=report-letter]")
    assert letter.count() == 1
    assert_accessible(desktop)
    one = desktop.request.get(letter.evaluate("a => a.href"))
    assert one.ok and page_count(one.body()) == 1
    desktop.locator("[data-testid=organization-records]").screenshot(
        path="test-artifacts/network-report-letter-desktop.png"
    )

    # The organization's page shows what happened with it, newest first: the report just asked for.
    log_in(phone, live_server, user.email, PASSWORD, next_path=f"/directory/{network['A'].id}")
    phone.wait_for_url(f"**/directory/{network['A'].id}")
    timeline = phone.locator("[data-testid=organization-timeline]")
    kinds = timeline.locator("[data-testid=timeline-entry]").evaluate_all(
        "els => els.map(e => e.dataset.kind)"
    )
    assert {"took_part", "support", "report", "changed"} <= set(kinds)
    assert_accessible(phone)
    assert_fits(phone)
    timeline.screenshot(path="test-artifacts/network-timeline-phone.png")
    phone.goto(f"{live_server}/directory/{network['B'].id}")
    phone.locator("[data-testid=report-letter]").wait_for()
    assert_fits(phone)
    phone.locator("[data-testid=organization-records]").screenshot(
        path="test-artifacts/network-report-letter-phone.png"
    )


def test_losing_touch_list_by_pages(
    live_server,
    desktop,
    create_user,
    network,  # noqa: F811  (the fixture imported above)
    monkeypatch,
    screenshot,
):
    """A long list is shown a page at a time (two here, fifty in the office), with the choice of
    every organization of the list at once."""
    monkeypatch.setattr("app.network.losing_touch_views.PER_PAGE", 2)
    user = create_user(Role.ORGANIZER)
    log_in(desktop, live_server, user.email, PASSWORD, next_path="/network/losing-touch?fiscal_year=2562")
    desktop.wait_for_url("**/network/losing-touch?fiscal_year=2562")
    expected = [str(item.organization.id) for item in losing_touch(2562, LAST_DAY)]
    items = desktop.locator("[data-testid=losing-touch-item]")
    assert [items.nth(i).get_attribute("data-organization-id") for i in range(items.count())] == expected[:2]
    assert desktop.locator("[data-testid=select-everyone]").is_visible()
    desktop.check("[data-testid=losing-touch-item] input[name=organization_ids] >> nth=0")
    assert desktop.inner_text("#selected-count") == "1"
    desktop.check("[data-testid=select-everyone]")
    assert desktop.inner_text("#selected-count") == str(len(expected))
    desktop.uncheck("[data-testid=select-everyone]")
    assert desktop.inner_text("#selected-count") == "1"
    assert_accessible(desktop)
    screenshot(desktop, "network-losing-touch-pages-desktop")
    desktop.locator(".pagination .page-link", has_text="2").click()
    desktop.wait_for_url("**page=2**")
    assert (
        desktop.locator("[data-testid=losing-touch-item]").get_attribute("data-organization-id")
        == expected[2]
    )
