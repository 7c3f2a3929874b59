"""The scanner's browser tests: a door staff member and a forum happening today."""

from datetime import timedelta

import pytest

from app.auth.models import Role
from app.timeutil import utcnow


@pytest.fixture
def door_staff(create_user):
    return create_user(Role.CHECKIN, name="สมศรี ประตูหน้า")


@pytest.fixture
def forum(create_forum):
    """An open forum that starts within the hour: scans are made on its day."""
    start = utcnow().replace(second=0, microsecond=0) + timedelta(hours=1)
    return create_forum(status="open", starts_at=start, ends_at=start + timedelta(hours=6))
