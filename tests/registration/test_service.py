from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.forums import invitations as forum_invitations
from app.forums import service as forum_service
from app.forums.models import InvitationStatus
from app.registration import capacity, service
from app.registration.fields import parse_registration
from app.registration.models import ConsentPurpose, ConsentRecord, Dietary, Registration, RegistrationStatus
from tests.registration.conftest import person


def statuses(forum):
    rows = db.session.scalars(
        select(Registration).where(Registration.forum_id == forum.id).order_by(Registration.id)
    )
    return [(r.status.value, r.waitlist_position) for r in rows]


def test_seats_while_they_last_then_the_waitlist_in_order(create_forum, register):
    forum = create_forum(status="open", capacity=2, **_upcoming())
    first, second, third, fourth = (register(forum) for _ in range(4))
    assert [first.status, second.status] == [RegistrationStatus.CONFIRMED] * 2
    assert first.confirmed_at is not None
    assert (third.status, third.waitlist_position) == (RegistrationStatus.WAITLISTED, 1)
    assert (fourth.status, fourth.waitlist_position) == (RegistrationStatus.WAITLISTED, 2)
    assert third.confirmed_at is None and not third.has_ticket


def _upcoming():
    """A forum's times far ahead of any moment the tests run at."""
    start = datetime(2099, 10, 25, 3, 0)
    return {"starts_at": start, "ends_at": start + timedelta(hours=6)}


def test_cancelling_a_seat_gives_it_to_the_first_in_line(create_forum, register):
    forum = create_forum(status="open", capacity=2, **_upcoming())
    first, _second, third, fourth = (register(forum) for _ in range(4))
    promoted = service.cancel(first)
    db.session.commit()
    assert promoted == [third]
    assert first.status == RegistrationStatus.CANCELLED and first.cancelled_at is not None
    assert statuses(forum) == [
        ("cancelled", None),
        ("confirmed", None),
        ("confirmed", None),
        ("waitlisted", 1),
    ]
    assert fourth.waitlist_position == 1
    assert service.cancel(first) == []  # twice changes nothing


def test_leaving_the_waitlist_moves_those_behind_up(create_forum, register):
    forum = create_forum(status="open", capacity=1, **_upcoming())
    _seated, a, b, c = (register(forum) for _ in range(4))
    assert service.cancel(b) == []
    db.session.commit()
    assert [(a.waitlist_position), c.waitlist_position] == [1, 2]


def test_more_seats_take_people_from_the_line_and_fewer_than_confirmed_are_refused(create_forum, register):
    forum = create_forum(status="open", capacity=1, **_upcoming())
    registrations = [register(forum) for _ in range(4)]
    promoted = service.raise_capacity(forum, 3)
    db.session.commit()
    assert promoted == registrations[1:3]
    assert registrations[3].waitlist_position == 1
    with pytest.raises(capacity.CapacityError):
        service.raise_capacity(forum, 2)
    db.session.rollback()
    assert db.session.get(type(forum), forum.id).capacity == 3


def test_changing_the_forums_seats_in_its_form_moves_the_waitlist_too(create_forum, register):
    forum = create_forum(status="open", capacity=1, **_upcoming())
    _seated, waiting = register(forum), register(forum)
    forum_service.update_forum(forum, {"capacity": 2})
    db.session.commit()
    assert waiting.status == RegistrationStatus.CONFIRMED
    with pytest.raises(forum_service.ForumDataError) as error:
        forum_service.update_forum(forum, {"capacity": 1})
    assert "capacity" in error.value.errors and forum.capacity == 2


def test_promote_by_hand_skips_the_line_and_adds_a_seat_when_full(create_forum, register):
    forum = create_forum(status="open", capacity=1, **_upcoming())
    _seated, first, second = (register(forum) for _ in range(3))
    service.promote_by_hand(second)
    db.session.commit()
    assert second.status == RegistrationStatus.CONFIRMED
    assert forum.capacity == 2 and capacity.confirmed_count(forum) == 2
    assert first.waitlist_position == 1
    with pytest.raises(capacity.CapacityError):
        service.promote_by_hand(second)


def test_the_same_phone_or_email_gets_the_existing_registration(forum, register):
    existing = register(forum, phone="081-234-5678", email="somchai@example.org")
    for other in ({"phone": "+66 81 234 5678"}, {"email": "SOMCHAI@example.org"}):
        with pytest.raises(service.AlreadyRegistered) as error:
            service.register(forum, parse_registration(person(first_name=existing.first_name, **other)))
        db.session.rollback()
        assert error.value.registration.id == existing.id and error.value.same_person
    with pytest.raises(service.AlreadyRegistered) as error:
        service.register(forum, parse_registration(person(first_name="สมศรี", phone="0812345678")))
    assert not error.value.same_person


def test_the_database_refuses_a_second_active_registration_too(forum, register):
    existing = register(forum)
    twin = Registration(
        forum=forum, first_name="ก", last_name="ข", phone=existing.phone, status=RegistrationStatus.CONFIRMED,
        privacy_notice_version="x", answers={},
    )  # fmt: skip
    db.session.add(twin)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    service.cancel(db.session.get(Registration, existing.id))
    db.session.commit()
    again = register(forum, phone=existing.phone)  # a cancelled registration holds no number
    assert again.is_confirmed


def test_the_window_and_the_forums_status(create_forum, clock):
    later = create_forum(status="open", registration_opens_at=clock.moment + timedelta(days=1), **_upcoming())
    with pytest.raises(service.RegistrationClosed, match="เปิดรับลงทะเบียน"):
        service.register(later, parse_registration(person()))
    closed = create_forum(status="closed", **_upcoming())
    with pytest.raises(service.RegistrationClosed):
        service.register(closed, parse_registration(person()))
    draft = create_forum(**_upcoming())
    with pytest.raises(service.RegistrationClosed):
        service.register(draft, parse_registration(person()))


def test_staff_may_add_people_after_the_window_but_not_to_a_cancelled_forum(create_forum, create_user):
    staff = create_user()
    closed = create_forum(status="closed", **_upcoming())
    assert service.register(closed, parse_registration(person()), actor=staff).is_confirmed
    cancelled = create_forum(status="cancelled", **_upcoming())
    with pytest.raises(service.RegistrationClosed):
        service.register(cancelled, parse_registration(person()), actor=staff)


def test_an_invitation_fills_in_the_organization_and_keeps_its_quota(forum, organization, register):
    invitation = forum_invitations.invite_organizations(forum, [organization], seats=2)[0]
    forum_invitations.mark_sent([invitation], "line")
    db.session.commit()
    first = register(forum, invitation)
    assert first.organization_id == organization.id and first.invitation_id == invitation.id
    assert invitation.status == InvitationStatus.REGISTERED
    # Through the public link, naming the organization, uses the same quota.
    second = register(forum, organization_id=organization.id)
    assert second.invitation_id == invitation.id
    with pytest.raises(service.QuotaExceeded):
        register(forum, invitation)
    db.session.rollback()
    assert service.seats_remaining(invitation) == 0


def test_an_invitation_whose_people_all_cancel_is_no_longer_answered(forum, organization, register):
    invitation = forum_invitations.invite_organizations(forum, [organization])[0]
    forum_invitations.mark_sent([invitation], "line")
    db.session.commit()
    registration = register(forum, invitation)
    service.cancel(registration)
    db.session.commit()
    assert invitation.status == InvitationStatus.SENT


def test_a_quota_cannot_go_below_the_people_registered(forum, organization, register):
    invitation = forum_invitations.invite_organizations(forum, [organization], seats=2)[0]
    db.session.commit()
    register(forum, invitation)
    register(forum, invitation)
    with pytest.raises(forum_service.ForumDataError):
        forum_invitations.change_quota([invitation], 1)


def test_replacing_a_delegate_keeps_the_seat_and_ends_the_old_ticket(forum, organization, register):
    invitation = forum_invitations.invite_organizations(forum, [organization])[0]
    db.session.commit()
    old = register(forum, invitation)
    new = service.replace_delegate(old, parse_registration(person(first_name="สมหญิง")))
    db.session.commit()
    assert old.status == RegistrationStatus.CANCELLED and old.replaced_by == new and old.was_replaced
    assert new.status == RegistrationStatus.CONFIRMED and new.confirmed_at == old.confirmed_at
    assert new.replaces == old and new.ticket_code != old.ticket_code
    assert new.invitation == invitation and new.organization == organization
    assert capacity.confirmed_count(forum) == 1


def test_a_replacement_keeps_a_place_in_line(create_forum, organization, register):
    forum = create_forum(status="open", capacity=1, **_upcoming())
    invitation = forum_invitations.invite_organizations(forum, [organization])[0]
    db.session.commit()
    register(forum)
    old = register(forum, invitation)
    behind = register(forum)
    new = service.replace_delegate(old, parse_registration(person()))
    db.session.commit()
    assert (new.status, new.waitlist_position, behind.waitlist_position) == (
        RegistrationStatus.WAITLISTED,
        1,
        2,
    )


def test_the_pdpa_record_is_kept_and_a_withdrawal_erases_sensitive_data(forum):
    data = parse_registration(
        person(
            dietary="halal", consents={"photos": True, "sensitive_data": True}, accessibility_needs="รถเข็น"
        )
    )
    registration = service.register(forum, data)
    db.session.commit()
    assert registration.privacy_notice_version == service.PRIVACY_NOTICE_VERSION
    assert registration.privacy_notice_at is not None
    assert registration.photo_consent_at is not None and registration.line_consent_at is None
    purposes = [(c.purpose, c.granted) for c in registration.consents]
    assert purposes == [
        (ConsentPurpose.PHOTOS, True),
        (ConsentPurpose.SENSITIVE_DATA, True),
    ]
    changed = parse_registration(person(phone=registration.phone, consents={"photos": False}))
    service.update_registration(registration, changed)
    db.session.commit()
    assert registration.photo_consent_at is None and registration.sensitive_consent_at is None
    assert registration.dietary == Dietary.NONE and registration.accessibility_needs == ""
    log = db.session.scalars(
        select(ConsentRecord)
        .where(ConsentRecord.registration_id == registration.id)
        .order_by(ConsentRecord.id)
    ).all()
    assert [(c.purpose.value, c.granted) for c in log[-2:]] == [("photos", False), ("sensitive_data", False)]


def test_changing_to_someone_elses_phone_is_refused(forum, register):
    mine, theirs = register(forum), register(forum)
    with pytest.raises(service.AlreadyRegistered):
        service.update_registration(mine, parse_registration(person(phone=theirs.phone)))


def test_counts_per_forum(forum, register):
    forum.capacity = 1
    db.session.commit()
    first = register(forum)
    register(forum)
    register(forum)
    service.cancel(first)
    db.session.commit()
    counts = forum_service.forum_counts(forum)
    assert {k: counts[k] for k in ("confirmed", "waitlisted", "cancelled")} == {
        "confirmed": 1,
        "waitlisted": 1,
        "cancelled": 1,
    }


def test_a_typed_name_that_is_in_the_directory_is_linked(forum, organization, register):
    registration = register(forum, organization_name=" มูลนิธิพัฒนาเด็ก พิษณุโลก ")
    assert registration.organization_id == organization.id
    unlisted = register(forum, organization_name="ชมรมผู้สูงอายุบ้านใหม่")
    assert unlisted.organization_id is None and unlisted.is_unlisted_organization
