"""The demo network in a real browser: every certified organization shows, nothing sticks out sideways."""

import os
import re

import pytest
from sqlalchemy import select

from app.directory.models import Organization, OrganizationKind
from app.extensions import db
from tests.e2e.conftest import ARTIFACTS, assert_fits, log_in

PASSWORD_LINE = re.compile(r"^\s+\w+\s+(\S+@\S+)\s+password: (\S+)$", re.MULTILINE)
FIRST_PUBLIC_BENEFIT = "มูลนิธิพัฒนาเด็กและเยาวชนสองแคว"


@pytest.fixture
def demo_passwords(runner):
    """Seed the demo network through the CLI; the e-mails and passwords it printed."""
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return dict(PASSWORD_LINE.findall(result.output))


@pytest.fixture(params=["phone", "desktop"])
def viewport(request):
    return request.param, request.getfixturevalue(request.param)


def names_listed(page, base_url, kind):
    """The names on every page of the directory filtered to one kind, checking each page fits."""
    names, number = [], 1
    while True:
        page.goto(f"{base_url}/directory/?kind={kind}&page={number}")
        assert_fits(page)
        rows = page.locator("[data-testid=org-row] .org-name").all_inner_texts()
        if not rows:
            return names
        names += rows
        number += 1


def test_the_134_certified_organizations_show_in_thai(live_server, viewport, demo_passwords, screenshot):
    name, page = viewport
    log_in(
        page,
        live_server,
        "organizer1@demo.example.org",
        demo_passwords["organizer1@demo.example.org"],
        next_path="/directory/",
    )
    page.wait_for_url(f"{live_server}/directory/")
    assert page.inner_text("h1").startswith("ทำเนียบองค์กรเครือข่าย")
    assert_fits(page)
    screenshot(page, f"demo-directory-{name}-th")
    # What the README shows: the first screen, as a person sees it.
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, f"readme-directory-{name}.png"))

    certified = set(
        db.session.scalars(select(Organization.name).where(Organization.certification_no.is_not(None)))
    )
    listed = []
    for kind, label in (
        (OrganizationKind.PUBLIC_BENEFIT, "องค์กรสาธารณประโยชน์"),
        (OrganizationKind.COMMUNITY_WELFARE, "องค์กรสวัสดิการชุมชน"),
    ):
        names = names_listed(page, live_server, kind.value)
        assert page.locator("[data-testid=org-total]").inner_text() == str(len(names))
        page.goto(f"{live_server}/directory/?kind={kind.value}")
        assert page.locator("[data-testid=org-row] .badge-kind").first.inner_text() == label
        listed += names
    assert len(listed) == len(certified) == 134
    assert set(listed) == certified


def test_the_demo_pages_fit_the_window_in_both_languages(live_server, viewport, demo_passwords, screenshot):
    name, page = viewport
    organization = db.session.scalar(select(Organization).where(Organization.name == FIRST_PUBLIC_BENEFIT))
    pages = {
        "directory": "/directory/",
        "stale": "/directory/?stale=1&sort=confirmed",
        "organization": f"/directory/{organization.id}",
        "edit": f"/directory/{organization.id}/edit",
        "users": "/admin/users",
    }
    for language in ("th", "en"):
        page.goto(f"{live_server}/lang/{language}?next=/login")
        assert_fits(page)
        screenshot(page, f"demo-login-{name}-{language}")
        log_in(
            page,
            live_server,
            "admin@demo.example.org",
            demo_passwords["admin@demo.example.org"],
            next_path="/directory/",
        )
        page.wait_for_url(f"{live_server}/directory/")
        for page_name, path in pages.items():
            page.goto(live_server + path)
            assert page.locator("html").get_attribute("lang") == language
            assert_fits(page)
            screenshot(page, f"demo-{page_name}-{name}-{language}")
        page.context.clear_cookies()  # logged out, and the language forgotten
