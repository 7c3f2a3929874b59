"""Fixtures of the check-in tests: a forum happening today, its registrations and door staff."""
# ruff: noqa: F811  (the registration fixture imported here is a parameter)

from datetime import timedelta

import pytest

from app.auth.models import Role
from app.extensions import db
from app.timeutil import utcnow
from tests.registration.conftest import person, register, smtp  # noqa: F401  (fixtures used here)


@pytest.fixture
def today_forum(create_forum):
    """An open one-day forum that began an hour ago and ends in five hours."""
    start = utcnow().replace(microsecond=0) - timedelta(hours=1)
    return _taking_registrations(
        create_forum(status="open", starts_at=start, ends_at=start + timedelta(hours=6), capacity=110)
    )


@pytest.fixture
def training(create_forum):
    """An open three-day training whose second day is today (Bangkok)."""
    start = utcnow().replace(microsecond=0) - timedelta(days=1)
    return _taking_registrations(
        create_forum(
            status="open", kind="training", starts_at=start, ends_at=start + timedelta(days=2, hours=1)
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
