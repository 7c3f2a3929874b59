"""Legal forms: the common Thai ones are known; an unknown one from a file is kept as other, in its words."""

import pytest

from app.directory.models import LegalForm, Organization
from app.extensions import db
from tests.api.test_transfer import post_file
from tests.spreadsheets import xlsx_bytes

HEADER = ["ชื่อองค์กร", "ประเภทองค์กร", "รูปแบบการจัดตั้ง"]


@pytest.mark.parametrize(
    ("written", "form"),
    [
        ("ชมรม", LegalForm.CLUB),
        ("วิสาหกิจชุมชน", LegalForm.COMMUNITY_ENTERPRISE),
        ("มูลนิธิ", LegalForm.FOUNDATION),
    ],
)
def test_common_thai_legal_forms_are_known(api, written, form):
    response = post_file(api, xlsx_bytes([HEADER, ["ชมรมผู้สูงอายุตำบลท่าทอง", "องค์กรสาธารณประโยชน์", written]]))
    assert response.status_code == 200 and response.get_json()["warnings"] == []
    assert db.session.scalar(db.select(Organization)).legal_form == form


def test_an_unknown_legal_form_is_kept_in_its_words_with_a_warning(api):
    rows = [HEADER, ["กลุ่มออมทรัพย์บ้านใหม่", "องค์กรสวัสดิการชุมชน", "กลุ่มออมทรัพย์เพื่อการผลิต"]]
    body = post_file(api, xlsx_bytes(rows)).get_json()
    assert (body["created"], body["errors"]) == (1, [])
    assert [(w["row"], w["field"]) for w in body["warnings"]] == [(2, "legal_form")]
    organization = db.session.scalar(db.select(Organization))
    assert (organization.legal_form, organization.legal_form_other) == (
        LegalForm.OTHER,
        "กลุ่มออมทรัพย์เพื่อการผลิต",
    )
    shown = api("GET", f"/api/v1/organizations/{organization.id}").get_json()
    assert (shown["legal_form"], shown["legal_form_other"]) == ("other", "กลุ่มออมทรัพย์เพื่อการผลิต")


def test_json_names_a_known_form_or_other_with_its_words(api):
    refused = api("POST", "/api/v1/organizations", json={"name": "ก", "kind": "other", "legal_form": "guild"})
    assert refused.status_code == 422 and set(refused.get_json()["error"]["fields"]) == {"legal_form"}
    body = {"name": "ก", "kind": "other", "legal_form": "other", "legal_form_other": "สมาพันธ์"}
    created = api("POST", "/api/v1/organizations", json=body).get_json()
    assert (created["legal_form"], created["legal_form_other"]) == ("other", "สมาพันธ์")
    changed = api("PATCH", f"/api/v1/organizations/{created['id']}", json={"legal_form": "club"}).get_json()
    assert (changed["legal_form"], changed["legal_form_other"]) == ("club", "")
