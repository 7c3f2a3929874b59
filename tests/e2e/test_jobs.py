"""The job page in a real browser: the progress bar follows the job, Resume finishes it."""

from datetime import timedelta

import pytest

from app.auth.models import Role
from app.extensions import db
from app.jobs.models import Job, JobStatus
from app.jobs.runner import run_job
from app.timeutil import utcnow
from tests.conftest import PASSWORD, wait_for_background_jobs
from tests.e2e.conftest import assert_fits, log_in
from tests.jobs.conftest import Crash, create_job, recording_kind  # noqa: F401 (fixtures)
from tests.mail.helpers import queue_batch
from tests.smtp import SmtpServer, free_port


def badge(page):
    return page.locator("[data-job-progress] [data-job-field=status_label]")


def test_a_mail_job_stopped_by_a_dead_server_is_resumed_from_its_page(
    app, live_server, phone, desktop, screenshot, create_user, monkeypatch
):
    port = free_port()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "JOBS_MAX_ERRORS_IN_A_ROW", 2)
    user = create_user(Role.ORGANIZER, name="สมศรี ใจดี")
    job_id = queue_batch(30, in_background=False)
    assert run_job(job_id) == JobStatus.FAILED

    log_in(phone, live_server, user.email, PASSWORD)
    phone.goto(f"{live_server}/jobs/{job_id}/page")
    assert badge(phone).inner_text() == "หยุดเพราะเกิดข้อผิดพลาด"
    assert f"ติดต่อเซิร์ฟเวอร์อีเมล 127.0.0.1:{port} ไม่ได้" in phone.inner_text("[data-job-progress] .alert-danger")
    assert_fits(phone)
    screenshot(phone, "job-failed-phone")

    with SmtpServer(port) as server:
        log_in(desktop, live_server, user.email, PASSWORD)
        desktop.goto(f"{live_server}/jobs/{job_id}/page")
        screenshot(desktop, "job-failed-desktop")
        desktop.click("button:has-text('ทำต่อ')")
        badge(desktop).filter(has_text="เสร็จแล้ว").wait_for(timeout=30000)
        assert desktop.locator(".job-progress-bar").get_attribute("aria-valuenow") == "100"
        assert "เสร็จ 30 จาก 30 รายการ" in desktop.inner_text("[data-job-progress]")
        assert desktop.locator("form[action$='/resume']").is_hidden()
        screenshot(desktop, "job-done-desktop")
        wait_for_background_jobs()
        assert server.recorder.by_recipient() == {f"org{n}@example.org": 1 for n in range(1, 31)}


def test_the_bar_moves_while_the_job_runs_and_a_crashed_job_says_so(
    app,
    live_server,
    phone,
    desktop,
    screenshot,
    create_user,
    create_job,  # noqa: F811
):
    user = create_user(Role.ORGANIZER)
    job = create_job(10, plan={"k4": "crash"})
    with pytest.raises(Crash):
        run_job(job.id)
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    job.heartbeat_at = utcnow() - timedelta(minutes=5)
    db.session.commit()

    log_in(phone, live_server, user.email, PASSWORD)
    phone.goto(f"{live_server}/jobs/{job.id}/page")
    assert badge(phone).inner_text() == "หยุดทำงานกะทันหัน"
    assert phone.locator("[data-job-show=notice]").is_visible()
    assert phone.locator(".job-progress-bar").get_attribute("aria-valuenow") == "30"
    screenshot(phone, "job-stalled-phone")

    phone.click("button:has-text('ทำต่อ')")
    badge(phone).filter(has_text="เสร็จแล้ว").wait_for(timeout=30000)
    assert phone.locator("[data-job-show=notice]").is_hidden()
    screenshot(phone, "job-done-phone")

    log_in(desktop, live_server, user.email, PASSWORD)
    desktop.goto(f"{live_server}/jobs/")
    assert "งานทดสอบ" in desktop.inner_text("main")
    screenshot(desktop, "jobs-desktop")
