"""Numbers that come in from outside (addresses, query strings, JSON), kept within what the
database and the calendar can hold.

Without these a page 99999999999999999999 or a forum id of 25 digits reaches the database
driver and fails there with an overflow: a 500 where a 404 or the first page is the answer.
"""

from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from app.thai import BE_OFFSET

#: The largest id a row can have: PostgreSQL's integer (SQLite's is larger).
MAX_ID = 2**31 - 1
#: More pages than any list here has.
MAX_PAGE = 10**6


class RecordIdConverter(IntegerConverter):
    """`<int:…>` in a route, answering 404 for a number no row can have.

    The 404 is raised, not left to the route not matching: another route of the same path
    would then answer, e.g. a 405 for PATCH /forums/99999999999.
    """

    def to_python(self, value):
        number = super().to_python(value)
        if number > MAX_ID:
            raise NotFound()
        return number


def is_record_id(value):
    """Whether a JSON value can be a row's id."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def _within(low, high):
    def convert(text):
        value = int(text)
        if not low <= value <= high:
            raise ValueError(f"{value} is not between {low} and {high}")
        return value

    return convert


# For request.args.get(name, default, type=…): a number out of range counts as not given.
record_id = _within(1, MAX_ID)
page_number = _within(1, MAX_PAGE)
#: A Buddhist-era fiscal year whose days the calendar can hold (1 Oct 1 CE to 30 Sep 9999 CE).
FISCAL_YEARS = (2 + BE_OFFSET, 9999 + BE_OFFSET)
fiscal_year = _within(*FISCAL_YEARS)


def one_of(enum, value):
    """The member of a string enum a JSON value names, or None (for a list, a number, anything else)."""
    return enum(value) if isinstance(value, str) and value in {member.value for member in enum} else None
