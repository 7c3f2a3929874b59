import math
from datetime import date, datetime, timedelta

import pytest

from app.directory.models import OrganizationKind, OrganizationStatus
from app.extensions import db
from app.forums import invitations as inv
from app.forums import service
from app.forums.models import Channel, InvitationStatus, NoticeKind
from tests.attendance import attend

PB, CW, LG = (
    OrganizationKind.PUBLIC_BENEFIT,
    OrganizationKind.COMMUNITY_WELFARE,
    OrganizationKind.LOCAL_GOVERNMENT,
)


def names(forum, **filters):
    organizations, _invited = inv.choose_organizations(forum, inv.InvitationFilter(**filters))
    return sorted(o.name for o in organizations)


@pytest.fixture
def network(create_organization):
    """Five organizations of the directory, of every kind that matters here."""
    return {
        "pb": create_organization(
            name="มูลนิธิ ก", kind=PB, district_code="6501", fields_of_work=["education", "health"]
        ),
        "cw": create_organization(
            name="กองทุนสวัสดิการ ข", kind=CW, district_code="6502", fields_of_work=["social_services"]
        ),
        "cw2": create_organization(
            name="กองทุนสวัสดิการ ค", kind=CW, district_code="6501", fields_of_work=["health"]
        ),
        "lg": create_organization(name="อบต. ง", kind=LG, district_code="6501"),
        "revoked": create_organization(name="สมาคม จ", kind=PB, status=OrganizationStatus.REVOKED),
    }


def test_filters_by_kind_district_status_field_and_text(forum, network):
    assert names(forum) == ["กองทุนสวัสดิการ ข", "กองทุนสวัสดิการ ค", "มูลนิธิ ก", "อบต. ง"]  # active only
    assert names(forum, kinds=["public_benefit", "community_welfare"]) == [
        "กองทุนสวัสดิการ ข",
        "กองทุนสวัสดิการ ค",
        "มูลนิธิ ก",
    ]
    assert names(forum, district="6501") == ["กองทุนสวัสดิการ ค", "มูลนิธิ ก", "อบต. ง"]
    assert names(forum, status="revoked") == ["สมาคม จ"]
    assert len(names(forum, status="")) == 5
    assert names(forum, fields_of_work=["health"]) == ["กองทุนสวัสดิการ ค", "มูลนิธิ ก"]
    assert names(forum, fields_of_work=["social_services", "education"]) == ["กองทุนสวัสดิการ ข", "มูลนิธิ ก"]
    assert names(forum, q="สวัสดิการ  ข") == ["กองทุนสวัสดิการ ข"]


def test_past_participation_counts_check_ins_at_other_forums(create_forum, network):
    # The new forum is in fiscal year 2562 (1 Oct 2018 – 30 Sep 2019).
    new = create_forum(starts_at=datetime(2019, 3, 1, 2), ends_at=datetime(2019, 3, 1, 9))
    this_year = create_forum(
        status="closed", starts_at=datetime(2018, 9, 30, 17), ends_at=datetime(2018, 9, 30, 20)
    )
    last_year = create_forum(
        status="closed", starts_at=datetime(2018, 9, 30, 16), ends_at=datetime(2018, 9, 30, 16, 30)
    )
    cancelled = create_forum(
        status="open", starts_at=datetime(2018, 12, 1, 2), ends_at=datetime(2018, 12, 1, 9)
    )
    inv.invite_organizations(this_year, [network["pb"], network["cw2"]])
    inv.invite_organizations(last_year, [network["cw"]])
    inv.invite_organizations(cancelled, [network["lg"]])
    # Took part = checked in, not undone (Bangkok days: 1 Oct 2018 is fiscal year 2562).
    attend(this_year, network["pb"], date(2018, 10, 1))
    attend(this_year, network["cw2"], date(2018, 10, 1), undone=True)  # registered; check-in undone
    attend(last_year, network["cw"], date(2018, 9, 30))
    inv.invite_organizations(new, [network["pb"], network["cw"]])  # this forum's own invitations do not count
    attend(new, network["lg"], date(2019, 3, 1))  # nor its own attendance
    service.cancel_forum(cancelled)
    db.session.commit()

    assert names(new, participation="none_this_year") == ["กองทุนสวัสดิการ ข", "กองทุนสวัสดิการ ค", "อบต. ง"]
    assert names(new, participation="never_attended") == ["กองทุนสวัสดิการ ค", "อบต. ง"]
    assert names(new, participation="never_invited") == []
    assert names(new, participation="never_invited", status="revoked") == ["สมาคม จ"]


def test_choose_says_who_is_already_invited(forum, network):
    inv.invite_organizations(forum, [network["pb"]])
    organizations, invited = inv.choose_organizations(forum, inv.InvitationFilter(kinds=["public_benefit"]))
    assert [o.name for o in organizations] == ["มูลนิธิ ก"] and invited == {network["pb"].id}


def test_invite_with_the_forums_quota_or_another(create_forum, network):
    forum = create_forum(seats_per_organization=3)
    made = inv.invite_organizations(forum, [network["pb"], network["cw"], network["pb"]])
    assert [(i.organization.name, i.seats, i.status) for i in made] == [
        ("มูลนิธิ ก", 3, InvitationStatus.NOT_SENT),
        ("กองทุนสวัสดิการ ข", 3, InvitationStatus.NOT_SENT),
    ]
    assert inv.invite_organizations(forum, [network["lg"]], seats=1)[0].seats == 1


def test_every_invitation_has_its_own_unguessable_token(forum, network):
    made = inv.invite_organizations(forum, list(network.values()))
    tokens = {i.token for i in made}
    assert len(tokens) == len(made)
    # token_urlsafe: 6 random bits per character; at least 128 bits.
    assert all(len(t) * math.log2(64) >= 128 for t in tokens)


def test_inviting_twice_is_refused_whole(forum, network):
    inv.invite_organizations(forum, [network["pb"]])
    with pytest.raises(inv.AlreadyInvited) as caught:
        inv.invite_organizations(forum, [network["cw"], network["pb"]])
    assert [i.organization_id for i in caught.value.invitations] == [network["pb"].id]
    assert "มูลนิธิ ก" in str(caught.value)
    assert len(forum.invitations) == 1


@pytest.mark.parametrize("seats", [0, -1, 111, "2", True])
def test_quota_must_be_between_one_and_the_capacity(forum, network, seats):
    with pytest.raises(service.ForumDataError) as caught:
        inv.invite_organizations(forum, [network["pb"]], seats=seats)
    assert "seats" in caught.value.errors


def test_cancelled_and_finished_forums_take_no_invitations(create_forum, network):
    for status in ("cancelled", "finished"):
        with pytest.raises(service.ForumError):
            inv.invite_organizations(create_forum(status=status), [network["pb"]])


def test_change_quota_per_organization(forum, network):
    a, b = inv.invite_organizations(forum, [network["pb"], network["cw"]])
    inv.change_quota([b], 4)
    assert (a.seats, b.seats) == (1, 4)
    with pytest.raises(service.ForumDataError):
        inv.change_quota([a], 0)


def test_mark_sent_keeps_the_first_sending_and_needs_an_open_forum(forum, create_forum, network):
    a, b = inv.invite_organizations(forum, [network["pb"], network["cw"]])
    first = datetime(2030, 1, 1, 3)
    assert inv.mark_sent([a], Channel.LETTER, now=first) == [a]
    assert inv.mark_sent([a, b], "line", now=first + timedelta(days=1)) == [b]
    assert (a.status, a.sent_at, a.sent_via) == (InvitationStatus.SENT, first, Channel.LETTER)
    assert (b.status, b.sent_via) == (InvitationStatus.SENT, Channel.LINE)
    draft_invitation = inv.invite_organizations(create_forum(), [network["pb"]])[0]
    with pytest.raises(service.ForumError, match="เปิดเวที"):
        inv.mark_sent([draft_invitation], "line")
    assert draft_invitation.status == InvitationStatus.NOT_SENT


def test_only_not_sent_invitations_can_be_removed(forum, network):
    a, b = inv.invite_organizations(forum, [network["pb"], network["cw"]])
    inv.mark_sent([a], "email")
    assert inv.remove_invitations([a, b]) == [b]
    db.session.commit()
    assert [i.organization_id for i in forum.invitations] == [network["pb"].id]


def test_reminders_go_to_those_not_answered_with_their_dates(forum, network):
    sent, opened, declined, unsent = inv.invite_organizations(
        forum, [network[k] for k in ("pb", "cw", "cw2", "lg")]
    )
    inv.mark_sent([sent, opened, declined], "letter")
    inv.mark_opened(opened)
    inv.decline(declined)
    assert set(inv.reminder_candidates(forum)) == {sent, opened}
    day = datetime(2030, 1, 5, 2)
    inv.record_reminder(sent, "phone", now=day)
    inv.record_reminder(sent, "line", now=day + timedelta(days=3))
    assert [r.sent_at for r in sent.reminders] == [day, day + timedelta(days=3)]
    assert sent.last_reminded_at == day + timedelta(days=3)
    with pytest.raises(service.ForumError):
        inv.record_reminder(declined, "line")
    assert inv.record_reminders([opened, declined, unsent], "line") == [opened.reminders[0]]


def test_opening_the_link_is_recorded_once(forum, network):
    invitation = inv.invite_organizations(forum, [network["pb"]])[0]
    inv.mark_sent([invitation], "line")
    first = datetime(2030, 1, 2, 3)
    inv.mark_opened(invitation, now=first)
    inv.mark_opened(invitation, now=first + timedelta(hours=5))
    assert (invitation.status, invitation.opened_at) == (InvitationStatus.OPENED, first)


def test_opening_does_not_undo_an_answer(forum, network):
    invitation = inv.invite_organizations(forum, [network["pb"]])[0]
    inv.decline(invitation, "ติดประชุม")
    inv.mark_opened(invitation)
    assert invitation.status == InvitationStatus.DECLINED and invitation.opened_at is not None


def test_decline_with_a_reason_once_and_never_after_registering(forum, network):
    a, b = inv.invite_organizations(forum, [network["pb"], network["cw"]])
    inv.decline(a, "  ติดภารกิจ\u200b ")
    assert (a.status, a.decline_reason) == (InvitationStatus.DECLINED, "ติดภารกิจ") and a.declined_at
    with pytest.raises(service.ForumError):
        inv.decline(a)
    b.status = InvitationStatus.REGISTERED
    with pytest.raises(service.ForumError):
        inv.decline(b)


def test_public_lookup_of_an_invitation_hides_drafts(forum, create_forum, network):
    invitation = inv.invite_organizations(forum, [network["pb"]])[0]
    draft_invitation = inv.invite_organizations(create_forum(), [network["pb"]])[0]
    assert inv.find_invitation(invitation.token) is invitation
    assert inv.find_invitation(draft_invitation.token) is None
    assert inv.find_invitation("x" * 100) is None and inv.find_invitation("") is None


def test_who_is_told_of_a_cancellation_or_a_postponement(forum, network, create_organization):
    with_contact = create_organization(
        name="ชมรม ฉ",
        email="Club@Example.org",
        contacts=[
            {"name": "นายหนึ่ง", "email": "one@example.org"},
            {"name": "นางสอง", "email": "club@example.org"},
            {"name": "นายสาม"},
        ],
    )
    sent, declined, _unsent, registered = inv.invite_organizations(
        forum, [with_contact, network["cw"], network["lg"], network["pb"]]
    )
    inv.mark_sent([sent, declined, registered], "letter")
    inv.decline(declined)
    registered.status = InvitationStatus.REGISTERED

    cancelled = {r.organization.name: r.emails for r in inv.notice_recipients(forum, NoticeKind.CANCELLED)}
    assert cancelled == {"ชมรม ฉ": ["club@example.org", "one@example.org"], "มูลนิธิ ก": []}
    postponed = inv.notice_recipients(forum, NoticeKind.POSTPONED)
    assert {r.organization.name for r in postponed} == {"ชมรม ฉ", "มูลนิธิ ก", "กองทุนสวัสดิการ ข"}
    assert [r.organization.name for r in postponed if not r.reachable_by_email] == [
        "กองทุนสวัสดิการ ข",
        "มูลนิธิ ก",
    ]
