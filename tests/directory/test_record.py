"""The organization's table (app/directory/record.py) against what is derived from it and the forms."""

import jsonschema
import pytest
from wtforms.validators import Length

from app.directory import history, merging, service
from app.directory.columns import COLUMNS, guess_mapping
from app.directory.exporting import to_csv
from app.directory.forms import OrganizationForm, SelfUpdateForm
from app.directory.record import ORGANIZATION
from app.records import CREATE, PATCH, READ, RecordDataError, record_schema
from app.records.types import Choice, ChoiceList, Text


def _form_fields(form_class, app):
    with app.test_request_context():
        return dict(form_class(meta={"csrf": False})._fields)


@pytest.mark.parametrize("form_class", [OrganizationForm, SelfUpdateForm])
def test_each_form_field_has_the_tables_limit_choices_and_label(app, form_class):
    checked = 0
    for name, form_field in _form_fields(form_class, app).items():
        field = next((f for f in ORGANIZATION if f.key == name and f.writable), None)
        if field is None:
            continue
        checked += 1
        assert str(form_field.label.text) == str(field.label), name
        lengths = [v.max for v in form_field.validators if isinstance(v, Length)]
        if isinstance(field.type, Text) and not field.type.grouped:
            assert lengths == [field.type.max_length], name
        if isinstance(field.type, Choice | ChoiceList):
            offered = {value for value, _label in form_field.choices if value}
            assert offered == {
                str(v) for v in (field.type.values if isinstance(field.type, Choice) else field.type.labels)
            }, name
    assert checked >= (14 if form_class is OrganizationForm else 10)


def test_the_self_update_form_changes_only_self_update_fields(app):
    form_fields = set(_form_fields(SelfUpdateForm, app)) - {"csrf_token", "website"}
    assert form_fields == set(service.SELF_UPDATE_FIELDS)


def test_the_lists_come_from_the_table():
    assert [c.name for c in COLUMNS][:3] == ["name", "kind", "legal_form"]
    assert "id" not in {c.name for c in COLUMNS}
    assert service.TRACKED_FIELDS[:2] == ("name", "kind") and "contacts" in service.TRACKED_FIELDS
    assert set(merging.KEPT_FIELDS) == {"name", "kind", "status"}
    assert "province_code" not in merging.FILLED_FIELDS and "phone" in merging.FILLED_FIELDS
    assert merging.PREVIEW_ORDER.index("place") < merging.PREVIEW_ORDER.index("address")
    assert guess_mapping(["ชื่อองค์กร", "ประเภท", "email"]) == ["name", "kind", "email"]


def test_the_json_of_an_organization_matches_its_read_schema(organization):
    body = ORGANIZATION.to_json(organization)
    jsonschema.validate(body, record_schema(ORGANIZATION, READ))
    assert body["province"] and body["province_code"] == organization.province_code
    assert body["contacts"][0]["name"] == organization.contacts[0].name


def test_the_export_writes_the_tables_columns_in_thai(organization):
    header, row = to_csv([organization]).decode("utf-8-sig").splitlines()[:2]
    assert header.split(",")[0] == "ชื่อองค์กร"
    assert "องค์กรสาธารณประโยชน์" in row or "องค์กรสวัสดิการชุมชน" in row


def test_history_describes_values_through_the_table():
    assert history.describe_value("kind", "public_benefit") == "องค์กรสาธารณประโยชน์"
    assert history.describe_value("fields_of_work", "health, education") == "สุขภาพอนามัย, การศึกษา"
    assert history.describe_value("certified_on", "2018-10-25") == "25 ตุลาคม 2561"
    assert history.describe_value("district_code", "6501") == "เมืองพิษณุโลก"


def test_create_and_patch_schemas_say_what_is_needed():
    create, patch = record_schema(ORGANIZATION, CREATE), record_schema(ORGANIZATION, PATCH)
    assert create["required"] == ["name", "kind"] and "required" not in patch
    assert "id" not in create["properties"] and "updated_at" not in patch["properties"]
    name = create["properties"]["name"]
    assert {k: name[k] for k in ("type", "maxLength", "minLength", "title")} == {
        "type": "string",
        "maxLength": 300,
        "minLength": 1,
        "title": "Name",
    }
    assert name["pattern"].startswith("[^")  # not only spaces
    assert set(create["properties"]["fields_of_work"]["items"]["enum"]) >= {"health", "education"}


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"name": 0, "kind": "other"}, "name"),
        ({"name": "x" * 301, "kind": "other"}, "name"),
        ({"name": "ก", "kind": "nope"}, "kind"),
        ({"name": "ก", "kind": "other", "fields_of_work": "health"}, "fields_of_work"),
        ({"name": "ก", "kind": "other", "certified_on": "0001-01-01"}, "certified_on"),
        ({"kind": "other"}, "name"),
        # What the schema forbids is refused, not stored as something else.
        ({"name": "ก", "kind": ""}, "kind"),
        ({"name": "ก", "kind": "other", "phone": None}, "phone"),
        ({"name": "ก", "kind": "other", "target_groups": ["women", "women"]}, "target_groups"),
        ({"name": "ก", "kind": "other", "fields_of_work": ["health", "สุขภาพอนามัย"]}, "fields_of_work"),
        ({"name": "ก", "kind": "other", "contacts": [{"name": "ข", "position": None}]}, "contacts"),
    ],
)
def test_strict_parsing_names_the_bad_field(raw, field):
    with pytest.raises(RecordDataError) as error:
        ORGANIZATION.parse(raw, strict=True, default_province_code="65")
    assert set(error.value.errors) == {field}


def test_a_spreadsheet_may_send_numbers_and_lists_as_text():
    data = ORGANIZATION.parse(
        {"name": 1234, "kind": "องค์กรสาธารณประโยชน์", "phone": 812345678.0, "fields_of_work": "สุขภาพอนามัย"},
        default_province_code="65",
    )
    assert data["name"] == "1234" and data["phone"] == "0812345678"


def test_a_spreadsheet_may_repeat_a_value_and_leave_a_cell_empty():
    data = ORGANIZATION.parse(
        {"name": "ก", "kind": "other", "target_groups": "สตรี, women", "phone": None, "email": ""},
        default_province_code="65",
    )
    assert data["target_groups"] == ["women"] and data["phone"] == ""
