from datetime import datetime, time, timedelta

import pytest

from app.auth.models import Role
from app.extensions import db
from app.forums import agenda, invitations, service
from app.forums.models import (
    Forum,
    ForumStatus,
    InvitationStatus,
    NoticeKind,
    RegistrationPhase,
    SpeakerRole,
)

S = ForumStatus
ALLOWED = {
    (S.DRAFT, S.OPEN),
    (S.DRAFT, S.CANCELLED),
    (S.OPEN, S.CLOSED),
    (S.OPEN, S.FINISHED),
    (S.OPEN, S.CANCELLED),
    (S.CLOSED, S.OPEN),
    (S.CLOSED, S.FINISHED),
    (S.CLOSED, S.CANCELLED),
}
VERBS = {
    S.OPEN: service.open_forum,
    S.CLOSED: service.close_forum,
    S.FINISHED: service.finish_forum,
    S.CANCELLED: service.cancel_forum,
}


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(VERBS))
def test_every_transition_is_allowed_or_refused(create_forum, current, target):
    forum = create_forum(status=current)  # 25 October 2018: long started
    if (current, target) in ALLOWED:
        VERBS[target](forum)
        assert forum.status == target
    else:
        with pytest.raises(service.IllegalTransition):
            VERBS[target](forum)
        assert forum.status == current


@pytest.mark.parametrize("current", [s for s in S if s != S.DRAFT])
def test_nothing_goes_back_to_draft(create_forum, current):
    forum = create_forum(status=current)
    with pytest.raises(service.IllegalTransition):
        service.change_status(forum, "draft")


def test_a_forum_that_has_not_started_cannot_be_finished(forum):
    with pytest.raises(service.ForumError, match="เวทีเริ่มแล้ว"):
        service.finish_forum(forum)
    assert forum.status == S.OPEN
    service.finish_forum(forum, now=forum.starts_at + timedelta(minutes=1))
    assert forum.status == S.FINISHED


def test_refused_move_says_both_statuses_in_thai(create_forum):
    forum = create_forum(status="finished")
    with pytest.raises(service.IllegalTransition) as caught:
        service.open_forum(forum)
    assert "จัดเสร็จแล้ว" in str(caught.value) and "เปิดรับลงทะเบียน" in str(caught.value)


def test_registration_window_is_the_one_rule(create_forum):
    start = datetime(2030, 3, 10, 2, 0)
    forum = create_forum(
        status="open",
        starts_at=start,
        ends_at=start + timedelta(hours=7),
        registration_opens_at=start - timedelta(days=10),
        registration_closes_at=start - timedelta(days=1),
    )
    phase = forum.registration_phase_at
    assert phase(start - timedelta(days=10, seconds=1)) == RegistrationPhase.NOT_YET
    assert phase(start - timedelta(days=10)) == RegistrationPhase.OPEN
    assert phase(start - timedelta(days=1, seconds=1)) == RegistrationPhase.OPEN
    assert phase(start - timedelta(days=1)) == RegistrationPhase.CLOSED
    forum.registration_closes_at = None  # then registration closes when the forum starts
    assert phase(start - timedelta(seconds=1)) == RegistrationPhase.OPEN
    assert phase(start) == RegistrationPhase.CLOSED
    for status, expected in [
        (S.DRAFT, RegistrationPhase.DRAFT),
        (S.CLOSED, RegistrationPhase.CLOSED),
        (S.CANCELLED, RegistrationPhase.CANCELLED),
        (S.FINISHED, RegistrationPhase.FINISHED),
    ]:
        forum.status = status
        assert phase(start - timedelta(days=2)) == expected


def test_is_open_for_registration_reads_the_clock(forum, create_forum):
    assert forum.is_open_for_registration
    assert not create_forum(status="open").is_open_for_registration  # 2018: long past
    service.close_forum(forum)
    assert not forum.is_open_for_registration


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"venue_name": ""}, "venue_name"),
        ({"ends_at": datetime(2018, 10, 25, 3, 0)}, "ends_at"),
        ({"ends_at": datetime(2018, 10, 25, 2, 0)}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"seats_per_organization": 0}, "seats_per_organization"),
        ({"seats_per_organization": 111}, "seats_per_organization"),
        ({"map_url": "javascript:alert(1)"}, "map_url"),
        (
            {
                "registration_opens_at": datetime(2018, 10, 20),
                "registration_closes_at": datetime(2018, 10, 19),
            },
            "registration_closes_at",
        ),
        ({"registration_closes_at": datetime(2018, 10, 26)}, "registration_closes_at"),
    ],
)
def test_forum_rules_name_the_field_and_change_nothing(create_forum, changes, field):
    forum = create_forum()
    before = {k: getattr(forum, k) for k in changes}
    with pytest.raises(service.ForumDataError) as caught:
        service.update_forum(forum, changes)
    assert field in caught.value.errors
    assert {k: getattr(forum, k) for k in changes} == before


def test_create_forum_refuses_bad_data_and_adds_nothing(create_user):
    user = create_user(Role.ORGANIZER)
    with pytest.raises(service.ForumDataError):
        service.create_forum(
            {"title": "x", "starts_at": datetime(2018, 1, 1), "ends_at": datetime(2017, 1, 1)}, user
        )
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(Forum)) == 0


def test_several_days_and_the_planner_is_an_organizer(create_user):
    user = create_user(Role.ORGANIZER, name="สมชาย")
    forum = service.create_forum(
        {
            "title": "อบรมผู้นำเครือข่าย",
            "starts_at": datetime(2018, 11, 1, 1, 30),
            "ends_at": datetime(2018, 11, 3, 9, 0),
            "venue_name": "ศาลากลาง",
            "capacity": 40,
            "target_kinds": ["community_welfare"],
        },
        user,
    )
    assert forum.organizers == [user]
    assert [d.day for d in forum.days] == [1, 2, 3] and forum.is_multi_day
    assert forum.local_start.hour == 8 and forum.local_start.minute == 30


def test_postpone_moves_dates_keeps_the_first_date_and_records_a_notice(forum, create_user):
    user = create_user(Role.ORGANIZER)
    first = forum.starts_at
    forum.registration_closes_at = first - timedelta(days=2)
    notice = service.postpone_forum(
        forum, first + timedelta(days=7), forum.ends_at + timedelta(days=7), "น้ำท่วม", user
    )
    assert (notice.kind, notice.previous_starts_at, notice.new_starts_at) == (
        NoticeKind.POSTPONED,
        first,
        first + timedelta(days=7),
    )
    assert forum.registration_closes_at == first + timedelta(days=5)
    service.postpone_forum(forum, first + timedelta(days=14), forum.ends_at + timedelta(days=7))
    assert forum.postponed_from == first and forum.is_postponed
    assert forum.sequence == 2 and forum.status == S.OPEN


def test_postpone_refuses_drafts_and_same_dates(create_forum, forum):
    with pytest.raises(service.ForumError):
        service.postpone_forum(create_forum(), datetime(2019, 1, 1), datetime(2019, 1, 1, 5))
    with pytest.raises(service.ForumDataError):
        service.postpone_forum(forum, forum.starts_at, forum.ends_at)
    with pytest.raises(service.ForumDataError):
        service.postpone_forum(forum, forum.starts_at + timedelta(days=1), forum.starts_at)


def test_cancel_keeps_the_reason_and_records_a_notice(forum):
    notice = service.cancel_forum(forum, " งบประมาณไม่ผ่าน ")
    assert forum.status == S.CANCELLED and forum.cancel_reason == "งบประมาณไม่ผ่าน"
    assert notice.kind == NoticeKind.CANCELLED and notice.new_starts_at is None


def test_agenda_items_go_where_their_time_belongs_and_move(forum):
    lunch = agenda.add_agenda_item(forum, {"start_time": time(12), "title": "พักรับประทานอาหาร"})
    opening = agenda.add_agenda_item(
        forum,
        {
            "start_time": time(10),
            "end_time": time(10, 30),
            "title": "พิธีเปิด",
            "speaker": "ผู้ว่าราชการจังหวัด",
            "speaker_role": SpeakerRole.CHAIR,
        },
    )
    talk = agenda.add_agenda_item(forum, {"start_time": time(10, 30), "title": "บรรยาย"})
    assert [i.title for i in forum.agenda] == ["พิธีเปิด", "บรรยาย", "พักรับประทานอาหาร"]
    agenda.move_agenda_item(lunch, -1)
    assert forum.agenda == [opening, lunch, talk]
    agenda.move_agenda_item(opening, -1)  # already first
    agenda.move_agenda_item(talk, +1)  # already last
    assert forum.agenda == [opening, lunch, talk]
    assert [i.position for i in forum.agenda] == [0, 1, 2]
    agenda.delete_agenda_item(lunch)
    assert forum.agenda == [opening, talk] and talk.position == 1
    db.session.commit()
    db.session.expire_all()
    assert [i.title for i in db.session.get(Forum, forum.id).agenda] == ["พิธีเปิด", "บรรยาย"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"start_time": time(10), "title": ""}, "title"),
        ({"start_time": time(10), "end_time": time(9), "title": "x"}, "end_time"),
        ({"start_time": time(10), "title": "x", "day": 2}, "day"),
    ],
)
def test_agenda_item_rules(forum, data, field):
    with pytest.raises(service.ForumDataError) as caught:
        agenda.add_agenda_item(forum, data)
    assert field in caught.value.errors and forum.agenda == []


def test_agenda_item_date_follows_the_forum_when_it_moves(forum):
    item = agenda.add_agenda_item(forum, {"start_time": time(13), "title": "สรุป"})
    service.postpone_forum(forum, forum.starts_at + timedelta(days=3), forum.ends_at + timedelta(days=3))
    assert item.date == forum.local_start.date() and item.start_time == time(13)


def test_clone_copies_agenda_and_invitation_list_as_a_new_draft(forum, create_organization, create_user):
    user = create_user(Role.ORGANIZER)
    agenda.add_agenda_item(
        forum, {"start_time": time(10), "title": "พิธีเปิด", "speaker_role": SpeakerRole.CHAIR}
    )
    a, b = create_organization(name="ก"), create_organization(name="ข")
    first, second = invitations.invite_organizations(forum, [a, b], seats=2)
    invitations.mark_sent([first], "line")
    invitations.decline(second, "ติดภารกิจ")
    copy = service.clone_forum(forum, user)
    db.session.commit()
    assert copy.status == S.DRAFT and copy.id != forum.id and copy.cloned_from_id == forum.id
    assert copy.title == f"{forum.title} (สำเนา)"
    assert copy.public_code != forum.public_code
    assert [(i.title, i.speaker_role) for i in copy.agenda] == [("พิธีเปิด", SpeakerRole.CHAIR)]
    assert {(i.organization_id, i.seats, i.status) for i in copy.invitations} == {
        (a.id, 2, InvitationStatus.NOT_SENT),
        (b.id, 2, InvitationStatus.NOT_SENT),
    }
    assert not {i.token for i in copy.invitations} & {first.token, second.token}
    assert all(i.sent_at is None and i.decline_reason == "" for i in copy.invitations)
    assert user in copy.organizers and copy.registration_opens_at is None
    assert len(forum.agenda) == 1 and len(forum.invitations) == 2


def test_counts_are_per_forum_and_registration_counts_wait_for_registrations(
    forum, create_forum, create_organization
):
    other = create_forum()
    orgs = [create_organization(name=f"องค์กร {i}") for i in range(3)]
    invitations.invite_organizations(forum, orgs)
    invitations.invite_organizations(other, orgs[:1])
    counts = service.counts_for([forum, other])
    assert counts[forum.id] == {
        "invited": 3,
        "confirmed": 0,
        "waitlisted": 0,
        "cancelled": 0,
        "checked_in": 0,
    }
    assert counts[other.id]["invited"] == 1
    assert service.seats_left(forum) == forum.capacity


def test_delete_only_an_untold_draft(create_forum, create_organization):
    draft = create_forum()
    invitation = invitations.invite_organizations(draft, [create_organization()])[0]
    assert draft.can_be_deleted
    invitation.status = InvitationStatus.SENT
    with pytest.raises(service.ForumError):
        service.delete_forum(draft)
    invitation.status = InvitationStatus.NOT_SENT
    service.delete_forum(draft)
    db.session.commit()
    assert db.session.get(Forum, draft.id) is None


def test_list_upcoming_past_and_by_fiscal_year(create_forum):
    now = datetime(2018, 11, 1)
    before_fy = create_forum(
        title="ก.ย. 61",
        status="finished",
        starts_at=datetime(2018, 9, 30, 16, 0),
        ends_at=datetime(2018, 9, 30, 17, 0),
    )
    first_of_fy = create_forum(
        title="1 ต.ค. 61",
        status="finished",
        starts_at=datetime(2018, 9, 30, 17, 0),
        ends_at=datetime(2018, 9, 30, 18, 0),
    )
    upcoming = create_forum(
        title="ธ.ค. 61", status="open", starts_at=datetime(2018, 12, 1, 2), ends_at=datetime(2018, 12, 1, 9)
    )
    old_draft = create_forum(title="ร่าง", starts_at=datetime(2018, 5, 1, 2), ends_at=datetime(2018, 5, 1, 9))

    def titles(**kwargs):
        return [f.title for f in service.list_forums(service.ForumFilter(**kwargs), now=now)]

    assert titles(when="upcoming") == [old_draft.title, upcoming.title]
    assert titles(when="past") == [first_of_fy.title, before_fy.title]
    # 1 October 2018 00:00 in Bangkok is 30 September 17:00 UTC: the first moment of fiscal year 2562.
    assert titles(when="all", fiscal_year=2562) == [upcoming.title, first_of_fy.title]
    assert titles(when="all", fiscal_year=2561) == [before_fy.title, old_draft.title]
    assert titles(when="all", status="open") == [upcoming.title]
    groups = service.group_by_fiscal_year(service.list_forums(service.ForumFilter(when="all"), now=now))
    assert [(year, len(forums)) for year, forums in groups] == [(2562, 2), (2561, 2)]
    assert service.fiscal_years(today=now) == [2562, 2561]


def test_list_of_my_forums(create_forum, create_user):
    me = create_user(Role.ORGANIZER)
    mine = create_forum(title="ของฉัน", organizers=[me])
    create_forum(title="ของคนอื่น")
    assert service.list_forums(service.ForumFilter(when="all", organizer_id=me.id)) == [mine]
