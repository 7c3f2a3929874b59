"""Fixtures of the check-in tests: a forum happening today, its registrations and door staff.

"Today" is the day of the `clock` fixture's moment (tests/clock.py): pinned in these tests, the
wall clock where a module gives `clock = real_clock` (its app runs in another process).
"""
# ruff: noqa: F811  (the registration fixture imported here is a parameter)

import pytest

from app.auth.models import Role
from app.extensions import db
from tests.registration.conftest import person, register, smtp  # noqa: F401  (fixtures used here)


@pytest.fixture
def today_forum(create_forum, clock):
    """An open one-day forum over the whole Bangkok day of the clock's moment: under way at any
    hour of that day, and one day long whatever the hour (a forum that began an hour before the
    moment would begin the day before at 00:30, and end the day after at 23:50)."""
    return _taking_registrations(
        create_forum(status="open", starts_at=clock.at(0, 0), ends_at=clock.at(23, 59), capacity=110)
    )


@pytest.fixture
def training(create_forum, clock):
    """An open three-day training whose second day is the Bangkok day of the clock's moment."""
    return _taking_registrations(
        create_forum(
            status="open",
            kind="training",
            starts_at=clock.at(8, 30, days=-1),
            ends_at=clock.at(16, 30, days=1),
        )
    )


def _taking_registrations(forum):
    """Registration stays open until the end, so the tests can register people on the day."""
    forum.registration_closes_at = forum.ends_at
    db.session.commit()
    return forum


@pytest.fixture
def staff(create_user):
    return create_user(Role.CHECKIN, name="สมศรี ประตูหน้า")


@pytest.fixture
def other_staff(create_user):
    return create_user(Role.CHECKIN, name="วิชัย ประตูหลัง")


@pytest.fixture
def attendee(register, today_forum):
    return register(today_forum)


def commit():
    db.session.commit()
    db.session.expire_all()


__all__ = ["person"]
