from app.auth.models import Role
from app.directory.models import Organization
from app.extensions import db


def test_directory_list_shows_organizations_in_thai(client, login_as, organization):
    login_as(Role.ORGANIZER)
    page = client.get("/directory/").get_data(as_text=True)
    assert organization.name in page
    assert "เมืองพิษณุโลก" in page


def test_directory_search_from_the_page(client, login_as, organization, create_organization):
    create_organization(name="ชมรมผู้สูงอายุวังทอง")
    login_as(Role.ORGANIZER)
    page = client.get("/directory/", query_string={"q": "ผู้สูงอายุ"}).get_data(as_text=True)
    assert "ชมรมผู้สูงอายุวังทอง" in page and organization.name not in page


def test_add_an_organization_through_the_form(client, login_as):
    login_as(Role.ORGANIZER)
    response = client.post(
        "/directory/new",
        data={
            "name": "มูลนิธิใหม่",
            "kind": "public_benefit",
            "legal_form": "foundation",
            "status": "active",
            "province_code": "65",
            "district_code": "6501",
            "subdistrict_code": "650101",
            "postal_code": "",
            "fields_of_work": ["education", "health"],
            "contacts-0-name": "นางสมศรี มีสุข",
            "contacts-0-position": "ผู้จัดการ",
        },
    )
    assert response.status_code == 302
    organization = db.session.scalar(db.select(Organization).filter_by(name="มูลนิธิใหม่"))
    assert organization.postal_code == "65000"
    assert organization.fields_of_work == ["education", "health"]
    assert [c.name for c in organization.contacts] == ["นางสมศรี มีสุข"]


def test_form_refuses_a_district_of_another_province(client, login_as):
    login_as(Role.ORGANIZER)
    response = client.post(
        "/directory/new",
        data={
            "name": "x",
            "kind": "other",
            "status": "active",
            "province_code": "65",
            "district_code": "1001",
        },
    )
    assert response.status_code == 200
    assert db.session.scalar(db.select(Organization).filter_by(name="x")) is None


def test_edit_and_history_shown(client, login_as, organization):
    user = login_as(Role.ORGANIZER)
    client.post(
        f"/directory/{organization.id}/edit",
        data={
            "name": organization.name,
            "kind": "public_benefit",
            "status": "inactive",
            "province_code": "65",
            "district_code": "6501",
            "subdistrict_code": "650101",
            "postal_code": "65000",
            "phone": "055-123456",
            "certification_no": organization.certification_no,
            "contacts-0-name": "นางสาวสมใจ ใจดี",
            "contacts-0-position": "ประธาน",
            "contacts-0-phone": "081-234-5678",
        },
    )
    page = client.get(f"/directory/{organization.id}").get_data(as_text=True)
    history = page[page.index('id="history"') :]
    assert "ไม่ได้ดำเนินการ" in history and user.email in history


def test_duplicate_certification_number_is_refused_in_the_form(client, login_as, organization):
    login_as(Role.ORGANIZER)
    response = client.post(
        "/directory/new",
        data={"name": "ซ้ำ", "kind": "other", "status": "active", "certification_no": "พล ๑๒/๒๕๖๑"},
    )
    assert response.status_code == 200
    assert db.session.scalar(db.select(Organization).filter_by(name="ซ้ำ")) is None


def test_places_lists_districts_and_subdistricts(client, login_as):
    login_as(Role.ORGANIZER)
    districts = client.get("/directory/places?province=65").get_json()["items"]
    assert len(districts) == 9 and districts[0]["name"] == "เมืองพิษณุโลก"
    subdistricts = client.get("/directory/places?district=6501").get_json()["items"]
    assert subdistricts[0]["postal_code"] == "65000"
