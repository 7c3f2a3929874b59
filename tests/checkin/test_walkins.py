"""Walk-ins at the service level: they take a seat; a full forum takes one only by an organizer's override."""

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.checkin import walkins
from app.checkin.models import Action, CheckIn, Method, Scan, ScanResult
from app.extensions import db
from app.registration import service as registration_service
from app.registration.fields import parse_registration
from tests.checkin.conftest import commit
from tests.registration.conftest import person


def walk_in_data(**overrides):
    return parse_registration(person(organization_name="ชมรมผู้สูงอายุบ้านใหม่", **overrides), ())


def test_a_walk_in_is_registered_and_checked_in_at_once(today_forum, staff):
    answer = walkins.admit_walk_in(today_forum, walk_in_data(first_name="มาลี"), staff)
    commit()
    assert answer.result == ScanResult.OK and answer.registration.is_confirmed
    checkin = db.session.scalar(select(CheckIn))
    assert checkin.method == Method.WALK_IN and checkin.checked_in_by_id == staff.id
    scan = db.session.scalar(select(Scan))
    assert (scan.action, scan.method, scan.note) == (Action.WALK_IN, Method.WALK_IN, "")


def test_a_full_forum_refuses_a_walk_in_without_an_override(today_forum, register, staff, create_user):
    today_forum.capacity = 1
    db.session.commit()
    register(today_forum)
    with pytest.raises(walkins.ForumFull):
        walkins.admit_walk_in(today_forum, walk_in_data(), staff)
    db.session.rollback()
    # Door staff cannot override even with a reason: only an organizer may.
    with pytest.raises(walkins.ForumFull):
        walkins.admit_walk_in(today_forum, walk_in_data(), staff, override_reason="ประธานเชิญมา")
    db.session.rollback()
    assert db.session.scalar(select(CheckIn)) is None
    organizer = create_user(Role.ORGANIZER, name="ผู้จัด")
    answer = walkins.admit_walk_in(today_forum, walk_in_data(), organizer, override_reason="ประธานเชิญมา")
    commit()
    assert answer.result == ScanResult.OK and answer.registration.is_confirmed
    forum = db.session.get(type(today_forum), today_forum.id)
    assert forum.capacity == 2
    scan = db.session.scalar(select(Scan))
    assert "ประธานเชิญมา" in scan.note and scan.user_id == organizer.id


def test_a_walk_in_already_registered_is_named(today_forum, register, staff):
    existing = register(today_forum, phone="0811111111")
    with pytest.raises(registration_service.AlreadyRegistered) as raised:
        walkins.admit_walk_in(today_forum, walk_in_data(phone="081-111-1111"), staff)
    assert raised.value.registration.id == existing.id
