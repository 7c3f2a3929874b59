"""The organizer's e-mail buttons: queued jobs, the progress page, who could not be reached."""

import re

from app.auth.models import Role
from app.extensions import db
from app.forums import invitations as inv
from app.forums.models import Channel, Forum, ForumStatus, InvitationStatus
from app.jobs.models import Job, JobStatus
from tests.conftest import wait_for_background_jobs
from tests.forums.test_mailing import body


def finished_page(client, response):
    """Wait for the job the response redirected to, then open its page."""
    assert response.status_code == 302
    wait_for_background_jobs()
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_send_all_by_e_mail_with_links_on_the_request_host(client, login_as, smtp, forum, invited):
    login_as(Role.ORGANIZER)
    page = client.get(f"/forums/{forum.id}/invitations").get_data(as_text=True)
    assert "ส่งหนังสือเชิญทางอีเมล (ยังไม่ส่ง 3 แห่ง)" in page

    response = client.post(f"/forums/{forum.id}/invitations/email", data={"action": "email"})
    assert re.fullmatch(rf"/forums/{forum.id}/mailings/\d+", response.headers["Location"])
    page = finished_page(client, response)

    assert "data-job-progress" in page and "เสร็จ 2 จาก 3 รายการ" in page
    assert "ชมรมไม่มีอีเมล" in page and "055123456" in page and "ไม่มีอีเมล" in page
    assert "สมาคมที่อยู่ผิด" in page and "nobody@refused.example" in page
    assert "มูลนิธิสองที่อยู่" not in page
    # PUBLIC_BASE_URL is unset: the links lead to the host the organizer used.
    assert {f"http://localhost/i/{invited[0].token}" in body(r) for r in smtp.received} == {True}
    db.session.expire_all()
    assert invited[0].status == InvitationStatus.SENT and invited[0].sent_via == Channel.EMAIL
    page = client.get(f"/forums/{forum.id}/invitations").get_data(as_text=True)
    assert 'data-testid="mail-jobs"' in page and "ส่งหนังสือเชิญทางอีเมล" in page


def test_bulk_reminder_by_e_mail_for_the_ticked_ones(client, login_as, smtp, forum, invited):
    inv.mark_sent(invited, Channel.LETTER)
    db.session.commit()
    login_as(Role.ORGANIZER)
    data = {"action": "email_reminder", "invitation_ids": [invited[0].id, invited[2].id]}
    page = finished_page(client, client.post(f"/forums/{forum.id}/invitations/bulk", data=data))
    assert "ชมรมไม่มีอีเมล" in page and "สมาคมที่อยู่ผิด" not in page
    assert len(smtp.received) == 2
    db.session.expire_all()
    assert [r.channel for r in invited[0].reminders] == [Channel.EMAIL] and invited[1].reminders == []


def test_nothing_goes_from_a_draft(client, login_as, create_forum, create_organization):
    draft = create_forum()
    inv.invite_organizations(draft, [create_organization(email="a@example.org")])
    db.session.commit()
    login_as(Role.ORGANIZER)
    assert 'data-testid="email-all"' not in client.get(f"/forums/{draft.id}/invitations").get_data(
        as_text=True
    )
    response = client.post(
        f"/forums/{draft.id}/invitations/email", data={"action": "email"}, follow_redirects=True
    )
    assert "เปิดเวทีก่อน" in response.get_data(as_text=True)
    assert db.session.query(Job).count() == 0


def test_mailing_page_of_another_forum_is_404(client, login_as, forum, create_forum, invited):
    login_as(Role.ORGANIZER)
    response = client.post(f"/forums/{forum.id}/invitations/email", data={"action": "email"})
    job_id = response.headers["Location"].rpartition("/")[2]
    other = create_forum(status="open")
    assert client.get(f"/forums/{other.id}/mailings/{job_id}").status_code == 404


def test_cancel_e_mails_everybody_and_the_forum_page_shows_who_was_not_reached(
    client,
    login_as,
    smtp,
    forum,
    invited,
):
    inv.mark_sent(invited, Channel.LETTER)
    db.session.commit()
    login_as(Role.ORGANIZER)
    client.post(f"/forums/{forum.id}/cancel", data={"reason": "พายุเข้า"})
    wait_for_background_jobs()
    forum = db.session.get(Forum, forum.id)
    assert forum.status == ForumStatus.CANCELLED
    assert db.session.query(Job).one().status == JobStatus.DONE
    assert smtp.by_recipient() == {"office@two.example.org": 1, "chair@two.example.org": 1}
    assert "พายุเข้า" in body(smtp.received[0])
    page = client.get(f"/forums/{forum.id}").get_data(as_text=True)
    assert 'data-testid="notice-mailing"' in page and "ส่งแล้ว" in page
    unreachable = page.split('data-testid="unreachable"')[1].split("</ul>")[0]
    assert "ชมรมไม่มีอีเมล" in unreachable and "สมาคมที่อยู่ผิด" in unreachable
    assert "มูลนิธิสองที่อยู่" not in unreachable
