from datetime import timedelta

from sqlalchemy import func, select

from app.directory.models import OrganizationStatus
from app.extensions import db
from app.forums import invitations as forum_invitations
from app.registration import service
from app.registration.models import ConsentPurpose, Registration, RegistrationStatus
from tests.registration.conftest import person


def form(**overrides):
    """What the public form posts for one person."""
    data = {**person(), "privacy_ack": "y", "dietary": "none"}
    data.update(overrides)
    return data


def count():
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Registration))


def code_of(response):
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/t/", 1)[-1]


def test_the_form_in_thai_with_the_privacy_notice_and_separate_consents(client, forum):
    page = client.get(f"/f/{forum.public_code}/register").get_data(as_text=True)
    assert 'data-testid="registration-form"' in page
    assert f'data-version="{service.PRIVACY_NOTICE_VERSION}"' in page
    assert "มาตรา 24(4)" in page and "24(6)" in page
    for testid in ("consent-photos", "consent-line", "consent-mailing", "consent-sensitive"):
        assert f'data-testid="{testid}"' in page
    assert "checked" not in page.split('data-testid="consent-photos"')[0].rsplit("<input", 1)[-1]
    assert 'name="homepage"' in page and "เลขประจำตัวประชาชน" not in page.replace("ไม่ขอเลขประจำตัวประชาชน", "")


def test_registering_leads_to_the_ticket_with_a_manage_link_in_this_browser(client, forum):
    code = code_of(
        client.post(
            f"/f/{forum.public_code}/register",
            data=form(first_name="สมศักดิ์", consent_photos="y", phone="081 555 1234"),
        )
    )
    registration = db.session.scalar(select(Registration).where(Registration.ticket_code == code))
    assert registration.phone == "0815551234" and registration.status == RegistrationStatus.CONFIRMED
    assert registration.consent_given(ConsentPurpose.PHOTOS)
    assert not registration.consent_given(ConsentPurpose.LINE_GROUP)
    assert registration.privacy_notice_version == service.PRIVACY_NOTICE_VERSION
    page = client.get(f"/t/{code}").get_data(as_text=True)
    assert "สมศักดิ์" in page and 'data-testid="ticket-qr"' in page
    assert f'href="/m/{registration.manage_token}"' in page
    other_browser = client.application.test_client()
    assert registration.manage_token not in other_browser.get(f"/t/{code}").get_data(as_text=True)


def test_missing_and_wrong_fields_are_shown_and_nothing_is_saved(client, forum):
    response = client.post(
        f"/f/{forum.public_code}/register",
        data=form(first_name="", phone="123", privacy_ack="", dietary="halal"),
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert page.count("is-invalid") >= 3 and 'data-testid="form-errors"' in page
    assert count() == 0


def test_sensitive_needs_without_consent_are_refused(client, forum):
    response = client.post(f"/f/{forum.public_code}/register", data=form(accessibility_needs="ล่ามภาษามือ"))
    assert response.status_code == 422 and count() == 0
    response = client.post(
        f"/f/{forum.public_code}/register",
        data=form(accessibility_needs="ล่ามภาษามือ", consent_sensitive_data="y"),
    )
    registration = db.session.scalar(
        select(Registration).where(Registration.ticket_code == code_of(response))
    )
    assert registration.accessibility_needs == "ล่ามภาษามือ" and registration.sensitive_consent_at is not None


def test_the_honeypot_stops_bots(client, forum):
    response = client.post(f"/f/{forum.public_code}/register", data=form(homepage="http://spam.example"))
    assert response.status_code == 400 and count() == 0


def test_the_same_person_twice_gets_the_existing_ticket(client, forum):
    data = form(email="somchai@example.org")
    first = code_of(client.post(f"/f/{forum.public_code}/register", data=data))
    again = client.post(f"/f/{forum.public_code}/register", data={**data, "phone": "+66" + data["phone"][1:]})
    assert code_of(again) == first and count() == 1


def test_someone_elses_number_does_not_show_their_ticket(client, forum):
    data = form()
    first = code_of(client.post(f"/f/{forum.public_code}/register", data=data))
    response = client.post(f"/f/{forum.public_code}/register", data={**data, "first_name": "คนอื่น"})
    assert response.status_code == 409
    assert first not in response.get_data(as_text=True) and count() == 1


def test_full_forum_puts_people_on_the_waitlist_and_says_so(client, forum):
    forum.capacity = 1
    db.session.commit()
    code_of(client.post(f"/f/{forum.public_code}/register", data=form()))
    assert 'data-testid="full-notice"' in client.get(f"/f/{forum.public_code}/register").get_data(
        as_text=True
    )
    code = code_of(client.post(f"/f/{forum.public_code}/register", data=form()))
    page = client.get(f"/t/{code}").get_data(as_text=True)
    assert 'data-testid="waitlist-position"' in page


def test_outside_the_window_the_form_says_why(client, create_forum, clock):
    start = clock.moment + timedelta(days=30)
    later = create_forum(
        status="open",
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        registration_opens_at=clock.moment + timedelta(days=2),
    )
    page = client.get(f"/f/{later.public_code}/register").get_data(as_text=True)
    assert 'data-testid="closed-reason"' in page and "registration-form" not in page
    response = client.post(f"/f/{later.public_code}/register", data=form())
    assert response.status_code == 200 and count() == 0


def test_an_invitation_link_fills_in_the_organization_and_enforces_its_quota(client, forum, organization):
    invitation = forum_invitations.invite_organizations(forum, [organization], seats=1)[0]
    db.session.commit()
    url = f"/f/{forum.public_code}/register?invitation={invitation.token}"
    page = client.get(url).get_data(as_text=True)
    assert organization.name in page and 'data-remaining="1"' in page and "organization-input" not in page
    code = code_of(client.post(url, data=form(invitation=invitation.token)))
    registration = db.session.scalar(select(Registration).where(Registration.ticket_code == code))
    assert registration.organization_id == organization.id and registration.invitation_id == invitation.id
    assert 'data-testid="quota-full"' in client.get(url).get_data(as_text=True)
    response = client.post(url, data=form(invitation=invitation.token))
    assert response.status_code == 409 and count() == 1


def test_the_organization_search_gives_names_of_active_organizations_only(client, forum, create_organization):
    create_organization(name="มูลนิธิเพื่อผู้สูงอายุ", phone="055-999999")
    create_organization(name="มูลนิธิเพื่อเด็กกำพร้า", status=OrganizationStatus.INACTIVE)
    items = client.get(f"/f/{forum.public_code}/organizations?q=มูลนิธิ เพื่อ").get_json()["items"]
    assert [item["name"] for item in items] == ["มูลนิธิเพื่อผู้สูงอายุ"]
    assert set(items[0]) == {"id", "name"}
    assert client.get(f"/f/{forum.public_code}/organizations?q=055").get_json()["items"] == []
    assert client.get(f"/f/{forum.public_code}/organizations?q=ม").get_json()["items"] == []


def test_the_search_of_a_draft_is_not_found(client, create_forum):
    assert client.get(f"/f/{create_forum().public_code}/organizations?q=มูลนิธิ").status_code == 404


def test_not_listed_keeps_the_typed_name(client, forum, organization):
    code = code_of(
        client.post(
            f"/f/{forum.public_code}/register",
            data=form(
                organization_name="กลุ่มออมทรัพย์บ้านนา", not_listed="y", organization_id=str(organization.id)
            ),
        )
    )
    registration = db.session.scalar(select(Registration).where(Registration.ticket_code == code))
    assert registration.organization_id is None and registration.organization_name == "กลุ่มออมทรัพย์บ้านนา"


def test_public_pages_are_rate_limited(app, client, forum, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_RATE_LIMIT", "3 per minute")
    statuses = [client.get(f"/f/{forum.public_code}/organizations?q=มูลนิธิ").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    posts = [client.post(f"/f/{forum.public_code}/register", data=form()).status_code for _ in range(4)]
    assert posts[-1] == 429


def test_the_manage_link_changes_details_and_cancels(client, forum, register):
    forum.capacity = 1
    db.session.commit()
    mine = register(forum, first_name="สมชาย")
    waiting = register(forum)
    page = client.get(f"/m/{mine.manage_token}").get_data(as_text=True)
    assert 'value="สมชาย"' in page
    response = client.post(
        f"/m/{mine.manage_token}", data=form(first_name="สมชาย", last_name="ใจงาม", phone=mine.phone)
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, mine.id).last_name == "ใจงาม"
    client.post(f"/m/{mine.manage_token}/cancel")
    db.session.expire_all()
    assert db.session.get(Registration, mine.id).status == RegistrationStatus.CANCELLED
    assert db.session.get(Registration, waiting.id).status == RegistrationStatus.CONFIRMED
    assert 'data-testid="cancel-registration"' not in client.get(f"/m/{mine.manage_token}").get_data(
        as_text=True
    )


def test_the_invitation_page_lists_delegates_who_can_be_replaced(
    client, forum, organization, register, outbox
):
    invitation = forum_invitations.invite_organizations(forum, [organization], seats=2)[0]
    db.session.commit()
    # Registered from this browser through the invitation: this browser may replace them.
    client.post(
        f"/f/{forum.public_code}/register",
        data=form(first_name="สมชาย", email="old@example.org", invitation=invitation.token),
    )
    old = db.session.scalars(select(Registration)).one()
    page = client.get(f"/i/{invitation.token}").get_data(as_text=True)
    assert 'data-testid="delegate"' in page and "สมชาย" in page
    assert f"/i/{invitation.token}/delegates/{old.id}/replace" in page
    response = client.post(
        f"/i/{invitation.token}/delegates/{old.id}/replace",
        data=form(first_name="สมหญิง", prefix="นางสาว", email="new@example.org"),
    )
    assert response.status_code == 302
    db.session.expire_all()
    old = db.session.get(Registration, old.id)
    new = old.replaced_by
    assert old.status == RegistrationStatus.CANCELLED and new.first_name == "สมหญิง" and new.is_confirmed
    assert 'data-testid="ticket-cancelled"' in client.get(f"/t/{old.ticket_code}").get_data(as_text=True)
    sent = outbox.messages()
    assert sorted(sent) == ["new@example.org", "old@example.org"]  # the new ticket; the old delegate told
    assert [part.get_filename() for part in sent["new@example.org"][0].iter_attachments()] == [
        "ticket.pdf",
        "forum.ics",
    ]
    # Besides the ticket it was sent on registering, the old delegate is told of the cancellation.
    assert any("ยกเลิก" in message["Subject"] for message in sent["old@example.org"])
    client.post(f"/i/{invitation.token}/delegates/{new.id}/cancel")
    db.session.expire_all()
    assert db.session.get(Registration, new.id).status == RegistrationStatus.CANCELLED


def test_the_invitation_link_in_a_line_group_shows_no_phone_and_changes_nobody(
    client, forum, organization, register
):
    invitation = forum_invitations.invite_organizations(forum, [organization], seats=2)[0]
    db.session.commit()
    delegate = register(forum, invitation, first_name="สมชาย", phone="081-234-5678")
    page = client.get(f"/i/{invitation.token}").get_data(as_text=True)
    assert "สมชาย" in page and "xxx-xxx-5678" in page
    assert "081-234-5678" not in page and "0812345678" not in page
    assert delegate.ticket_code not in page and f"/delegates/{delegate.id}/" not in page

    response = client.post(f"/i/{invitation.token}/delegates/{delegate.id}/cancel")
    assert response.status_code == 302 and response.headers["Location"] == f"/i/{invitation.token}"
    response = client.get(f"/i/{invitation.token}/delegates/{delegate.id}/replace")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, delegate.id).status == RegistrationStatus.CONFIRMED
    # The person's own manage link still cancels.
    client.post(f"/m/{delegate.manage_token}/cancel")
    db.session.expire_all()
    assert db.session.get(Registration, delegate.id).status == RegistrationStatus.CANCELLED


def test_a_delegate_of_another_organization_is_not_found(
    client, forum, organization, create_organization, register
):
    other = create_organization(name="สมาคมอื่น")
    mine, theirs = forum_invitations.invite_organizations(forum, [organization, other])
    db.session.commit()
    registration = register(forum, theirs)
    assert client.get(f"/i/{mine.token}/delegates/{registration.id}/replace").status_code == 404
    assert client.post(f"/i/{mine.token}/delegates/{registration.id}/cancel").status_code == 404


def test_the_forums_page_says_when_only_the_waitlist_is_left(client, forum, register):
    forum.capacity = 1
    db.session.commit()
    register(forum)
    page = client.get(f"/f/{forum.public_code}").get_data(as_text=True)
    assert "ที่นั่งเต็มแล้ว ท่านลงทะเบียนเป็นรายชื่อสำรองได้" in page and 'data-testid="register-button"' in page
