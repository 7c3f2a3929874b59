"""Inviting more seats than the forum has left: warned before inviting, and on the page that sends them."""

import pytest

from app.auth.models import Role
from app.directory import service as directory_service
from app.directory.models import OrganizationKind
from app.extensions import db
from app.forums import invitations as inv
from app.forums.models import Invitation, InvitationStatus
from app.forums.seat_offers import seat_offer


@pytest.fixture
def network():
    """131 organizations, as in the forum of 25 October 2561 that invited them two seats each for 110."""
    organizations = [
        directory_service.create_organization(
            {"name": f"กองทุนสวัสดิการ {n}", "kind": OrganizationKind.COMMUNITY_WELFARE}
        )
        for n in range(131)
    ]
    db.session.commit()
    return organizations


def test_131_organizations_with_two_seats_are_over_110_seats(create_forum, network):
    forum = create_forum(status="open", capacity=110)
    offer = seat_offer(forum, len(network), 2)
    assert (offer.offered, offer.seats_left, offer.is_over) == (262, 110, True)
    assert not seat_offer(forum, 55, 2).is_over


def test_pending_invitations_count_and_answered_ones_do_not(create_forum, network):
    forum = create_forum(status="open", capacity=110)
    inv.invite_organizations(forum, network[:50], seats=2)
    db.session.commit()
    assert seat_offer(forum, 6, 2).is_over and not seat_offer(forum, 5, 2).is_over
    for invitation in forum.invitations[:10]:
        invitation.status = InvitationStatus.DECLINED
    db.session.commit()
    assert seat_offer(forum).pending == 80


def test_the_chooser_asks_before_inviting_too_many_seats(client, login_as, create_forum, network):
    login_as(Role.ORGANIZER)
    forum = create_forum(status="open", capacity=110)
    chosen = {"organization_ids": [str(o.id) for o in network], "seats": "2"}

    page = client.post(f"/forums/{forum.id}/invitations/new", data=chosen).get_data(as_text=True)
    assert 'data-testid="over-seats-warning"' in page and "262" in page and "110" in page
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0

    response = client.post(f"/forums/{forum.id}/invitations/new", data={**chosen, "over_seats_ok": "1"})
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 131

    page = client.get(f"/forums/{forum.id}/invitations").get_data(as_text=True)
    assert 'data-testid="over-seats-warning"' in page


def test_a_choice_within_the_seats_is_invited_at_once(client, login_as, create_forum, network):
    login_as(Role.ORGANIZER)
    forum = create_forum(status="open", capacity=110)
    chosen = {"organization_ids": [str(o.id) for o in network[:50]], "seats": "2"}
    assert client.post(f"/forums/{forum.id}/invitations/new", data=chosen).status_code == 302
    assert 'data-testid="over-seats-warning"' not in client.get(f"/forums/{forum.id}/invitations").get_data(
        as_text=True
    )
