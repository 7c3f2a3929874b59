"""The organizer's home page in a real browser on a phone and a desktop, at a pinned moment."""

# ruff: noqa: F811  (the fixture imported from tests/home/test_home.py is a parameter here)

from datetime import UTC

import pytest
import time_machine

from app.auth.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, assert_fits, log_in
from tests.home.test_home import NOW, office  # noqa: F401 (fixture)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_home_page_says_what_needs_doing_this_monday(
    request, live_server, create_user, office, screenshot, device
):
    page = request.getfixturevalue(device)
    user = create_user(Role.ORGANIZER, name="นางสาวพิมพ์ใจ ผู้จัด")
    with time_machine.travel(NOW.replace(tzinfo=UTC), tick=True):
        log_in(page, live_server, user.email, PASSWORD)
        page.wait_for_url(f"{live_server}/")
        # This week's forum comes first, with its registrations.
        first = page.locator("section[data-testid^=todo-]").first
        assert first.get_attribute("data-testid") == "todo-this-week"
        assert "เวทีวันพฤหัส" in first.inner_text() and "2" in page.inner_text("[data-testid=todo-registered]")
        for testid in ("todo-open-seats", "todo-unsent", "todo-overdue", "todo-stale", "todo-print"):
            assert page.locator(f"[data-testid={testid}]").count() == 1, testid
        assert_fits(page)
        assert_accessible(page)
        screenshot(page, f"home-{device}")
