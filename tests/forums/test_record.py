"""The forum's table (app/forums/record.py) against its JSON, its schemas and the forms."""

import re
from datetime import datetime

import jsonschema
import pytest
from wtforms.validators import Length

from app.forums import service
from app.forums.forms import CancelForm, ForumForm
from app.forums.record import FORUM, INVITATION, MAP_LINK, MAX_SEATS
from app.records import CREATE, PATCH, READ, record_schema
from app.records.types import MAX_INT

#: The forum's JSON as ../shared/API.md and the clients know it.
API_KEYS = [
    "id",
    "title",
    "description",
    "objectives",
    "kind",
    "starts_at",
    "ends_at",
    "venue",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "seats_per_organization",
    "target_kinds",
    "certificate_rule",
    "organizer_ids",
    "status",
    "is_open_for_registration",
    "postponed_from",
    "public_url",
    "registration_url",
    "calendar_url",
    "counts",
]


def test_the_json_of_a_forum_has_the_apis_keys_and_matches_its_read_schema(app, forum, create_user):
    service.update_forum(forum, {"organizers": [create_user()], "target_kinds": ["public_benefit"]})
    with app.test_request_context():
        body = FORUM.to_json(forum)
        given = FORUM.to_json(forum, counts={"invited": 3})
    assert list(body) == API_KEYS
    jsonschema.validate(body, record_schema(FORUM, READ))
    assert body["starts_at"] == "2099-10-25T10:00:00+07:00" and body["registration_opens_at"] is None
    assert body["venue"] == {"name": forum.venue_name, "address": forum.venue_address, "map_url": ""}
    assert body["organizer_ids"] == [u.id for u in forum.organizers] and body["target_kinds"] == [
        "public_benefit"
    ]
    assert (body["kind"], body["status"], body["certificate_rule"]) == ("forum", "open", "any_day")
    assert body["counts"] == dict.fromkeys(
        ("invited", "confirmed", "waitlisted", "cancelled", "checked_in"), 0
    )
    assert body["public_url"].endswith(f"/f/{forum.public_code}") and body["is_open_for_registration"]
    assert given["counts"] == {"invited": 3}


def test_the_schemas_declare_the_bounds_the_server_keeps():
    create, patch = record_schema(FORUM, CREATE), record_schema(FORUM, PATCH)
    properties = create["properties"]
    assert create["required"] == ["title", "starts_at", "ends_at", "venue", "capacity"]
    assert "required" not in patch
    title = properties["title"]
    assert (title["type"], title["minLength"], title["maxLength"]) == ("string", 1, 300)
    # Not only spaces: what the cleaning keeps (app/records/schema.py).
    assert title["pattern"].startswith("[^")
    assert properties["description"]["maxLength"] == 10000
    for seats in ("capacity", "seats_per_organization"):
        assert (properties[seats]["minimum"], properties[seats]["maximum"]) == (1, MAX_SEATS)
    assert properties["kind"]["enum"] == ["forum", "training", "meeting", "seminar"]
    assert properties["certificate_rule"]["enum"] == ["any_day", "every_day"]
    assert (
        properties["target_kinds"]["uniqueItems"]
        and "community_welfare" in properties["target_kinds"]["items"]["enum"]
    )
    assert properties["organizer_ids"] == {
        **properties["organizer_ids"],
        "uniqueItems": True,
        "items": {"type": "integer", "minimum": 1, "maximum": MAX_INT},
    }
    for time in ("starts_at", "ends_at"):
        assert (properties[time]["type"], properties[time]["format"]) == ("string", "date-time")
    assert properties["registration_closes_at"]["type"] == ["string", "null"]
    venue_object, venue_name = properties["venue"]["oneOf"]
    assert venue_object["required"] == ["name"] and "required" not in patch["properties"]["venue"]["oneOf"][0]
    assert (
        venue_name
        == venue_object["properties"]["name"]
        == {"type": "string", "minLength": 1, "maxLength": 300}
    )
    # Patch-only: the lifecycle moves by PATCH, and the reason goes with a cancellation.
    assert {"status", "cancel_reason"} & set(properties) == set()
    assert patch["properties"]["status"]["enum"] == ["draft", "open", "closed", "finished", "cancelled"]
    assert patch["properties"]["cancel_reason"]["maxLength"] == 2000
    assert not {"id", "counts", "public_url", "postponed_from"} & set(patch["properties"])
    assert "cancel_reason" not in record_schema(FORUM, READ)["properties"]


@pytest.mark.parametrize(
    ("link", "taken"),
    [
        ("", True),
        ("https://maps.app.goo.gl/x", True),
        ("http://แผนที่.ไทย/พิษณุโลก?q=1#a", True),
        ("HTTPS://x", False),
        ("ftp://x", False),
        (" https://x", False),
        ("https://", False),
        ("https:///x", False),
        ("http://[", False),
        ("https://x y", False),
    ],
)
def test_the_map_links_pattern_reads_alike_in_python_and_in_the_schema(link, taken):
    pattern = record_schema(FORUM, CREATE)["properties"]["venue"]["oneOf"][0]["properties"]["map_url"][
        "pattern"
    ]
    assert bool(re.fullmatch(f"({MAP_LINK})?", link)) is taken
    assert (jsonschema.Draft202012Validator({"type": "string", "pattern": pattern}).is_valid(link)) is taken


@pytest.mark.parametrize("form_class", [ForumForm, CancelForm])
def test_the_forms_take_their_limits_and_labels_from_the_table(app, form_class):
    venue = FORUM["venue"].type
    table = {f.key: f for f in FORUM if f.writable}
    table["reason"] = FORUM["cancel_reason"]
    with app.test_request_context():
        fields = dict(form_class(meta={"csrf": False})._fields)
    limits = {name: [v.max for v in f.validators if isinstance(v, Length)] for name, f in fields.items()}
    expected = {
        **{name: FORUM[name].type.max_length for name in ("title", "description", "objectives")},
        "venue_name": venue.part("name").max_length,
        "venue_address": venue.part("address").max_length,
        "map_url": venue.part("map_url").max_length,
        "reason": FORUM["cancel_reason"].type.max_length,
    }
    for name, limit in expected.items():
        if name in fields:
            assert limits[name] == [limit], name
            if name in table:
                assert str(fields[name].label.text) == str(table[name].label), name


def test_the_json_of_an_invitation_has_the_apis_keys_and_matches_its_read_schema(app, invited):
    invitation = invited[0]
    invitation.sent_at = datetime(2099, 10, 1, 3, 0)
    with app.test_request_context():
        body = INVITATION.to_json(invitation)
    jsonschema.validate(body, record_schema(INVITATION, READ))
    assert list(body) == [
        "id",
        "forum_id",
        "organization_id",
        "organization_name",
        "seats",
        "status",
        "url",
        "sent_at",
        "sent_via",
        "opened_at",
        "declined_at",
        "decline_reason",
        "reminders",
    ]
    assert body["organization_name"] == invitation.organization.name and body["sent_via"] is None
    assert (body["sent_at"], body["seats"], body["status"]) == ("2099-10-01T10:00:00+07:00", 2, "not_sent")
