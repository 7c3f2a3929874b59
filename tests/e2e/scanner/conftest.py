"""The scanner's browser tests: a door staff member and a forum happening today."""

import pytest

from app.auth.models import Role


@pytest.fixture
def door_staff(create_user):
    return create_user(Role.CHECKIN, name="สมศรี ประตูหน้า")


@pytest.fixture
def forum(create_forum, clock):
    """An open forum over the whole Bangkok day of the (real) clock's moment: scans are made on
    its day at any hour (one that started within the hour would start tomorrow after 23:00).
    Registration stays open until the end, so the tests can register people on the day."""
    end = clock.at(23, 59)
    return create_forum(status="open", starts_at=clock.at(0, 0), ends_at=end, registration_closes_at=end)
