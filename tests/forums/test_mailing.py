"""Invitations, reminders and notices e-mailed by a background job through a real SMTP server."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.extensions import db
from app.forums import invitations as inv
from app.forums import mailing, service
from app.forums.models import Channel, InvitationStatus, NoticeKind
from app.jobs.models import Job, JobStatus
from app.mail.models import MailMessage
from tests.conftest import wait_for_background_jobs
from tests.mail.test_crash import flask_process, item_states, kill_when_held, resume_and_finish
from tests.smtp import decoded_header

BASE = "http://forums.test"
LINK = re.compile(r"http://forums\.test/i/[\w-]+")


def run(job):
    db.session.commit()
    wait_for_background_jobs()
    db.session.expire_all()
    return db.session.get(Job, job.id)


def body(received):
    return received.message.get_body(("plain",)).get_content()


def test_each_address_gets_one_thai_invitation_with_a_working_link(app, client, smtp, forum, invited):
    two = invited[0]
    job = run(mailing.send_invitations(forum, invited, base_url=BASE))

    assert job.status == JobStatus.DONE
    assert smtp.by_recipient() == {"office@two.example.org": 1, "chair@two.example.org": 1}
    for received in smtp.received:
        assert decoded_header(received.message, "Subject") == f"ขอเชิญเข้าร่วม {forum.title}"
        text = body(received)
        assert "เรียน มูลนิธิสองที่อยู่" in text
        assert forum.venue_name in text
        assert "จำนวนที่นั่งสำหรับองค์กรของท่าน: 2" in text
        assert f"{forum.local_start.year + 543}" in text and "10.00–16.00 น." in text
        assert LINK.findall(text) == [f"{BASE}/i/{two.token}"]
    page = client.get(urlsplit(LINK.findall(body(smtp.received[0]))[0]).path)
    assert page.status_code == 200 and "มูลนิธิสองที่อยู่" in page.get_data(as_text=True)

    db.session.expire_all()
    assert (two.status, two.sent_via) == (InvitationStatus.OPENED, Channel.EMAIL)  # sent, then opened
    assert [i.status for i in invited[1:]] == [InvitationStatus.NOT_SENT] * 2
    unreached = {u.invitation.organization.name: u for u in mailing.unreached(job)}
    assert set(unreached) == {"สมาคมที่อยู่ผิด", "ชมรมไม่มีอีเมล"}
    assert unreached["ชมรมไม่มีอีเมล"].emails == []
    assert unreached["สมาคมที่อยู่ผิด"].emails == ["nobody@refused.example"]
    assert "550" in unreached["สมาคมที่อยู่ผิด"].error


def test_only_not_sent_invitations_go_and_only_from_an_open_forum(smtp, forum, invited):
    inv.mark_sent(invited[:1], Channel.LINE)
    with pytest.raises(service.ForumError):
        mailing.send_invitations(forum, invited[:1], base_url=BASE)
    job = run(mailing.send_invitations(forum, invited, base_url=BASE))
    assert job.parameters["invitation_ids"] == [i.id for i in invited[1:]]
    assert smtp.received == []
    forum.status = forum.status.CANCELLED
    with pytest.raises(service.ForumError):
        mailing.send_invitations(forum, invited, base_url=BASE)


def test_interrupted_job_resumed_sends_each_message_once(
    app, runner, monkeypatch, smtp, forum, create_organization
):
    organizations = [create_organization(name=f"องค์กรที่ {n}", email=f"org{n}@example.org") for n in range(6)]
    invitations = inv.invite_organizations(forum, organizations)
    job = mailing.send_invitations(forum, invitations, base_url=BASE, in_background=False)
    db.session.commit()
    smtp.plan[4] = "hold-before-storing"
    kill_when_held(flask_process(app, "run-job", str(job.id)), smtp)

    db.session.expire_all()
    assert [i.status for i in invitations] == [InvitationStatus.SENT] * 3 + [InvitationStatus.NOT_SENT] * 3
    resume_and_finish(app, runner, monkeypatch)

    assert db.session.get(Job, job.id).status == JobStatus.DONE
    assert smtp.by_recipient() == {f"org{n}@example.org": 1 for n in range(6)}
    assert all(i.status == InvitationStatus.SENT and i.sent_via == Channel.EMAIL for i in invitations)
    links = {LINK.search(body(r)).group() for r in smtp.received}
    assert links == {f"{BASE}/i/{i.token}" for i in invitations}
    assert set(item_states(job.id)) == {"sent"}


def test_reminders_go_to_unanswered_ones_and_are_recorded_once_per_organization(smtp, forum, invited):
    two, refused, silent = invited
    inv.mark_sent(invited, Channel.LETTER)
    inv.decline(refused)
    db.session.commit()
    job = run(mailing.send_reminders(forum, inv.reminder_candidates(forum), base_url=BASE))

    assert job.status == JobStatus.DONE
    assert smtp.by_recipient() == {"office@two.example.org": 1, "chair@two.example.org": 1}
    received = smtp.received[0]
    assert decoded_header(received.message, "Subject") == f"เรียนเชิญอีกครั้ง: {forum.title}"
    assert f"{BASE}/i/{two.token}" in body(received)
    assert [(r.channel, r.sent_at is not None) for r in two.reminders] == [(Channel.EMAIL, True)]
    assert refused.reminders == [] and silent.reminders == []
    assert [u.invitation for u in mailing.unreached(job)] == [silent]


@pytest.mark.parametrize("kind", [NoticeKind.CANCELLED, NoticeKind.POSTPONED])
def test_notices_reach_everybody_told_and_fill_sent_at(smtp, forum, invited, kind):
    inv.mark_sent(invited, Channel.LETTER)
    db.session.commit()
    if kind == NoticeKind.CANCELLED:
        notice = service.cancel_forum(forum, "น้ำท่วมสถานที่จัด")
        subject = f"แจ้งยกเลิก {forum.title}"
    else:
        later = forum.starts_at + timedelta(days=14)
        notice = service.postpone_forum(forum, later, later + timedelta(hours=6), "น้ำท่วมสถานที่จัด")
        subject = f"แจ้งเลื่อนการจัด {forum.title}"
    job = run(mailing.send_notice(notice, base_url=BASE))

    assert job.status == JobStatus.DONE and notice.sent_at is not None
    assert smtp.by_recipient() == {"office@two.example.org": 1, "chair@two.example.org": 1}
    text = body(smtp.received[0])
    assert decoded_header(smtp.received[0].message, "Subject") == subject
    assert "เหตุผล: น้ำท่วมสถานที่จัด" in text
    if kind == NoticeKind.POSTPONED:
        assert f"{BASE}/i/{invited[0].token}" in text and "วันใหม่:" in text
    assert {u.invitation.organization.name for u in mailing.unreached(job)} == {"สมาคมที่อยู่ผิด", "ชมรมไม่มีอีเมล"}
    assert mailing.notice_job(notice) == job


def test_a_notice_to_nobody_is_done_at_once(forum):
    notice = service.cancel_forum(forum)
    assert mailing.send_notice(notice) is None
    assert notice.sent_at is not None


def test_messages_are_composed_by_the_job_not_the_request(forum, invited):
    job = mailing.send_invitations(forum, invited, base_url=BASE, in_background=False)
    db.session.commit()
    assert db.session.scalars(select(MailMessage)).all() == []
    assert [u.invitation for u in mailing.unreached(job)] == [invited[2]]  # known before it runs
