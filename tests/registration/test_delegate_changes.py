"""Cancelling or replacing a delegate from the invitation's link: the organization's contact confirms by
an e-mailed link (app/registration/delegate_changes.py), sent through a real SMTP server on loopback."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from itsdangerous import URLSafeTimedSerializer

from app.extensions import db
from app.forums import invitations as forum_invitations
from app.registration import delegate_changes, service
from app.registration.fields import parse_registration
from app.registration.models import Registration, RegistrationStatus
from app.registration.questions import questions_of
from tests.conftest import wait_for_background_jobs
from tests.registration.conftest import person
from tests.registration.test_public_views import form


@pytest.fixture
def invitation(forum, create_organization, app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://forums.example.org")
    organization = create_organization(
        name="ชมรมผู้สูงอายุบ้านคลอง",
        email="office@bankhlong.example",
        contacts=[
            {"name": "นางสมศรี ใจงาม", "position": "เลขานุการ", "phone": "", "email": "somsri@example.org"}
        ],
    )
    invitation = forum_invitations.invite_organizations(forum, [organization], seats=2)[0]
    db.session.commit()
    return invitation


def status_of(registration):
    db.session.expire_all()
    return db.session.get(Registration, registration.id).status


def link_in_mail(smtp):
    wait_for_background_jobs()
    body = smtp.received[-1].message.get_body(("plain",)).get_content()
    return re.search(r"https://forums\.example\.org/c/(\S+)", body).group(1)


def test_asking_mails_the_organization_and_nothing_changes_until_the_link_is_followed(
    smtp, forum, invitation, register
):
    delegate = register(forum, invitation, first_name="สมชาย")
    assert delegate_changes.request_change(delegate, "cancel") == 2
    db.session.commit()
    token = link_in_mail(smtp)
    assert sorted(r.to for r in smtp.received) == ["office@bankhlong.example", "somsri@example.org"]
    body = smtp.received[0].message.get_body(("plain",)).get_content()
    assert "สมชาย" in body and forum.title in body
    assert "สมชาย" not in token and "ใจดี" not in token  # the link names nobody
    assert status_of(delegate) == RegistrationStatus.CONFIRMED

    delegate_changes.confirm_cancel(token)
    db.session.commit()
    assert status_of(delegate) == RegistrationStatus.CANCELLED
    with pytest.raises(delegate_changes.LinkInvalid):  # once only
        delegate_changes.confirm_cancel(token)


def test_a_replacement_is_made_only_through_the_link_and_only_once(smtp, forum, invitation, register):
    delegate = register(forum, invitation, first_name="สมชาย")
    delegate_changes.request_change(delegate, "replace")
    db.session.commit()
    token = link_in_mail(smtp)
    with pytest.raises(delegate_changes.LinkInvalid):  # a replace link does not cancel
        delegate_changes.confirm_cancel(token)
    assert status_of(delegate) == RegistrationStatus.CONFIRMED
    data = parse_registration(person(first_name="สมหญิง", prefix="นางสาว"), questions_of(forum))
    new = delegate_changes.confirm_replace(token, data)
    db.session.commit()
    assert new.first_name == "สมหญิง" and new.is_confirmed and new.replaces.id == delegate.id
    assert status_of(delegate) == RegistrationStatus.CANCELLED
    with pytest.raises(delegate_changes.LinkInvalid):
        delegate_changes.confirm_replace(token, parse_registration(person(), questions_of(forum)))


def test_an_expired_or_forged_link_changes_nothing(app, smtp, forum, invitation, register):
    delegate = register(forum, invitation)
    with time_machine.travel(datetime(2018, 10, 1, 3, tzinfo=UTC), tick=False):
        delegate_changes.request_change(delegate, "cancel")
        db.session.commit()
        token = link_in_mail(smtp)
    late = time_machine.travel(datetime(2018, 10, 4, 4, tzinfo=UTC), tick=False)
    with late, pytest.raises(delegate_changes.LinkInvalid, match="หมดอายุ"):
        delegate_changes.confirm_cancel(token)
    forged = URLSafeTimedSerializer("not the app's secret", salt="registration.delegate-change").dumps(
        [delegate.id, "cancel"]
    )
    for bad in (forged, token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "nonsense"):
        with pytest.raises(delegate_changes.LinkInvalid):
            delegate_changes.confirm_cancel(bad)
    db.session.rollback()
    assert status_of(delegate) == RegistrationStatus.CONFIRMED


def test_an_organization_without_an_address_is_told_to_call(smtp, forum, organization, register):
    invitation = forum_invitations.invite_organizations(forum, [organization], seats=1)[0]
    db.session.commit()
    delegate = register(forum, invitation)
    with pytest.raises(service.RegistrationError, match="โทร"):
        delegate_changes.request_change(delegate, "cancel")
    with pytest.raises(service.RegistrationError):
        delegate_changes.request_change(delegate, "delete everything")
    db.session.rollback()
    wait_for_background_jobs()
    assert smtp.received == []


def test_anyone_with_the_invitation_asks_and_the_contact_confirms_on_the_page(
    client, smtp, forum, invitation, register
):
    delegate = register(forum, invitation, first_name="สมชาย")
    page = client.get(f"/i/{invitation.token}").get_data(as_text=True)
    assert 'data-testid="ask-cancel"' in page and 'data-testid="cancel-delegate"' not in page
    response = client.post(
        f"/i/{invitation.token}/ask-change", data={"registration_id": delegate.id, "change": "cancel"}
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/i/{invitation.token}"
    token = link_in_mail(smtp)
    # Opening the link (as a mail program checking it would) changes nothing; the button does.
    page = client.get(f"/c/{token}").get_data(as_text=True)
    assert 'data-testid="confirm-cancel"' in page and "สมชาย" in page
    assert status_of(delegate) == RegistrationStatus.CONFIRMED
    assert client.post(f"/c/{token}").headers["Location"] == f"/i/{invitation.token}"
    assert status_of(delegate) == RegistrationStatus.CANCELLED
    response = client.get(f"/c/{token}")
    assert response.status_code == 404 and 'data-testid="change-invalid"' in response.get_data(as_text=True)
    assert client.post(f"/c/{token}").status_code == 404
    # Nobody else's delegate, and no unknown change.
    assert (
        client.post(f"/i/{invitation.token}/ask-change", data={"registration_id": 999999}).status_code == 404
    )
    assert client.post(f"/i/{invitation.token}/ask-change", data={"registration_id": "x"}).status_code == 404


def test_a_replacement_through_the_confirmation_page(client, smtp, forum, invitation, register):
    delegate = register(forum, invitation, first_name="สมชาย")
    client.post(
        f"/i/{invitation.token}/ask-change", data={"registration_id": delegate.id, "change": "replace"}
    )
    token = link_in_mail(smtp)
    assert 'data-testid="replace-form"' in client.get(f"/c/{token}").get_data(as_text=True)
    response = client.post(f"/c/{token}", data=form(first_name="สมหญิง", prefix="นางสาว"))
    assert response.status_code == 302
    assert status_of(delegate) == RegistrationStatus.CANCELLED
    assert db.session.get(Registration, delegate.id).replaced_by.first_name == "สมหญิง"
