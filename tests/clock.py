"""Time as an input of the tests: the pinned moments and the clock the `clock` fixture hands out.

The office's days turn at midnight in Bangkok, its fiscal year on 1 October and the Buddhist
year on 1 January, whatever the server's own zone. A test that builds "today", "now" or "this
fiscal year" takes them from `clock`, never from the wall clock, and a test whose outcome
could depend on the hour runs at every moment of PINNED_MOMENTS:

    @at_every_pinned_moment
    def test_attendance_counts_by_day(clock, today_forum): ...

`clock` (tests/conftest.py) pins the process's clock with time-machine: datetime.now(),
date.today() and time.time() in the test, in the app it calls and in the app's threads (the
background jobs, the e2e live server) read the pinned moment, which then runs on (tick=True)
like a real clock, so code that waits still sees time pass. The database's own now() is not
used by the app (every timestamp is written by Python), so it needs no pinning.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine

from app.thai import BANGKOK


def in_bangkok(day, hour=0, minute=0, second=0):
    """A Bangkok wall-clock time on a day, as naive UTC (the form every column stores)."""
    local = datetime.combine(day, time(hour, minute, second), tzinfo=BANGKOK)
    return local.astimezone(UTC).replace(tzinfo=None)


#: An ordinary Wednesday, nowhere near a turn of year.
ORDINARY_DAY = date(2026, 3, 11)

#: Bangkok moments, by the name a parametrized test shows in its id.
PINNED_MOMENTS = {
    "0030": in_bangkok(ORDINARY_DAY, 0, 30),
    "0800": in_bangkok(ORDINARY_DAY, 8, 0),
    "1830": in_bangkok(ORDINARY_DAY, 18, 30),
    "2350": in_bangkok(ORDINARY_DAY, 23, 50),
    "fiscal-year-turn": in_bangkok(date(2026, 9, 30), 23, 50),
    "buddhist-year-turn": in_bangkok(date(2026, 12, 31), 23, 50),
}

#: The moment of a test that takes `clock` without asking for a particular one.
DEFAULT_MOMENT = PINNED_MOMENTS["0800"]

#: Run the test once at every pinned moment (the `clock` fixture is parametrized indirectly).
at_every_pinned_moment = pytest.mark.parametrize(
    "clock", list(PINNED_MOMENTS.values()), ids=list(PINNED_MOMENTS), indirect=True
)


@dataclass
class Clock:
    """The moment a test runs at: `moment` (naive UTC) is where the clock started."""

    moment: datetime
    traveller: time_machine.Traveller | None = None

    @property
    def local(self):
        """The moment as an aware Bangkok datetime."""
        return self.moment.replace(tzinfo=UTC).astimezone(BANGKOK)

    @property
    def today(self):
        """The Bangkok calendar day of the moment."""
        return self.local.date()

    def at(self, hour, minute=0, days=0):
        """A Bangkok wall-clock time on the moment's day (or `days` later), as naive UTC."""
        return in_bangkok(self.today + timedelta(days=days), hour, minute)

    def shift(self, delta):
        """Move the pinned clock by a timedelta (the real clock cannot be moved)."""
        if self.traveller is None:
            raise RuntimeError("the real clock cannot be moved: pin it to shift it")
        self.traveller.shift(delta)


@contextmanager
def pinned(moment):
    """Pin the process's clock at `moment` (naive UTC) for a with-block, which gets the Clock."""
    with time_machine.travel(moment.replace(tzinfo=UTC), tick=True) as traveller:
        yield Clock(moment, traveller)


def real_clock():
    """The wall clock, for tests whose app runs in another process or browser (e2e, servers).

    Data built from it must not depend on the hour: e.g. a forum over the whole Bangkok day.
    """
    return Clock(datetime.now(UTC).replace(tzinfo=None, microsecond=0))
