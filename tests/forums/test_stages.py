"""A forum's stage (one rule on the model) and what its page offers first at each stage."""

import re
from datetime import UTC, datetime

import pytest
import time_machine

from app.auth.models import Role
from app.extensions import db
from app.forums import agenda, service
from app.forums.models import ForumStage
from app.forums.stages import missing_before_opening

# The Phitsanulok forum: 25 October 2561, 10.00–16.00 in Bangkok (03.00–09.00 UTC).
START, END = datetime(2018, 10, 25, 3, 0), datetime(2018, 10, 25, 9, 0)
WEEK_BEFORE = datetime(2018, 10, 18, 3, 0)
EARLY_ON_THE_DAY = datetime(2018, 10, 24, 18, 0)  # 01.00 on the 25th in Bangkok
DURING = datetime(2018, 10, 25, 5, 0)
AFTER = datetime(2018, 10, 26, 3, 0)


@pytest.mark.parametrize(
    "status, moment, stage",
    [
        ("draft", WEEK_BEFORE, ForumStage.DRAFT),
        ("draft", AFTER, ForumStage.DRAFT),
        ("open", WEEK_BEFORE, ForumStage.BEFORE),
        ("closed", WEEK_BEFORE, ForumStage.BEFORE),
        ("open", EARLY_ON_THE_DAY, ForumStage.UNDER_WAY),
        ("closed", DURING, ForumStage.UNDER_WAY),
        ("open", END, ForumStage.FINISHED),
        ("open", AFTER, ForumStage.FINISHED),
        ("finished", DURING, ForumStage.FINISHED),
        ("cancelled", WEEK_BEFORE, ForumStage.CANCELLED),
    ],
)
def test_the_stage_follows_the_status_and_the_clock(create_forum, status, moment, stage):
    forum = create_forum(status=status, starts_at=START, ends_at=END)
    assert forum.stage_at(moment) == stage


def test_a_forum_can_be_marked_finished_only_once_it_has_started(create_forum):
    forum = create_forum(status="open", starts_at=START, ends_at=END)
    assert not forum.can_be_finished_at(EARLY_ON_THE_DAY)
    assert forum.can_be_finished_at(START)
    with pytest.raises(service.ForumError):
        service.finish_forum(forum, now=EARLY_ON_THE_DAY)
    service.finish_forum(forum, now=DURING)
    assert not forum.can_be_finished_at(AFTER)


def test_a_draft_lists_what_is_missing_until_it_is_ready(create_forum):
    forum = create_forum(starts_at=START, ends_at=END)
    keys = [m.key for m in missing_before_opening(forum, WEEK_BEFORE)]
    assert keys == ["description", "agenda", "invitations"]
    assert missing_before_opening(forum, AFTER)[0].key == "date"

    forum.description = "ทบทวนการทำงานของเครือข่าย"
    agenda.add_agenda_item(forum, {"day": 1, "start_time": START.time(), "title": "ลงทะเบียน"})
    db.session.commit()
    assert missing_before_opening(forum, WEEK_BEFORE, invited=3) == []


def page_at(client, login_as, forum, moment):
    """The forum's page as an organizer sees it at that moment (logged in then)."""
    with time_machine.travel(moment.replace(tzinfo=UTC), tick=False):
        login_as(Role.ORGANIZER)
        return client.get(f"/forums/{forum.id}").get_data(as_text=True)


def first_sections(page):
    """The names of the sections the page puts first, in order."""
    first = page.split('data-testid="stage-first"', 1)[1].split('<div class="row g-3">', 1)[0]
    return re.findall(r'data-testid="section-([a-z]+)"', first)


@pytest.mark.parametrize(
    "status, moment, first, absent",
    [
        ("draft", WEEK_BEFORE, ["missing"], ["checkin", "share", "action-finish", "open-scanner"]),
        ("open", WEEK_BEFORE, ["share", "registrations", "invitations"], ["missing", "action-finish"]),
        ("open", DURING, ["checkin", "registrations"], ["missing"]),
        (
            "finished",
            AFTER,
            ["notes", "documents"],
            ["checkin", "agenda-form", "seats-left", "action-finish"],
        ),
    ],
)
def test_the_forum_page_puts_the_stage_s_actions_first(
    client, login_as, create_forum, status, moment, first, absent
):
    forum = create_forum(status=status, starts_at=START, ends_at=END)
    page = page_at(client, login_as, forum, moment)
    assert first_sections(page) == first
    for name in absent:
        assert f'data-testid="section-{name}"' not in page and f'data-testid="{name}"' not in page
    if status == "finished":
        assert "เหลือ" not in page.split('data-testid="section-details"')[1].split("</section>")[0]


def test_mark_as_finished_is_offered_once_the_forum_has_started(client, login_as, create_forum):
    forum = create_forum(status="open", starts_at=START, ends_at=END)
    assert 'data-testid="action-finish"' not in page_at(client, login_as, forum, EARLY_ON_THE_DAY)
    assert 'data-testid="action-finish"' in page_at(client, login_as, forum, DURING)
