"""A forum's page follows its stage: the right first actions, and none of the wrong ones, on a phone
and a desktop. The office's clock is pinned (the live server runs in this process) around the forum
of 25 October 2561, 10.00–16.00."""

from datetime import UTC, datetime, time

import pytest
import time_machine

from app.auth.models import Role
from app.extensions import db
from app.forums import agenda, invitations
from app.forums.models import ForumStatus
from app.registration import service as registration
from app.registration.fields import parse_registration
from app.registration.questions import questions_of
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, assert_fits, log_in
from tests.registration.conftest import person

STAGES = {
    # stage: (status, the office's clock in UTC, first sections, what must not be offered)
    "draft": (
        "draft",
        datetime(2018, 10, 1, 3),
        ["missing"],
        ["open-scanner", "section-share", "action-finish"],
    ),
    "open": (
        "open",
        datetime(2018, 10, 18, 3),
        ["share", "registrations", "invitations"],
        ["section-missing", "action-finish"],
    ),
    "day": (
        "open",
        datetime(2018, 10, 25, 2),
        ["checkin", "registrations"],
        ["section-missing", "action-finish"],
    ),
    "finished": (
        "finished",
        datetime(2018, 10, 26, 3),
        ["notes", "documents"],
        ["agenda-form", "seats-left", "open-scanner", "action-finish"],
    ),
}


@pytest.fixture
def organizer(create_user):
    return create_user(Role.ORGANIZER, name="นางสาวพิมพ์ใจ ผู้จัด")


def held_forum(create_forum, organization, status):
    """The Phitsanulok forum with its agenda, an invitation and two people registered."""
    with time_machine.travel(datetime(2018, 10, 1, 3, tzinfo=UTC), tick=False):
        forum = create_forum(
            status="open", starts_at=datetime(2018, 10, 25, 3), ends_at=datetime(2018, 10, 25, 9)
        )
        agenda.add_agenda_item(forum, {"start_time": time(10), "end_time": time(12), "title": "เสวนาเครือข่าย"})
        invitations.invite_organizations(forum, [organization], seats=2)
        for _ in range(2):
            registration.register(forum, parse_registration(person(), questions_of(forum)))
        forum.status = ForumStatus(status)
        db.session.commit()
    return forum


@pytest.mark.parametrize("device", ["phone", "desktop"])
@pytest.mark.parametrize("stage", list(STAGES))
def test_the_forum_page_puts_first_what_its_stage_needs(
    request, live_server, create_forum, organization, organizer, screenshot, stage, device
):
    status, clock, first, absent = STAGES[stage]
    forum = held_forum(create_forum, organization, status)
    page = request.getfixturevalue(device)
    with time_machine.travel(clock.replace(tzinfo=UTC), tick=True):
        log_in(page, live_server, organizer.email, PASSWORD, next_path=f"/forums/{forum.id}")
        page.wait_for_selector("[data-testid=stage-first][data-stage]")
        shown = page.eval_on_selector_all(
            "[data-testid=stage-first] [data-testid^=section-]", "els => els.map(e => e.dataset.testid)"
        )
        assert [name.removeprefix("section-") for name in shown] == first
        for testid in absent:
            assert page.locator(f"[data-testid={testid}]").count() == 0, testid
        # The first section is at the top of the page, not thousands of pixels down a phone.
        top = page.eval_on_selector(f"[data-testid=section-{first[0]}]", "e => e.getBoundingClientRect().top")
        assert top < page.viewport_size["height"]
        assert_fits(page)
        assert_accessible(page)
        screenshot(page, f"forum-stage-{stage}-{device}")
