"""The organizer's home page: what needs doing at a pinned moment (the rules take `now`)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from app.auth.models import Role
from app.directory.models import OrganizationStatus
from app.extensions import db
from app.forums import invitations
from app.home.service import what_needs_doing
from app.notes import actions
from app.notes.models import ActionStatus
from app.registration import service as registration
from app.registration.fields import parse_registration
from app.registration.questions import questions_of
from tests.registration.conftest import person

# Monday 22 October 2561, 10.00 in Bangkok.
NOW = datetime(2018, 10, 22, 3, 0)


@pytest.fixture
def office(create_forum, create_organization):
    """Forums around that Monday, action items and organizations of every kind the page tells apart."""

    def held_on(day, title, status=None, **overrides):
        """A forum from 10.00 to 16.00 in Bangkok on that day of 2561 (2018)."""
        start = datetime(2018, day.month, day.day, 3)
        return create_forum(
            status=status, title=title, starts_at=start, ends_at=start.replace(hour=9), **overrides
        )

    with time_machine.travel(NOW.replace(tzinfo=UTC), tick=False):
        this_thursday = held_on(date(2018, 10, 25), "เวทีวันพฤหัส", "open")
        next_month = held_on(date(2018, 11, 20), "เวทีเดือนหน้า", "open")
        full = held_on(date(2018, 11, 21), "เวทีที่นั่งเต็ม", "open", capacity=1)
        held_on(date(2018, 10, 24), "ร่างในสัปดาห์นี้")
        held = held_on(date(2018, 9, 1), "เวทีที่จัดไปแล้ว", "finished")
        next_monday = held_on(date(2018, 10, 29), "เวทีวันจันทร์หน้า", "closed")
        for forum in (this_thursday, this_thursday, full):
            registration.register(forum, parse_registration(person(), questions_of(forum)))
        fresh = create_organization(name="ยืนยันเมื่อต้นปี", last_confirmed_on=date(2018, 1, 5))
        create_organization(name="ยืนยันเมื่อสองปีก่อน", last_confirmed_on=date(2016, 10, 1))
        create_organization(name="ไม่เคยยืนยัน")
        create_organization(name="ถูกเพิกถอน", status=OrganizationStatus.REVOKED)
        invitations.invite_organizations(next_month, [fresh], seats=2)
        late = actions.create_action_item(held, {"description": "ส่งรายงานสรุป", "due_on": date(2018, 10, 1)})
        actions.create_action_item(held, {"description": "ยังไม่ถึงกำหนด", "due_on": date(2018, 11, 1)})
        done = actions.create_action_item(held, {"description": "ทำแล้ว", "due_on": date(2018, 9, 15)})
        actions.set_action_status(done, ActionStatus.DONE, now=NOW)
        db.session.commit()
    return {"thursday": this_thursday, "next_month": next_month, "late": late, "next_monday": next_monday}


def test_the_week_s_forums_seats_invitations_actions_and_directory(office):
    todo = what_needs_doing(NOW)

    assert [line.forum.title for line in todo.this_week] == ["เวทีวันพฤหัส"]
    assert todo.this_week[0].counts["confirmed"] == 2
    assert [(line.forum.title, line.seats_left) for line in todo.open_with_seats] == [
        ("เวทีวันพฤหัส", 108),
        ("เวทีเดือนหน้า", 110),
    ]
    assert [(forum.title, n) for forum, n in todo.unsent_invitations] == [("เวทีเดือนหน้า", 1)]
    assert [item.description for item in todo.overdue_actions] == ["ส่งรายงานสรุป"] and todo.overdue_total == 1
    assert todo.stale_organizations == 2
    assert [line.forum.title for line in todo.to_print] == ["เวทีวันพฤหัส"]


def test_the_week_runs_to_the_sixth_day_after_today(office):
    sunday_morning = datetime(2018, 10, 28, 1, 0)  # 08.00 on Sunday 28th in Bangkok
    titles = [line.forum.title for line in what_needs_doing(sunday_morning).this_week]
    assert titles == ["เวทีวันจันทร์หน้า"]
    assert what_needs_doing(NOW - timedelta(days=1)).this_week[0].forum.title == "เวทีวันพฤหัส"


def test_on_the_day_the_forum_is_under_way_and_nothing_is_left_to_print(office):
    todo = what_needs_doing(datetime(2018, 10, 25, 2, 0))
    assert todo.this_week[0].stage.value == "under_way" and todo.to_print == []


def test_the_home_page_shows_the_lists_with_their_links(client, login_as, office):
    with time_machine.travel(NOW.replace(tzinfo=UTC), tick=False):
        login_as(Role.ORGANIZER)
        page = client.get("/").get_data(as_text=True)
    for testid in (
        "todo-this-week",
        "todo-open-seats",
        "todo-unsent",
        "todo-overdue",
        "todo-stale",
        "todo-print",
    ):
        assert f'data-testid="{testid}"' in page
    thursday = office["thursday"]
    assert f"/forums/{thursday.id}/documents/badges" in page
    assert f'href="/forums/{office["next_month"].id}/invitations"' in page
    assert "/action-items/?overdue=1" in page and "/directory/?stale=1" in page


def test_door_staff_still_land_on_the_door(client, login_as):
    login_as(Role.CHECKIN)
    assert client.get("/").status_code == 302
