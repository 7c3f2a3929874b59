"""Short codes: the few characters a person reads off a ticket and types at the door.

Six characters from an alphabet without look-alikes (no 0 or O, 1, I or L, and no U beside V), unique within a
forum: about 729 million codes, so a forum of thousands almost never draws one twice, and
when it does the draw is simply made again. The ticket code (192 bits) stays the secret that
opens the ticket page; a short code only names a person at their forum's door.
"""

import secrets

from sqlalchemy import select

#: Digits and capitals a person cannot mistake for one another when reading or typing (30).
#: The scanner reads typed codes offline with a copy: static/js/scanner-rules.mjs (change both).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 6
#: Draws before giving up; with 729 million codes even a forum of 10,000 collides once in 70,000 draws.
ATTEMPTS = 20


def new_short_code():
    """A random short code (not yet checked against the forum's)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalized_short_code(text):
    """The short code a person typed (any case, with spaces or dashes), or None when it cannot be one."""
    if not isinstance(text, str) or len(text) > 3 * LENGTH:
        return None
    code = text.upper().replace(" ", "").replace("-", "")
    return code if len(code) == LENGTH and all(c in ALPHABET for c in code) else None


def unused_short_code(connection, table, forum_id):
    """A short code no row of the registrations `table` holds for the forum, drawn again on a collision.

    Callers hold the forum's lock (registering locks the forum row), so no other process
    draws for the same forum meanwhile; the unique constraint guards it all the same.
    """
    for _ in range(ATTEMPTS):
        code = new_short_code()
        taken = connection.execute(
            select(table.c.id).where(table.c.forum_id == forum_id, table.c.short_code == code).limit(1)
        ).first()
        if taken is None:
            return code
    raise RuntimeError(f"no free short code for forum {forum_id} after {ATTEMPTS} draws")
