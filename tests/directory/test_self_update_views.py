"""The public self-update page: no login, Thai, private, rate-limited, and strict about what it saves."""

import re

import pytest

from app.auth.models import Role
from app.directory import service
from app.directory.models import ChangeSource, OrganizationChange
from app.extensions import db
from tests.clock import at_every_pinned_moment


@pytest.fixture
def token(organization):
    token = service.renew_self_update_link(organization)
    db.session.commit()
    return token


def form_data(**changes):
    """What the page posts when the person changes nothing but what is given."""
    data = {
        "address": "99 หมู่ 1 ถนนสิงหวัฒน์",
        "province_code": "65",
        "district_code": "6501",
        "subdistrict_code": "650101",
        "postal_code": "65000",
        "phone": "055-123456",
        "email": "",
        "line_id": "",
        "contacts-0-name": "นางสาวสมใจ ใจดี",
        "contacts-0-position": "ประธาน",
        "contacts-0-phone": "081-234-5678",
        "contacts-0-email": "",
        "contacts-1-name": "",
    }
    data.update(changes)
    return data


def test_the_page_opens_without_login_in_thai_and_stays_private(client, organization, token):
    response = client.get(f"/u/{token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert organization.name in page and "ข้อมูลถูกต้อง" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดพิษณุโลก" in page
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    # Name, kind, certification and status are shown, not offered for editing.
    for field in ("name", "kind", "certification_no", "status"):
        assert f'name="{field}"' not in page


@pytest.mark.parametrize("how", ["unknown", "revoked", "renewed"])
def test_a_link_that_does_not_work_gets_a_friendly_thai_404(client, organization, token, how):
    if how == "revoked":
        service.revoke_self_update_link(organization)
    elif how == "renewed":
        service.renew_self_update_link(organization)
    db.session.commit()
    url = "/u/no-such-token-at-all" if how == "unknown" else f"/u/{token}"
    for response in (client.get(url), client.post(f"{url}/confirm"), client.get(f"{url}/places?province=65")):
        assert response.status_code == 404
        assert response.headers["Cache-Control"] == "no-store"
    page = client.get(url).get_data(as_text=True)
    assert "ลิงก์นี้ใช้งานไม่ได้" in page and "noindex" in page


@at_every_pinned_moment
def test_the_data_is_correct_confirms_it_today(client, organization, token, clock):
    response = client.post(f"/u/{token}/confirm")
    assert response.status_code == 302 and response.headers["Location"] == f"/u/{token}"
    assert organization.last_confirmed_on == clock.today
    entry = db.session.scalars(db.select(OrganizationChange).filter_by(field="last_confirmed_on")).one()
    assert entry.source == ChangeSource.SELF_UPDATE and entry.user_id is None
    assert "ขอบคุณที่ยืนยันว่าข้อมูลถูกต้อง" in client.get(f"/u/{token}").get_data(as_text=True)


def test_corrections_are_saved_confirmed_and_marked(client, organization, token, clock):
    response = client.post(
        f"/u/{token}",
        data=form_data(
            phone="055-999999",
            email="Contact@Example.org",
            line_id="@childfund",
            district_code="6502",
            subdistrict_code="650201",
            postal_code="",
            fields_of_work=["education", "health"],
            target_groups=["children"],
            **{
                "contacts-0-remove": "y",
                "contacts-1-name": "นายสมศักดิ์ รักดี",
                "contacts-1-position": "เลขานุการ",
                "contacts-7-name": "นางสมศรี มีสุข",
            },
        ),
    )
    assert response.status_code == 302
    assert organization.phone == "055-999999" and organization.email == "contact@example.org"
    assert organization.line_id == "@childfund"
    assert (organization.district_code, organization.subdistrict_code) == ("6502", "650201")
    assert organization.postal_code == "65120"
    assert organization.fields_of_work == ["education", "health"]
    assert organization.target_groups == ["children"]
    assert [c.name for c in organization.contacts] == ["นายสมศักดิ์ รักดี", "นางสมศรี มีสุข"]
    assert organization.last_confirmed_on == clock.today
    sources = {e.source for e in organization.changes if e.field not in ("name", "self_update_link")}
    assert ChangeSource.SELF_UPDATE in sources


def test_fields_the_office_keeps_cannot_be_slipped_in(client, organization, token, clock):
    client.post(
        f"/u/{token}", data=form_data(name="ชื่อใหม่", kind="other", status="revoked", certification_no="1")
    )
    assert organization.name == "มูลนิธิพัฒนาเด็กพิษณุโลก"
    assert organization.kind.value == "public_benefit" and organization.status.value == "active"
    assert organization.certification_no == "พล 12/2561"
    assert organization.last_confirmed_on == clock.today


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "อีเมล"),
        ({"postal_code": "6500"}, "postal_code", "5 หลัก"),
        ({"district_code": "1001"}, "district_code", "อำเภอ"),
        ({"contacts-0-name": "", "contacts-0-phone": "081-234-5678"}, "contacts-0-name", "ชื่อ"),
        ({"contacts-1-email": "x@"}, "contacts-1-email", "อีเมล"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(
    client, organization, token, changes, field, message
):
    response = client.post(f"/u/{token}", data=form_data(phone="099-9999999", **changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ยังไม่ได้บันทึกข้อมูล" in page
    # The message sits right after the field it is about.
    after_field = page[page.index(f'name="{field}"') :]
    feedback = re.search(r'<div class="invalid-feedback">([^<]*)</div>', after_field).group(1)
    assert message in feedback
    assert re.search(rf'class="[^"]*is-invalid[^"]*"[^>]*name="{field}"|name="{field}"[^>]*is-invalid', page)
    assert organization.phone == "055-123456" and organization.last_confirmed_on is None


def test_a_filled_honeypot_saves_nothing_but_looks_the_same(client, organization, token):
    response = client.post(f"/u/{token}", data=form_data(phone="099-9999999", website="http://spam.example"))
    assert response.status_code == 302
    response = client.post(f"/u/{token}/confirm", data={"website": "http://spam.example"})
    assert response.status_code == 302
    assert organization.phone == "055-123456" and organization.last_confirmed_on is None


def test_csrf_is_required(app, client, organization, token, monkeypatch, clock):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post(f"/u/{token}/confirm").status_code == 400
    assert client.post(f"/u/{token}", data=form_data()).status_code == 400
    assert organization.last_confirmed_on is None
    page = client.get(f"/u/{token}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post(f"/u/{token}/confirm", data={"csrf_token": csrf}).status_code == 302
    assert organization.last_confirmed_on == clock.today


def test_the_link_is_rate_limited_per_address(app, client, token, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_RATE_LIMIT", "5 per minute")
    statuses = [client.get(f"/u/{token}").status_code for _ in range(3)]
    statuses += [client.post(f"/u/{token}/confirm").status_code for _ in range(2)]
    statuses.append(client.get("/u/guessing-another-token").status_code)
    statuses.append(client.get(f"/u/{token}", environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code)
    assert statuses == [200, 200, 200, 302, 302, 429, 200]


def test_the_address_lists_load_for_the_link_holder(client, token):
    districts = client.get(f"/u/{token}/places?province=65").get_json()["items"]
    assert districts[0] == {"code": "6501", "name": "เมืองพิษณุโลก"}
    subdistricts = client.get(f"/u/{token}/places?district=6501").get_json()["items"]
    assert subdistricts[0]["postal_code"] == "65000"


def test_the_organizer_makes_copies_renews_and_revokes_the_link(client, login_as, organization):
    login_as(Role.ORGANIZER)
    page = client.get(f"/directory/{organization.id}").get_data(as_text=True)
    assert "สร้างลิงก์ให้องค์กรปรับปรุงข้อมูล" in page
    response = client.post(f"/directory/{organization.id}/self-update-link")
    assert response.status_code == 302 and response.headers["Location"].endswith("#self-update")
    first = organization.self_update_token
    page = client.get(f"/directory/{organization.id}").get_data(as_text=True)
    assert f'value="http://localhost/u/{first}"' in page
    assert "เรียน มูลนิธิพัฒนาเด็กพิษณุโลก" in page and "ไม่ต้องสมัครสมาชิก" in page
    assert page.count(f"/u/{first}") == 2  # the link, and inside the LINE message

    client.post(f"/directory/{organization.id}/self-update-link")
    second = organization.self_update_token
    assert second != first
    assert client.get(f"/u/{first}").status_code == 404
    assert client.get(f"/u/{second}").status_code == 200

    client.post(f"/directory/{organization.id}/self-update-link/revoke")
    assert organization.self_update_token is None
    assert client.get(f"/u/{second}").status_code == 404
    history = client.get(f"/directory/{organization.id}").get_data(as_text=True)
    assert "ยกเลิกลิงก์แล้ว" in history and "สร้างลิงก์ใหม่แทนลิงก์เดิม" in history


def test_the_link_uses_the_public_base_url(app, client, login_as, organization, token, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://forum.example.go.th/")
    login_as(Role.ORGANIZER)
    page = client.get(f"/directory/{organization.id}").get_data(as_text=True)
    assert f'value="https://forum.example.go.th/u/{token}"' in page


def test_the_message_for_line_is_thai_whatever_the_organizers_language(client, login_as, organization, token):
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    page = client.get(f"/directory/{organization.id}").get_data(as_text=True)
    assert "Self-update link" in page and "เรียน มูลนิธิพัฒนาเด็กพิษณุโลก" in page


def test_the_list_shows_the_confirmation_after_a_self_update(client, login_as, organization, token):
    login_as(Role.ORGANIZER)
    assert organization.name in client.get("/directory/?stale=1").get_data(as_text=True)
    client.post(f"/u/{token}/confirm")
    assert organization.name not in client.get("/directory/?stale=1").get_data(as_text=True)
    page = client.get("/directory/").get_data(as_text=True)
    row = page[page.index(organization.name) :]
    assert "ไม่ได้ยืนยันข้อมูล" not in row[: row.index("</li>")]
