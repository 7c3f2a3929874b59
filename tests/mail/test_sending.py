"""Sending prepared messages as a background job: once each, never blocking the request."""

import threading

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.jobs import service as jobs
from app.jobs.models import ItemState, Job, JobItem, JobStatus
from app.jobs.runner import run_job
from app.mail.models import MailBlob, MailMessage
from app.mail.service import MailError, prepare_message, send_messages
from tests.conftest import wait_for_background_jobs
from tests.mail.helpers import check_received, prepare_batch, queue_batch
from tests.smtp import SmtpServer, free_port


def job_threads():
    return [t for t in threading.enumerate() if t.name.startswith("job-")]


def finished_job(job_id):
    wait_for_background_jobs()
    db.session.expire_all()
    return db.session.get(Job, job_id)


def test_a_batch_goes_out_after_the_commit_once_to_each_recipient(smtp, create_user):
    user = create_user()
    messages = prepare_batch(20)
    job = send_messages(messages, title="ส่งหนังสือเชิญ 20 องค์กร", created_by=user)
    assert job_threads() == [] and smtp.received == []
    db.session.commit()
    job = finished_job(job.id)

    assert (job.status, job.total, job.done, job.failed) == (JobStatus.DONE, 20, 20, 0)
    assert smtp.by_recipient() == {f"org{n}@example.org": 1 for n in range(1, 21)}
    for received in smtp.received:
        number = int(received.to.split("@")[0][3:])
        check_received(received, number)
        stored = db.session.scalar(select(MailMessage).where(MailMessage.reference == f"test:{number}"))
        assert received.message["Message-ID"] == stored.message_id
        assert stored.sent_at is not None
    # The agenda shared by all 20 messages is stored once.
    assert db.session.scalar(select(func.count()).select_from(MailBlob)) == 21


def test_nothing_is_sent_when_the_transaction_rolls_back(smtp):
    send_messages(prepare_batch(3))
    db.session.rollback()
    db.session.commit()
    assert job_threads() == []
    assert db.session.scalar(select(func.count()).select_from(Job)) == 0
    assert smtp.received == []


def test_without_a_mail_server_messages_go_to_the_outbox(outbox):
    job = finished_job(queue_batch(5))
    assert job.status == JobStatus.DONE
    assert len(list(outbox.glob("*.eml"))) == 5


def test_an_outbox_that_cannot_be_written_stops_the_job(app, tmp_path, monkeypatch):
    (tmp_path / "not-a-folder").write_text("")
    monkeypatch.setitem(app.config, "MAIL_OUTBOX_DIR", str(tmp_path / "not-a-folder"))
    job = finished_job(queue_batch(6))
    assert job.status == JobStatus.FAILED
    assert job.last_error.startswith(f"บันทึกข้อความลงโฟลเดอร์ outbox {tmp_path / 'not-a-folder'} ไม่ได้")
    assert job.pending == 6


def test_a_refused_address_fails_alone_and_is_named(smtp):
    job = finished_job(queue_batch(4, refused={2}))
    assert (job.status, job.done, job.failed) == (JobStatus.DONE, 3, 1)
    assert sorted(smtp.by_recipient()) == ["org1@example.org", "org3@example.org", "org4@example.org"]
    [(item, description)] = jobs.unfinished_items(job)
    assert description == "องค์กรที่ 2 <org2@refused.example>"
    assert item.attempts == 1
    assert "550" in item.error and "User unknown" in item.error


def test_a_dropped_connection_is_retried_without_duplicates(smtp):
    smtp.plan = {3: "drop", 7: "drop"}
    job = finished_job(queue_batch(8))
    assert (job.status, job.done, job.failed) == (JobStatus.DONE, 8, 0)
    assert smtp.by_recipient() == {f"org{n}@example.org": 1 for n in range(1, 9)}
    retried = db.session.scalars(select(JobItem).where(JobItem.attempts > 1)).all()
    assert [item.attempts for item in retried] == [2, 2]


def test_a_server_that_is_down_stops_the_job_and_resuming_sends_the_rest(app, monkeypatch):
    port = free_port()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "JOBS_MAX_ERRORS_IN_A_ROW", 3)
    job = finished_job(queue_batch(6))
    assert job.status == JobStatus.FAILED
    assert job.last_error == f"ติดต่อเซิร์ฟเวอร์อีเมล 127.0.0.1:{port} ไม่ได้: Connection refused"
    assert (job.done, job.failed, job.pending) == (0, 0, 6)
    assert job.can_resume

    with SmtpServer(port) as server:
        jobs.resume_job(job)
        db.session.commit()
        job = finished_job(job.id)
    assert (job.status, job.done, job.last_error) == (JobStatus.DONE, 6, "")
    assert server.recorder.by_recipient() == {f"org{n}@example.org": 1 for n in range(1, 7)}


def test_a_login_the_server_cannot_take_stops_the_job_at_once(app, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "office")
    monkeypatch.setitem(app.config, "MAIL_PASSWORD", "secret")
    job = finished_job(queue_batch(5))
    assert job.status == JobStatus.FAILED
    assert "AUTH extension not supported" in job.last_error
    assert db.session.scalar(select(func.sum(JobItem.attempts))) == 1
    assert job.pending == 5 and smtp.received == []


def test_retrying_failed_items_sends_only_those(smtp):
    job = finished_job(queue_batch(3, refused={1, 3}))
    assert job.failed == 2
    db.session.execute(
        MailMessage.__table__.update()
        .where(MailMessage.recipient.like("%@refused.example"))
        .values(recipient=func.replace(MailMessage.recipient, "refused.example", "example.org"))
    )
    jobs.retry_failed_items(job)
    db.session.commit()
    job = finished_job(job.id)
    assert (job.status, job.done, job.failed) == (JobStatus.DONE, 3, 0)
    assert smtp.by_recipient() == {f"org{n}@example.org": 1 for n in range(1, 4)}


def test_run_in_the_foreground(smtp):
    job_id = queue_batch(3, in_background=False)
    assert job_threads() == []
    assert run_job(job_id) == JobStatus.DONE
    assert run_job(job_id) is None  # a finished job is not run again
    assert len(smtp.received) == 3


def test_bad_input_is_refused_before_anything_is_stored():
    with pytest.raises(MailError):
        prepare_message("not an address", "เรื่อง", "ข้อความ")
    with pytest.raises(MailError):
        send_messages([])
    messages = prepare_batch(1)
    send_messages(messages, in_background=False)
    with pytest.raises(MailError):
        send_messages(messages)


def test_an_internationalised_domain_is_sent_in_punycode():
    message = prepare_message("info@มูลนิธิ.ไทย", "เรื่อง", "ข้อความ")
    assert message.recipient == "info@" + "มูลนิธิ.ไทย".encode("idna").decode()
    assert message.recipient.endswith(".xn--o3cw4h")


def test_items_are_recorded_per_message(smtp):
    job = finished_job(queue_batch(3))
    items = db.session.scalars(select(JobItem).where(JobItem.job_id == job.id).order_by(JobItem.id)).all()
    assert [item.state for item in items] == [ItemState.SENT] * 3
    assert all(item.sent_at and item.attempts == 1 for item in items)
