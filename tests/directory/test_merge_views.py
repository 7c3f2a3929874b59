"""Merging duplicates through the organizer's pages: pick, compare, confirm."""

import pytest

from app.auth.models import Role
from app.directory.models import Organization
from app.extensions import db


@pytest.fixture
def duplicate(create_organization):
    return create_organization(
        name="มูลนิธิพัฒนาเด็ก พิษณุโลก",
        email="childfund@example.org",
        phone="055 123 456",
        contacts=[{"name": "นางสาวสมใจ ใจดี", "position": "", "phone": "", "email": "somjai@example.org"}],
    )


def test_the_page_offers_likely_duplicates_with_reasons(
    client, login_as, organization, duplicate, create_organization
):
    create_organization(name="ชมรมผู้สูงอายุวังทอง")
    login_as(Role.ORGANIZER)
    page = client.get(f"/directory/{organization.id}/merge").get_data(as_text=True)
    likely = page[page.index("รายการที่อาจซ้ำกัน") : page.index("ค้นหาในทำเนียบ")]
    assert duplicate.name in likely and "ชมรมผู้สูงอายุวังทอง" not in likely
    assert "ชื่อเดียวกัน" in likely and "หมายเลขโทรศัพท์เดียวกัน" in likely
    assert f"/directory/{organization.id}/merge/{duplicate.id}" in likely


def test_search_finds_others_but_not_itself(client, login_as, organization, create_organization):
    other = create_organization(name="มูลนิธิพัฒนาเด็กบางระกำ")
    login_as(Role.ORGANIZER)
    page = client.get(f"/directory/{organization.id}/merge", query_string={"q": "พัฒนาเด็ก"}).get_data(
        as_text=True
    )
    found = page[page.index("ค้นหาในทำเนียบ") :]
    assert f"/merge/{other.id}" in found and f"/merge/{organization.id}" not in found


def test_the_preview_shows_both_side_by_side_and_changes_nothing(client, login_as, organization, duplicate):
    login_as(Role.ORGANIZER)
    response = client.get(f"/directory/{organization.id}/merge/{duplicate.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert organization.name in page and duplicate.name in page
    email_row = page[page.index('data-testid="merge-row-email"') :]
    email_row = email_row[: email_row.index("</tr>")]
    assert "childfund@example.org" in email_row and "จากรายการซ้ำ" in email_row
    phone_row = page[page.index('data-testid="merge-row-phone"') :]
    assert "จากรายการซ้ำ" not in phone_row[: phone_row.index("</tr>")]
    moved = len(duplicate.changes)
    assert f"ประวัติการแก้ไข {moved} รายการ" in page
    assert db.session.get(Organization, duplicate.id) is duplicate and organization.email == ""


def test_confirming_merges_and_deletes_the_duplicate(client, login_as, organization, duplicate):
    login_as(Role.ORGANIZER)
    duplicate_id = duplicate.id
    response = client.post(f"/directory/{organization.id}/merge/{duplicate_id}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/directory/{organization.id}"
    assert db.session.get(Organization, duplicate_id) is None
    assert organization.email == "childfund@example.org"
    assert [c.email for c in organization.contacts] == ["somjai@example.org"]
    page = client.get(f"/directory/{organization.id}").get_data(as_text=True)
    assert "รวมข้อมูลของ มูลนิธิพัฒนาเด็ก พิษณุโลก เข้ากับองค์กรนี้และลบรายการซ้ำแล้ว" in page
    history = page[page.index('id="history"') :]
    assert f"มูลนิธิพัฒนาเด็ก พิษณุโลก (รหัส {duplicate_id})" in history
    assert "ย้ายมาจากรายการซ้ำที่รวมแล้ว" in history
    assert client.get(f"/directory/{duplicate_id}").status_code == 404


def test_an_organization_is_not_merged_into_itself(client, login_as, organization):
    login_as(Role.ORGANIZER)
    for method in ("GET", "POST"):
        response = client.open(f"/directory/{organization.id}/merge/{organization.id}", method=method)
        assert response.status_code == 302
        assert response.headers["Location"] == f"/directory/{organization.id}/merge"
    page = client.get(f"/directory/{organization.id}/merge").get_data(as_text=True)
    assert "ไม่สามารถรวมองค์กรเข้ากับตัวเองได้" in page
    assert db.session.get(Organization, organization.id) is organization


def test_an_unknown_duplicate_is_404(client, login_as, organization):
    login_as(Role.ORGANIZER)
    assert client.get(f"/directory/{organization.id}/merge/99999").status_code == 404
    assert client.post(f"/directory/{organization.id}/merge/99999").status_code == 404


def test_the_merge_needs_the_form_token(app, client, login_as, organization, duplicate, monkeypatch):
    login_as(Role.ORGANIZER)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post(f"/directory/{organization.id}/merge/{duplicate.id}").status_code == 400
    assert db.session.get(Organization, duplicate.id) is duplicate
