"""The retention period of the privacy notice: details erased after it, statistics kept."""

from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.forums.models import ForumStatus
from app.mail.models import MailAttachment, MailBlob, MailMessage
from app.registration import notices, retention
from app.registration.models import Dietary, Registration, RegistrationStatus


def _years_later(forum, app):
    return forum.ends_at + timedelta(days=app.config["PERSONAL_DATA_RETENTION_DAYS"] + 1)


def _message_count(registration_id):
    reference = f"registration:{registration_id}:%"
    return db.session.scalar(select(func.count()).where(MailMessage.reference.like(reference)))


def test_details_are_erased_after_the_retention_period_and_the_statistics_stay(
    app, client, forum, register, outbox, organization, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "http://localhost")
    neighbour = register(forum, email="later@example.org")
    person = register(
        forum,
        email="somchai@example.org",
        organization_id=str(organization.id),
        dietary="halal",
        consents={"sensitive_data": True},
    )
    notices.queue("ticket", [person, neighbour])
    db.session.commit()
    assert set(outbox.messages()) == {"somchai@example.org", "later@example.org"}
    assert _message_count(person.id) == 1
    old_ticket, old_manage = person.ticket_code, person.manage_token
    forum.status = ForumStatus.FINISHED
    db.session.commit()

    assert retention.count_expired(forum.ends_at + timedelta(days=1)) == 0
    assert retention.erase_expired(_years_later(forum, app)) == 2

    db.session.expire_all()
    erased = db.session.get(Registration, person.id)
    assert (erased.first_name, erased.last_name, erased.prefix, erased.position) == ("", "", "", "")
    assert erased.phone is None and erased.email is None and erased.search_text == ""
    assert erased.dietary == Dietary.NONE and erased.answers == {}
    assert erased.full_name == "(ลบข้อมูลแล้ว)"
    assert erased.erased_at is not None
    # What the office's statistics need stays.
    assert erased.status == RegistrationStatus.CONFIRMED and erased.organization_id == organization.id
    # The person's links and the e-mails written to them are gone.
    assert client.get(f"/t/{old_ticket}").status_code == 404
    assert client.get(f"/m/{old_manage}").status_code == 404
    assert _message_count(person.id) == 0 and _message_count(neighbour.id) == 0
    assert db.session.scalar(select(func.count()).select_from(MailAttachment)) == 0
    assert db.session.scalar(select(func.count()).select_from(MailBlob)) == 0
    assert retention.erase_expired(_years_later(forum, app)) == 0


def test_a_forum_inside_the_retention_period_keeps_its_details(app, forum, register, create_forum):
    person = register(forum)
    past = forum.starts_at - timedelta(days=400)
    old_forum = create_forum(status="finished", starts_at=past, ends_at=past + timedelta(hours=6))
    now = old_forum.ends_at + timedelta(days=app.config["PERSONAL_DATA_RETENTION_DAYS"] - 1)
    assert retention.erase_expired(now) == 0
    db.session.expire_all()
    assert db.session.get(Registration, person.id).erased_at is None


def test_the_command_counts_then_erases(app, forum, register, clock):
    register(forum)
    forum.starts_at = clock.moment - timedelta(days=3000)  # the command reads the (pinned) clock
    forum.ends_at = forum.starts_at + timedelta(hours=6)
    db.session.commit()
    runner = app.test_cli_runner()
    counted = runner.invoke(args=["erase-expired-registrations", "--dry-run"])
    assert counted.exit_code == 0 and counted.output.startswith("1 registrations are past")
    erased = runner.invoke(args=["erase-expired-registrations"])
    assert erased.exit_code == 0 and erased.output.startswith("Erased the details of 1 registrations")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(Registration.erased_at.is_not(None))) == 1
