"""Short codes: drawn for every registration, unique within the forum, typed at the door in any case."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from app.extensions import db
from app.registration import short_codes
from app.registration.models import Registration


def test_every_registration_gets_a_short_code_of_six_unmistakable_characters(register, forum):
    people = [register(forum) for _ in range(30)]
    codes = [p.short_code for p in people]
    assert len(set(codes)) == 30
    for code in codes:
        assert len(code) == 6
        assert not set(code) & set("0O1IL"), code
        assert set(code) <= set(short_codes.ALPHABET)


def test_a_code_taken_in_the_forum_is_drawn_again(register, forum, create_forum, monkeypatch):
    first = register(forum)
    other_forum = create_forum(status="open", starts_at=forum.starts_at, ends_at=forum.ends_at)
    draws = iter([first.short_code, first.short_code, "K7M4PX"])
    monkeypatch.setattr(short_codes, "new_short_code", lambda: next(draws))
    # Another forum may hold the same code: unique within the forum, not across forums.
    elsewhere = register(other_forum)
    assert elsewhere.short_code == first.short_code
    again = register(forum)
    assert again.short_code == "K7M4PX"


def test_a_short_code_is_read_however_it_is_typed():
    assert short_codes.normalized_short_code("k7m-4px") == "K7M4PX"
    assert short_codes.normalized_short_code(" K7M 4PX ") == "K7M4PX"
    for not_one in ("K7M4P", "K7M4PXX", "K0M4PX", "KIM4PX", "", None, 123456, "ก" * 6, "-" * 500):
        assert short_codes.normalized_short_code(not_one) is None


def test_the_migration_gives_existing_registrations_their_codes(register, forum):
    for _ in range(5):
        register(forum)
    db.session.remove()
    downgrade(revision="0013")
    upgrade()
    codes = db.session.scalars(select(Registration.short_code)).all()
    assert len(codes) == 5 and len(set(codes)) == 5
    assert all(short_codes.normalized_short_code(c) == c for c in codes)
