"""The note's and action item's tables (app/notes/record.py): JSON parsing and the schemas derived."""

import re

import jsonschema
import pytest
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis.strategies import text

from app.notes import actions
from app.notes.record import ACTION_ITEM, NOTE
from app.notes.service import clean_body
from app.records import CREATE, PATCH, READ, RecordDataError, component_schemas, record_schema
from app.thai import clean_text


@pytest.fixture(autouse=True)
def english(app):
    with app.test_request_context(), force_locale("en"):
        yield


def _errors(record, body, partial=False):
    with pytest.raises(RecordDataError) as error:
        record.parse(body, partial=partial, strict=True)
    return error.value.errors


@pytest.mark.parametrize(
    "body, errors",
    [
        ({"body": "x"}, {"category": "Choose a heading for the note."}),
        ({"category": None, "body": "x"}, {"category": "Choose a heading for the note."}),
        (
            {"category": "gossip", "body": "x"},
            {"category": "One of: " + ", ".join(NOTE["category"].type.values)},
        ),
        ({"category": "other", "body": ""}, {"body": "Write the note or attach a photo."}),
        ({"category": "other", "body": None}, {"body": "Write the note or attach a photo."}),
        ({"category": "other", "body": 5}, {"body": "Expected text."}),
        (
            {"category": "other", "body": "x" * 20001},
            {"body": "The note is too long (at most 20000 characters)."},
        ),
        (
            {"category": "other", "body": "x", "organization_id": "1"},
            {"organization_id": "Unknown organization: '1'."},
        ),
        (
            {"category": "other", "body": "x", "agenda_item_id": True},
            {"agenda_item_id": "Unknown agenda item: True."},
        ),
    ],
)
def test_a_new_notes_errors_name_the_field(body, errors):
    assert _errors(NOTE, body) == errors


def test_a_patch_needs_the_version_and_may_empty_the_body():
    assert _errors(NOTE, {"body": "x"}, partial=True) == {
        "version": "Send the version of the note you started from."
    }
    for version in (None, "1", True, 2**31):
        assert set(_errors(NOTE, {"version": version}, partial=True)) == {"version"}
    assert NOTE.parse({"version": 3, "body": ""}, partial=True, strict=True) == {"version": 3, "body": ""}
    assert _errors(NOTE, {"version": 3, "body": None}, partial=True) == {"body": "Expected text."}
    assert "version" not in NOTE.parse({"category": "other", "body": "x", "version": 9}, strict=True)


@pytest.mark.parametrize(
    "body, errors",
    [
        ({}, {"description": "Say what is to be done."}),
        ({"description": "  "}, {"description": "Say what is to be done."}),
        ({"description": 0}, {"description": "Expected text."}),
        ({"description": "x" * 2001}, {"description": "At most 2000 characters."}),
        ({"description": "x", "due_on": "25/10/2561"}, {"due_on": "A date as YYYY-MM-DD."}),
        ({"description": "x", "due_on": "20181025"}, {"due_on": "A date as YYYY-MM-DD."}),
        ({"description": "x", "status": "later"}, {"status": "One of: open, done"}),
        ({"description": "x", "status": None}, {"status": "One of: open, done"}),
        (
            {"description": "x", "owner_user": 5},
            {"owner_user": 'Expected {"id": …} of a staff member, or null.'},
        ),
        ({"description": "x", "owner_user": {"id": True}}, {"owner_user": "Unknown owner user: True."}),
        (
            {"description": "x", "owner_organization_id": 0},
            {"owner_organization_id": "Unknown owner organization: 0."},
        ),
        ({"description": "x", "note_id": 2**31}, {"note_id": f"Unknown note: {2**31}."}),
    ],
)
def test_an_action_items_errors_name_the_field(body, errors):
    assert _errors(ACTION_ITEM, body) == errors


def test_an_action_item_reads_its_owner_from_either_key():
    assert ACTION_ITEM.parse({"owner_user": {"id": 4, "name": "x"}}, partial=True, strict=True) == {
        "owner_user": 4
    }
    assert ACTION_ITEM.parse({"owner_user_id": None}, partial=True, strict=True) == {"owner_user_id": None}


def test_the_schemas_have_the_tables_bounds():
    schemas = component_schemas(NOTE, ACTION_ITEM)
    assert schemas["NoteCreate"]["required"] == ["category", "body"]
    body = schemas["NoteCreate"]["properties"]["body"]
    assert (body["minLength"], body["maxLength"]) == (1, 20000)
    assert "version" not in schemas["NoteCreate"]["properties"]
    assert schemas["NotePatch"]["required"] == ["version"]
    assert "minLength" not in schemas["NotePatch"]["properties"]["body"]
    assert schemas["NotePatch"]["properties"]["category"]["enum"] == NOTE["category"].type.values
    assert schemas["ActionItemCreate"]["required"] == ["description"]
    assert schemas["ActionItemPatch"]["properties"]["description"]["minLength"] == 1
    assert "required" not in schemas["ActionItemPatch"]
    assert schemas["ActionItemCreate"]["properties"]["status"]["enum"] == ["open", "done"]
    assert "owner_user_id" not in schemas["ActionItem"]["properties"]
    assert schemas["ActionItem"]["properties"]["owner_user"]["type"] == ["object", "null"]


def test_the_json_matches_the_read_schemas(forum, create_note):
    note = create_note()
    item = actions.create_action_item(
        forum, {"description": "ส่งรายงาน", "owner_user": note.author, "note": note}
    )
    jsonschema.validate(NOTE.to_json(note), record_schema(NOTE, READ))
    jsonschema.validate(ACTION_ITEM.to_json(item), record_schema(ACTION_ITEM, READ))
    assert ACTION_ITEM.to_json(item)["owner_user"] == {"id": note.author.id, "name": note.author.display_name}
    jsonschema.validate({"category": "other", "body": "x"}, record_schema(NOTE, CREATE))
    jsonschema.validate({"version": 1}, record_schema(NOTE, PATCH))


def test_a_whole_number_written_with_a_fraction_is_an_integer_as_in_json_schema():
    assert NOTE.parse({"version": 2.0, "organization_id": 7.0}, partial=True, strict=True) == {
        "version": 2,
        "organization_id": 7,
    }
    assert set(_errors(NOTE, {"version": 2.5}, partial=True)) == {"version"}


@given(text())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_required_texts_pattern_is_what_cleaning_keeps(typed):
    name = record_schema(ACTION_ITEM, CREATE)["properties"]["description"]["pattern"]
    body = record_schema(NOTE, CREATE)["properties"]["body"]["pattern"]
    assert bool(re.search(name, typed)) == bool(clean_text(typed))
    assert bool(re.search(body, typed)) == bool(clean_body(typed))


def test_the_required_texts_pattern_refuses_only_blanks():
    pattern = record_schema(ACTION_ITEM, CREATE)["properties"]["description"]["pattern"]
    assert not re.search(pattern, " \u200b\u00a0\t\x00") and re.search(pattern, " ก ")
    assert "pattern" not in record_schema(NOTE, PATCH)["properties"]["body"]
