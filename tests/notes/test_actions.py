from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.auth.models import Role
from app.extensions import db
from app.notes import actions, service
from app.notes.models import ActionItem, ActionStatus
from app.notes.service import NoteDataError
from tests.clock import at_every_pinned_moment


@pytest.fixture
def staff(create_user):
    return create_user(Role.ORGANIZER, name="นายประสาน งานดี")


def test_an_action_item_names_what_who_when_and_the_note(forum, note, organization, staff):
    item = actions.create_action_item(
        forum,
        {
            "description": "  ส่งระเบียบกองทุน  ให้ทุกองค์กร ",
            "owner_organization": organization,
            "due_on": date(2018, 11, 30),
            "note": note,
        },
        staff,
    )
    db.session.commit()
    assert item.description == "ส่งระเบียบกองทุน ให้ทุกองค์กร"
    assert (item.owner_organization, item.owner_user, item.status) == (organization, None, ActionStatus.OPEN)
    assert item.owner_name == organization.name
    assert item.note == note and note.action_items == [item]
    assert item.created_by == staff


def test_an_action_item_has_one_owner_at_most(forum, organization, staff):
    with pytest.raises(NoteDataError) as error:
        actions.create_action_item(
            forum, {"description": "x", "owner_organization": organization, "owner_user": staff}
        )
    assert "owner" in error.value.errors
    item = actions.create_action_item(forum, {"description": "x", "owner_user": staff})
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(
            text("UPDATE action_items SET owner_organization_id = :o WHERE id = :i"),
            {"o": organization.id, "i": item.id},
        )
        db.session.flush()
    db.session.rollback()


def test_giving_an_item_to_someone_else_replaces_the_owner(forum, organization, staff):
    item = actions.create_action_item(forum, {"description": "x", "owner_organization": organization})
    actions.update_action_item(item, {"owner_organization": None, "owner_user": staff})
    assert (item.owner_organization, item.owner_user) == (None, staff)


def test_owner_keys_find_organizations_and_active_staff_only(organization, staff, create_user):
    assert actions.find_owner(f"org:{organization.id}") == (organization, None)
    assert actions.find_owner(f"user:{staff.id}") == (None, staff)
    assert actions.find_owner("") == (None, None)
    door = create_user(Role.CHECKIN)
    gone = create_user(Role.ORGANIZER, active=False)
    for key in (f"user:{door.id}", f"user:{gone.id}", "org:999999", "boss", "user:x"):
        with pytest.raises(NoteDataError):
            actions.find_owner(key)


def test_an_item_needs_a_description_and_a_note_of_its_forum(forum, create_forum, create_note):
    with pytest.raises(NoteDataError) as error:
        actions.create_action_item(forum, {"description": "   "})
    assert "description" in error.value.errors
    other_note = create_note(forum=create_forum())
    with pytest.raises(NoteDataError) as error:
        actions.create_action_item(forum, {"description": "x", "note": other_note})
    assert "note_id" in error.value.errors


def test_done_records_when_and_open_again_forgets_it(forum):
    item = actions.create_action_item(forum, {"description": "x"})
    actions.set_action_status(item, "done", now=datetime(2018, 11, 1, 3, 0))
    assert (item.status, item.done_at) == (ActionStatus.DONE, datetime(2018, 11, 1, 3, 0))
    actions.set_action_status(item, "open")
    assert (item.status, item.done_at) == (ActionStatus.OPEN, None)
    db.session.commit()


@at_every_pinned_moment
def test_overdue_means_open_after_the_due_day_in_bangkok(forum, clock):
    today = clock.today
    late = actions.create_action_item(forum, {"description": "late", "due_on": today - timedelta(days=1)})
    due_today = actions.create_action_item(forum, {"description": "today", "due_on": today})
    undated = actions.create_action_item(forum, {"description": "undated"})
    done_late = actions.create_action_item(
        forum, {"description": "done", "due_on": today - timedelta(days=5), "status": "done"}
    )
    db.session.commit()
    assert [i.is_overdue for i in (late, due_today, undated, done_late)] == [True, False, False, False]
    overdue, _total = actions.list_action_items(actions.ActionItemFilter(overdue=True))
    assert overdue == [late]


def test_the_list_across_forums_filters_by_owner_status_and_fiscal_year(
    create_forum, organization, create_organization, staff
):
    fy2562 = create_forum(starts_at=datetime(2018, 10, 25, 3), ends_at=datetime(2018, 10, 25, 9))
    fy2561 = create_forum(starts_at=datetime(2018, 9, 20, 3), ends_at=datetime(2018, 9, 20, 9))
    other = create_organization(name="เทศบาลเมืองพิษณุโลก")
    a = actions.create_action_item(fy2562, {"description": "a", "owner_organization": organization})
    b = actions.create_action_item(fy2561, {"description": "b", "owner_organization": organization})
    c = actions.create_action_item(fy2562, {"description": "c", "owner_user": staff, "status": "done"})
    d = actions.create_action_item(fy2562, {"description": "d", "owner_organization": other})
    e = actions.create_action_item(fy2562, {"description": "e"})
    db.session.commit()

    def listed(**criteria):
        items, total = actions.list_action_items(actions.ActionItemFilter(**criteria))
        assert total == len(items)
        return {i.description for i in items}

    assert listed() == {"a", "b", "c", "d", "e"}
    assert listed(owner=f"org:{organization.id}") == {"a", "b"}
    assert listed(owner=f"user:{staff.id}") == {"c"}
    assert listed(owner="none") == {"e"}
    assert listed(status="done") == {"c"}
    assert listed(status="open", fiscal_year=2562) == {"a", "d", "e"}
    assert listed(fiscal_year=2561) == {"b"}
    assert listed(fiscal_year=2561, owner=f"org:{other.id}") == set()
    assert actions.action_items_of_organization(organization) == [a, b]
    assert {i.id for i in actions.action_items_of_forum(fy2562)} == {a.id, c.id, d.id, e.id}
    organizations, users = actions.owners_in_use()
    assert set(organizations) == {organization, other} and users == [staff]


def test_open_and_urgent_first(forum, clock):
    today = clock.today
    later = actions.create_action_item(forum, {"description": "later", "due_on": today + timedelta(days=9)})
    done = actions.create_action_item(forum, {"description": "done", "status": "done"})
    undated = actions.create_action_item(forum, {"description": "undated"})
    soon = actions.create_action_item(forum, {"description": "soon", "due_on": today + timedelta(days=1)})
    db.session.commit()
    assert actions.action_items_of_forum(forum) == [soon, later, undated, done]


def test_deleting_a_note_keeps_its_action_items(forum, note):
    item = actions.create_action_item(forum, {"description": "x", "note": note})
    db.session.commit()
    service.delete_note(note)
    db.session.commit()
    assert db.session.get(ActionItem, item.id).note is None
