"""On a phone, someone with the organization's invitation link (pasted in a LINE group) asks to cancel a
delegate; the organization's contact follows the e-mailed link and confirms; the link then stops working."""

import re

from app.extensions import db
from app.forums import invitations as forum_invitations
from app.registration import service
from app.registration.fields import parse_registration
from app.registration.models import Registration, RegistrationStatus
from app.registration.questions import questions_of
from tests.conftest import wait_for_background_jobs
from tests.e2e.conftest import assert_accessible, assert_fits
from tests.registration.conftest import person
from tests.smtp import SmtpServer


def test_a_delegate_is_cancelled_only_after_the_contact_confirms(
    app, live_server, phone, forum, create_organization, monkeypatch, screenshot
):
    organization = create_organization(name="ชมรมผู้สูงอายุบ้านคลอง", email="office@bankhlong.example")
    invitation = forum_invitations.invite_organizations(forum, [organization], seats=2)[0]
    delegate = service.register(
        forum, parse_registration(person(first_name="สมชาย"), questions_of(forum)), invitation
    )
    db.session.commit()

    with SmtpServer() as server:
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", server.port)
        phone.goto(f"{live_server}/i/{invitation.token}")
        phone.click("[data-testid=ask-change] summary")
        assert_accessible(phone)
        assert_fits(phone)
        screenshot(phone, "delegate-ask-change-phone")
        phone.click("[data-testid=ask-cancel]")
        phone.wait_for_selector("text=ส่งอีเมลถึงผู้ประสานงานขององค์กรแล้ว")
        wait_for_background_jobs()
        body = server.recorder.received[0].message.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/c/\S+", body).group(0)
    db.session.expire_all()
    assert db.session.get(Registration, delegate.id).status == RegistrationStatus.CONFIRMED

    phone.goto(link)
    assert "สมชาย" in phone.inner_text("[data-testid=confirm-cancel]")
    assert_accessible(phone)
    screenshot(phone, "delegate-confirm-cancel-phone")
    phone.click("[data-testid=confirm-cancel-button]")
    phone.wait_for_url(f"{live_server}/i/{invitation.token}")
    db.session.expire_all()
    assert db.session.get(Registration, delegate.id).status == RegistrationStatus.CANCELLED

    phone.goto(link)
    assert "ไม่มีการเปลี่ยนแปลง" in phone.inner_text("[data-testid=change-invalid]")
    assert_accessible(phone)
