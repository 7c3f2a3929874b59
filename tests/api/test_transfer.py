"""POST /api/v1/organizations/import and GET /api/v1/organizations/export."""

import io

import pytest
from sqlalchemy import func, select

from app.api.openapi import document
from app.auth import service as auth_service
from app.auth.models import Role
from app.directory.models import ChangeSource, Organization, OrganizationChange
from app.extensions import db
from tests.spreadsheets import csv_bytes, read_xlsx, xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ROWS = [
    ["name", "kind", "certification_no", "certified_on", "district"],
    ["มูลนิธิหนึ่ง", "องค์กรสาธารณประโยชน์", "๑/๒๕๖๑", "25 ตุลาคม 2561", "เมือง"],
    ["ชมรมสอง", "community_welfare", "2/2561", "2018-10-26", "วังทอง"],
]
BAD_ROW = ["ชมรมสาม", "องค์กรลับ", "3/2561", "32/13/2561", "ไม่มีอำเภอนี้"]


@pytest.fixture
def api(client, create_user):
    user = create_user(Role.ORGANIZER)
    token = auth_service.create_token(user)
    db.session.commit()

    def call(method, url, **kwargs):
        return client.open(url, method=method, headers={"Authorization": f"Bearer {token}"}, **kwargs)

    call.user = user
    return call


def post_file(api, content, filename="list.xlsx", mode=None):
    data = {"file": (io.BytesIO(content), filename)}
    if mode:
        data["mode"] = mode
    return api("POST", "/api/v1/organizations/import", data=data)


def count():
    return db.session.scalar(select(func.count()).select_from(Organization))


def test_import_creates_then_updates_by_certification_number(api):
    response = post_file(api, xlsx_bytes(ROWS))
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"created": 2, "updated": 0, "unchanged": 0, "errors": [], "warnings": []}
    changed = [*ROWS[:2], ["ชมรมสอง ใหม่", "community_welfare", "2/2561", "2018-10-26", "วังทอง"]]
    response = post_file(api, csv_bytes(changed, encoding="cp874"), "list.csv")
    assert response.get_json() == {"created": 0, "updated": 1, "unchanged": 1, "errors": [], "warnings": []}
    assert count() == 2
    change = db.session.scalars(select(OrganizationChange).filter_by(field="name", old_value="ชมรมสอง")).one()
    assert (change.source, change.user_id) == (ChangeSource.IMPORT, api.user.id)
    assert change.new_value == "ชมรมสอง ใหม่"


def test_all_or_nothing_with_a_bad_row_is_422_and_writes_nothing(api):
    response = post_file(api, xlsx_bytes([*ROWS, BAD_ROW]))
    assert response.status_code == 422
    body = response.get_json()
    assert (body["created"], body["updated"]) == (0, 0)
    assert sorted((e["row"], e["field"]) for e in body["errors"]) == [
        (4, "certified_on"),
        (4, "district"),
        (4, "kind"),
    ]
    assert all(e["message"] for e in body["errors"])
    assert count() == 0


def test_good_rows_writes_the_good_ones(api):
    response = post_file(api, xlsx_bytes([*ROWS, BAD_ROW]), mode="good_rows")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["created"], len(body["errors"])) == (2, 3)
    assert count() == 2


@pytest.mark.parametrize(
    ("filename", "content", "status", "code"),
    [
        ("list.csv", b"", 422, "empty_file"),
        ("list.pdf", b"%PDF-1.4\n", 415, "unsupported_file_type"),
        ("list.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, 422, "broken_file"),
        ("list.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)), 415, "unsupported_file_type"),
        ("list.xlsx", b"PK\x03\x04garbage", 422, "broken_file"),
        ("list.csv", "หมายเหตุ\nอะไรก็ได้\n".encode(), 422, "no_header"),
        ("list.csv", "kind,district\nother,เมือง\n".encode(), 422, "missing_column"),
    ],
)
def test_bad_uploads_are_json_errors_and_change_nothing(api, filename, content, status, code):
    response = post_file(api, content, filename)
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code
    assert count() == 0


def test_requests_that_are_not_an_upload(api):
    assert api("POST", "/api/v1/organizations/import", json={"file": "x"}).status_code == 415
    response = api(
        "POST", "/api/v1/organizations/import", data={"mode": "good_rows"}, content_type="multipart/form-data"
    )
    assert (response.status_code, response.get_json()["error"]["code"]) == (400, "missing_file")
    response = post_file(api, xlsx_bytes(ROWS), mode="everything")
    assert (response.status_code, response.get_json()["error"]["code"]) == (400, "bad_mode")
    assert count() == 0


def test_a_file_over_the_size_limit_is_413(app, api, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    response = post_file(api, csv_bytes(ROWS * 50), "big.csv")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
    assert count() == 0


def test_too_many_rows_is_422(app, api, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 1)
    response = post_file(api, xlsx_bytes(ROWS))
    assert (response.status_code, response.get_json()["error"]["code"]) == (422, "too_many_rows")


def test_the_import_needs_staff(client, create_user):
    token = auth_service.create_token(create_user(Role.CHECKIN))
    db.session.commit()
    response = client.post(
        "/api/v1/organizations/import",
        headers={"Authorization": f"Bearer {token}"},
        data={"file": (io.BytesIO(xlsx_bytes(ROWS)), "list.xlsx")},
    )
    assert response.status_code == 403 and count() == 0


def test_export_in_both_formats_with_the_list_filter(api):
    post_file(api, xlsx_bytes(ROWS))
    response = api("GET", "/api/v1/organizations/export?format=xlsx&district=วังทอง")
    assert response.status_code == 200
    rows, _ = read_xlsx(response.data)
    assert [r[0] for r in rows[1:]] == ["ชมรมสอง"]
    response = api("GET", "/api/v1/organizations/export?format=csv")
    assert response.data.startswith(b"\xef\xbb\xbf") and "มูลนิธิหนึ่ง" in response.data.decode("utf-8-sig")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    response = api("GET", "/api/v1/organizations/export?format=pdf")
    assert (response.status_code, response.get_json()["error"]["code"]) == (400, "bad_query")
    assert set(response.get_json()["error"]["fields"]) == {"format"}


def test_an_export_posted_back_changes_nothing(api):
    post_file(api, xlsx_bytes(ROWS))
    exported = api("GET", "/api/v1/organizations/export?format=csv").data
    response = post_file(api, exported, "export.csv")
    assert response.get_json() == {"created": 0, "updated": 0, "unchanged": 2, "errors": [], "warnings": []}


def form_file_types(operation):
    encoding = operation["requestBody"]["content"]["multipart/form-data"]["encoding"]["file"]
    return encoding["contentType"].split(", ")


def test_the_openapi_document_describes_import_and_export():
    paths = document()["paths"]
    post = paths["/organizations/import"]["post"]
    form = post["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["required"] == ["file"]
    assert form["properties"]["mode"]["enum"] == ["all_or_nothing", "good_rows"]
    assert post["responses"]["422"]["content"]["application/json"]["schema"] == {
        "anyOf": [{"$ref": "#/components/schemas/ImportResult"}, {"$ref": "#/components/schemas/Error"}]
    }
    assert form_file_types(post) == ["text/csv", XLSX, "application/vnd.ms-excel"]
    assert {"400", "401", "403", "409", "413", "415"} <= set(post["responses"])
    export = paths["/organizations/export"]["get"]
    assert {p["name"] for p in export["parameters"]} >= {"format", "q", "kind", "district", "status"}
    assert set(export["responses"]["200"]["content"]) == {
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
