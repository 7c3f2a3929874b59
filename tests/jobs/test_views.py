"""The job pages: progress JSON, the page with its actions, the list."""

from datetime import timedelta

import pytest

from app.auth.models import Role
from app.extensions import db
from app.jobs.models import Job, JobStatus
from app.jobs.runner import run_job
from app.timeutil import utcnow
from tests.conftest import wait_for_background_jobs
from tests.jobs.conftest import Crash


def reload(job):
    db.session.expire_all()
    return db.session.get(Job, job.id)


def test_progress_json(client, login_as, create_job):
    login_as(Role.ORGANIZER)
    job = create_job(4, plan={"k3": "bad"})
    response = client.get(f"/jobs/{job.id}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["status"] == "queued"
    assert (body["total"], body["done"], body["percent"], body["finished"]) == (0, 0, 0, False)

    run_job(job.id)
    body = client.get(f"/jobs/{job.id}").get_json()
    assert {k: body[k] for k in ("status", "total", "done", "failed", "pending", "percent", "finished")} == {
        "status": "done",
        "total": 4,
        "done": 3,
        "failed": 1,
        "pending": 0,
        "percent": 100,
        "finished": True,
    }
    assert body["status_label"] == "เสร็จแล้ว"
    assert body["summary"] == "เสร็จ 3 จาก 4 รายการ · ไม่สำเร็จ 1 รายการ"
    assert (body["can_retry_failed"], body["can_resume"], body["can_cancel"]) == (True, False, False)
    assert body["finished_at"].endswith("+07:00")
    assert body["title"] == "งานทดสอบ" and body["kind_label"] == "Test kind"


def test_unknown_job_is_404(client, login_as):
    login_as(Role.ADMIN)
    assert client.get("/jobs/999").status_code == 404
    assert client.get("/jobs/999/page").status_code == 404


def test_a_crashed_job_page_offers_resume_and_resuming_finishes_it(client, login_as, create_job):
    login_as(Role.ORGANIZER)
    job = create_job(5, plan={"k3": "crash"})
    with pytest.raises(Crash):
        run_job(job.id)
    job = reload(job)
    job.heartbeat_at = utcnow() - timedelta(minutes=10)
    db.session.commit()

    page = client.get(f"/jobs/{job.id}/page").get_data(as_text=True)
    assert "หยุดทำงานกะทันหัน" in page
    assert f'action="/jobs/{job.id}/resume"' in page
    assert client.get(f"/jobs/{job.id}").get_json()["can_resume"] is True

    response = client.post(f"/jobs/{job.id}/resume")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/jobs/{job.id}/page"
    wait_for_background_jobs()
    assert (reload(job).status, reload(job).done) == (JobStatus.DONE, 5)


def test_resuming_a_finished_job_says_why_not(client, login_as, create_job):
    login_as(Role.ORGANIZER)
    job = create_job(1)
    run_job(job.id)
    response = client.post(f"/jobs/{job.id}/resume", follow_redirects=True)
    assert "ไม่มีอะไรให้ทำต่อ" in response.get_data(as_text=True)


def test_cancel_from_the_page(client, login_as, create_job):
    login_as(Role.ORGANIZER)
    job = create_job(3)
    response = client.post(f"/jobs/{job.id}/cancel", follow_redirects=True)
    assert "ยกเลิกงานแล้ว" in response.get_data(as_text=True)
    assert reload(job).status == JobStatus.CANCELLED
    assert reload(job).can_resume


def test_failed_items_are_listed_and_can_be_retried(client, login_as, create_job):
    login_as(Role.ORGANIZER)
    job = create_job(3, plan={"k2": "bad"})
    run_job(job.id)
    page = client.get(f"/jobs/{job.id}/page").get_data(as_text=True)
    assert "item k2" in page and "this one can never work" in page
    assert client.post(f"/jobs/{job.id}/retry-failed").status_code == 302
    wait_for_background_jobs()
    assert (reload(job).status, reload(job).failed) == (JobStatus.DONE, 1)


def test_the_list_of_jobs(client, login_as, create_job):
    user = login_as(Role.ADMIN)
    create_job(2, created_by=user)
    page = client.get("/jobs/").get_data(as_text=True)
    assert "งานทดสอบ" in page and user.display_name in page
    assert "รอเริ่มทำงาน" in page


def test_a_job_that_never_started_tells_what_to_check(client, login_as, create_job):
    login_as(Role.ORGANIZER)
    job = create_job(2)
    job.heartbeat_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    body = client.get(f"/jobs/{job.id}").get_json()
    assert (body["status_label"], body["can_resume"]) == ("ยังไม่เริ่มทำงาน", True)
    assert "flask worker" in body["notice"]
