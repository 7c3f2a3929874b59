"""The import pages (upload → preview → import) and the export downloads."""

import csv
import io
import re
from urllib.parse import unquote

import pytest
from sqlalchemy import func, select

from app import create_app
from app.auth.models import Role
from app.directory.models import ImportUpload, Organization
from app.extensions import db
from tests.spreadsheets import csv_bytes, read_xlsx, xls_bytes, xlsx_bytes

GOOD_AND_BAD = [
    ["ชื่อองค์กร", "ประเภทองค์กร", "อำเภอ", "หมายเหตุ"],
    ["มูลนิธิเพื่อเด็กบางระกำ", "องค์กรสาธารณประโยชน์", "บางระกำ", "0812345678"],
    ["ชมรมผู้สูงอายุ", "องค์กรสวัสดิการชุมชน", "อำเภอที่ไม่มีจริง", ""],
]
GUESSED = ["name", "kind", "district", ""]


@pytest.fixture
def staff(login_as):
    return login_as(Role.ORGANIZER)


def upload(client, content, filename="list.xlsx"):
    return client.post("/directory/import", data={"file": (io.BytesIO(content), filename)})


def uploaded(client, content=None, filename="list.xlsx"):
    response = upload(client, content or xlsx_bytes(GOOD_AND_BAD), filename)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def shown_count(page, testid):
    return int(re.search(rf'data-testid="{testid}">.*?class="count-number">(\d+)<', page, re.S).group(1))


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_list_offers_import_and_exports_of_the_filtered_list(client, staff, organization):
    page = client.get("/directory/", query_string={"kind": "public_benefit", "q": "เด็ก", "page": 1}).text
    assert 'href="/directory/import"' in page
    links = re.findall(r'href="(/directory/export\.(?:xlsx|csv)[^"]*)"', page)
    assert len(links) == 2
    for link in links:
        assert "kind=public_benefit" in link and "page=" not in link


def test_the_upload_page_explains_the_formats_and_offers_the_template(client, staff):
    page = client.get("/directory/import").text
    assert "TIS-620" in page and "UTF-8" in page and ".xlsx" in page
    assert "ชื่อองค์กร" in page and "/directory/import/template.xlsx" in page
    response = client.get("/directory/import/template.xlsx")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    rows, _ = read_xlsx(response.data)
    assert rows[0][0] == "ชื่อองค์กร"


def test_upload_preview_and_import_the_good_rows(client, staff):
    preview_url = uploaded(client)
    assert count(ImportUpload) == 1 and count(Organization) == 0
    page = client.get(preview_url).text
    assert "list.xlsx" in page
    assert shown_count(page, "count-create") == 1 and shown_count(page, "count-error") == 1
    assert 'data-row="3" data-field="district"' in page
    assert "อำเภอที่ไม่มีจริง" in page
    # The guessed mapping is selected; the unknown column is ignored.
    assert '<option value="district" selected>' in page
    assert 'data-header="หมายเหตุ"' in page
    assert 'name="mode" value="good_rows"' in page and 'name="mode" value="all_or_nothing"' in page

    response = client.post(preview_url, data={"mode": "good_rows", "map": GUESSED, "default_kind": ""})
    assert response.status_code == 200
    assert 'data-testid="import-done"' in response.text
    assert 'data-row="3"' in response.text
    assert [o.name for o in db.session.scalars(select(Organization))] == ["มูลนิธิเพื่อเด็กบางระกำ"]
    assert count(ImportUpload) == 0
    gone = client.get(preview_url)
    assert gone.status_code == 302 and gone.headers["Location"].endswith("/directory/import")


def test_an_excel_97_file_goes_through_the_same_preview_and_import(client, staff):
    preview_url = uploaded(client, xls_bytes(GOOD_AND_BAD), "ทะเบียนองค์กร 2561.xls")
    page = client.get(preview_url).text
    assert "ไฟล์ Excel 97–2003" in page and "แผ่นงาน “Sheet1”" in page
    assert shown_count(page, "count-create") == 1 and shown_count(page, "count-error") == 1
    response = client.post(preview_url, data={"mode": "good_rows", "map": GUESSED, "default_kind": ""})
    assert 'data-testid="import-done"' in response.text
    assert [o.name for o in db.session.scalars(select(Organization))] == ["มูลนิธิเพื่อเด็กบางระกำ"]


def test_import_nothing_while_there_are_errors_keeps_the_upload(client, staff):
    preview_url = uploaded(client)
    response = client.post(preview_url, data={"mode": "all_or_nothing", "map": GUESSED})
    assert response.status_code == 200
    assert 'data-testid="import-refused"' in response.text
    assert count(Organization) == 0 and count(ImportUpload) == 1
    assert client.get(preview_url).status_code == 200


def test_the_mapping_chosen_in_the_preview_is_used(client, staff):
    preview_url = uploaded(client)
    # Ignore the district column and read the note column as the phone; new rows get a kind.
    query = {"map": ["name", "kind", "", "phone"], "default_kind": "other"}
    page = client.get(preview_url, query_string=query).text
    assert 'data-testid="import-error"' not in page
    assert '<option value="phone" selected>' in page
    client.post(preview_url, data={"mode": "all_or_nothing", **query})
    phones = dict(db.session.execute(select(Organization.name, Organization.phone)).all())
    assert phones == {"มูลนิธิเพื่อเด็กบางระกำ": "0812345678", "ชมรมผู้สูงอายุ": ""}


def test_a_mapping_without_the_name_cannot_be_imported(client, staff):
    preview_url = uploaded(client)
    page = client.get(preview_url, query_string={"map": ["", "kind", "district", ""]}).text
    assert 'data-testid="mapping-problem"' in page
    assert 'name="mode"' not in page
    response = client.post(preview_url, data={"mode": "good_rows", "map": ["", "kind", "district", ""]})
    assert response.status_code == 302 and "/directory/import/" in response.headers["Location"]
    assert count(Organization) == 0


def test_an_unknown_mode_is_refused(client, staff):
    preview_url = uploaded(client)
    assert client.post(preview_url, data={"mode": "everything"}).status_code == 400
    assert count(Organization) == 0


def test_an_upload_belongs_to_the_one_who_uploaded_it(client, staff, login_as):
    preview_url = uploaded(client)
    client.post("/logout")
    login_as(Role.ADMIN)
    assert client.get(preview_url).status_code == 302
    client.post(preview_url, data={"mode": "good_rows"})
    assert count(Organization) == 0 and count(ImportUpload) == 1


def test_cancel_removes_the_upload(client, staff):
    preview_url = uploaded(client)
    response = client.post(preview_url + "/cancel")
    assert response.status_code == 302 and response.headers["Location"].endswith("/directory/")
    assert count(ImportUpload) == 0


def test_another_server_process_serves_the_preview_and_the_import(app, client, staff):
    """Nothing is kept in the memory of the process that took the upload."""
    preview_url = uploaded(client)
    other = create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    other_client = other.test_client()
    other_client.set_cookie("session", client.get_cookie("session").value)
    try:
        assert "มูลนิธิเพื่อเด็กบางระกำ" in other_client.get(preview_url).text
        response = other_client.post(preview_url, data={"mode": "good_rows", "map": GUESSED})
        assert 'data-testid="import-done"' in response.text
    finally:
        with other.app_context():
            db.engine.dispose()
    assert count(Organization) == 1


@pytest.mark.parametrize(
    ("filename", "content", "status", "words"),
    [
        ("list.csv", b"", 422, "ไฟล์ว่าง"),
        ("list.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, 422, ".xls"),
        ("list.pdf", b"%PDF-1.4\n", 415, "PDF"),
        ("list.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)), 415, "CSV"),
        ("list.xlsx", b"PK\x03\x04garbage", 422, ".xlsx"),
        ("list.csv", "หมายเหตุ\nอะไรก็ได้\n".encode(), 422, "ชื่อองค์กร"),
    ],
)
def test_a_bad_file_gets_a_clear_message_on_the_page_and_changes_nothing(
    client, staff, filename, content, status, words
):
    response = upload(client, content, filename)
    assert response.status_code == status
    message = re.search(r'data-testid="upload-error">(.*?)</div>', response.text, re.S).group(1)
    assert words in message
    assert count(ImportUpload) == 0 and count(Organization) == 0


def test_no_file_chosen(client, staff):
    response = client.post("/directory/import", data={})
    assert response.status_code == 400
    assert 'data-testid="upload-error">' in response.text
    assert count(ImportUpload) == 0


def test_more_rows_than_allowed_are_refused_on_the_page(app, client, staff, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 1)
    response = upload(client, xlsx_bytes(GOOD_AND_BAD))
    assert response.status_code == 422 and "1" in response.text
    assert count(ImportUpload) == 0


def test_a_file_over_the_size_limit_gets_a_message_on_the_upload_page(app, client, staff, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2048)
    response = upload(client, csv_bytes(GOOD_AND_BAD * 100), "big.csv")
    assert response.status_code == 413
    assert 'type="file"' in response.text
    assert "0.00195312" in response.text or "MB" in response.text
    assert count(ImportUpload) == 0


def test_export_downloads_the_filtered_list(client, staff, organization, create_organization):
    create_organization(name="ชมรมอื่น", district_code="6508", province_code="65")
    response = client.get("/directory/export.xlsx", query_string={"district": "6501"})
    assert response.mimetype.endswith("spreadsheetml.sheet")
    disposition = unquote(response.headers["Content-Disposition"])
    assert "attachment" in disposition and "ทำเนียบองค์กร-" in disposition and disposition.endswith(".xlsx")
    rows, _ = read_xlsx(response.data)
    assert [r[0] for r in rows[1:]] == [organization.name]
    response = client.get("/directory/export.csv")
    assert response.mimetype == "text/csv" and response.data.startswith(b"\xef\xbb\xbf")
    names = [r[0] for r in csv.reader(io.StringIO(response.data.decode("utf-8-sig")))][1:]
    assert sorted(names) == sorted([organization.name, "ชมรมอื่น"])


def test_the_preview_in_english_keeps_the_files_thai_titles(client, staff):
    preview_url = uploaded(client)
    client.get("/lang/en")
    page = client.get(preview_url).text
    assert "Check the import" in page and "What each column holds" in page
    assert "ชื่อองค์กร" in page and "Name of the organization" in page
    assert "Unknown district" in page
