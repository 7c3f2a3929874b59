"""The clock the tests run at (tests/clock.py): what it pins, and what it need not."""

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy.sql import ClauseElement

from app.extensions import db
from app.thai import BANGKOK, fiscal_year_of
from app.timeutil import local_today, utcnow
from tests.clock import PINNED_MOMENTS, at_every_pinned_moment


def test_the_pinned_moments_are_the_bangkok_times_they_are_named_after():
    local = {
        name: moment.replace(tzinfo=UTC).astimezone(BANGKOK).replace(tzinfo=None)
        for name, moment in PINNED_MOMENTS.items()
    }
    assert local == {
        "0030": datetime(2026, 3, 11, 0, 30),
        "0800": datetime(2026, 3, 11, 8, 0),
        "1830": datetime(2026, 3, 11, 18, 30),
        "2350": datetime(2026, 3, 11, 23, 50),
        "fiscal-year-turn": datetime(2026, 9, 30, 23, 50),
        "buddhist-year-turn": datetime(2026, 12, 31, 23, 50),
    }


def test_the_turns_are_ten_minutes_ahead_in_bangkok_and_hours_away_in_utc():
    fiscal, buddhist = PINNED_MOMENTS["fiscal-year-turn"], PINNED_MOMENTS["buddhist-year-turn"]
    later = timedelta(minutes=10)
    assert (fiscal_year_of(fiscal), fiscal_year_of(fiscal + later)) == (2569, 2570)
    assert (fiscal + later).date() == fiscal.date()  # in UTC it is still 30 September, 17:00
    new_year = (buddhist + later).replace(tzinfo=UTC).astimezone(BANGKOK)
    assert (new_year.year, (buddhist + later).year) == (2027, 2026)  # 2570 BE in Bangkok, 2026 in UTC


@at_every_pinned_moment
def test_the_app_and_its_threads_read_the_pinned_moment(clock):
    read_in_a_thread = []
    thread = threading.Thread(target=lambda: read_in_a_thread.append(utcnow()))
    thread.start()
    thread.join()
    for moment in (utcnow(), read_in_a_thread[0]):
        assert clock.moment <= moment < clock.moment + timedelta(minutes=1)  # it runs on from there
    assert local_today() == clock.today == clock.local.date()


def test_no_column_takes_its_time_from_the_database_clock():
    """The database's now() is not pinned with the process's clock, so no default may read it."""
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if column.server_default is not None:
                sql = str(getattr(column.server_default, "arg", column.server_default)).lower()
                assert "now" not in sql and "current_" not in sql, f"{table.name}.{column.name}"
            if column.default is not None:
                assert not isinstance(column.default.arg, ClauseElement), f"{table.name}.{column.name}"
