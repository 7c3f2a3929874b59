"""Big documents: made by a background job with its progress, kept, made again when the data changes."""

import os

import pytest

from app.auth.models import Role
from app.extensions import db
from app.jobs import dispatch
from app.jobs.models import Job, JobStatus
from app.jobs.runner import run_job
from app.reports import generated
from app.reports.documents import BADGES
from app.reports.generated import DocumentKind
from app.reports.models import Certificate, GeneratedDocument
from app.reports.pdf import render_pdf
from tests.conftest import wait_for_background_jobs
from tests.pdf_helpers import page_count


@pytest.fixture
def big(app, monkeypatch, tmp_path):
    """Documents of 20 rows and more are big; kept files go to a folder of the test's own."""
    monkeypatch.setitem(app.config, "DOCUMENTS_BACKGROUND_ROWS", 20)
    monkeypatch.setitem(app.config, "GENERATED_DOCUMENTS_DIR", str(tmp_path / "documents"))
    return tmp_path / "documents"


def test_small_documents_are_made_in_the_request(client, login_as, forum, seated, big):
    seated(9)  # 18 rows of work: a badge counts two
    login_as(Role.ORGANIZER)
    response = client.get(f"/forums/{forum.id}/documents/badges.pdf")
    assert response.status_code == 200 and page_count(response.data) == 2
    assert db.session.query(Job).count() == 0 and not big.exists()


def test_a_big_document_is_made_in_the_background_kept_and_made_again_when_the_data_changes(
    client, login_as, forum, seated, big, public_base_url
):
    seated(24)
    login_as(Role.ORGANIZER)
    base = f"/forums/{forum.id}/documents/badges"
    response = client.get(base + ".pdf")
    assert response.status_code == 302 and response.headers["Location"].endswith(base)
    assert 'data-testid="document-prepare"' in client.get(base).get_data(as_text=True)
    assert 'data-testid="prepare-badges"' in client.get(f"/forums/{forum.id}").get_data(as_text=True)

    assert client.post(base).status_code == 302
    wait_for_background_jobs()
    record = db.session.query(GeneratedDocument).one()
    job = record.job
    assert job.status == JobStatus.DONE and (job.total, job.done, job.percent) == (10, 10, 100)
    assert record.pages == 3 and os.path.isfile(big / record.filename)
    first_id, first_file = record.id, record.filename
    kept = (big / first_file).read_bytes()
    download = client.get(base + ".pdf")
    assert download.status_code == 200 and download.data == kept and page_count(download.data) == 3
    assert download.headers["Cache-Control"] == "private, no-store"
    assert 'data-testid="document-ready"' in client.get(base).get_data(as_text=True)
    assert 'data-testid="download-badges"' in client.get(f"/forums/{forum.id}").get_data(as_text=True)

    # Asked again with the same data: the kept file, no new job.
    client.post(base)
    wait_for_background_jobs()
    assert db.session.query(Job).count() == 1
    assert client.get(base + ".pdf").data == kept

    # A new registration changes the data: the kept file no longer answers, a new one is made.
    seated(1, start=500)
    assert client.get(base + ".pdf").status_code == 302
    client.post(base)
    wait_for_background_jobs()
    newest = db.session.query(GeneratedDocument).one()  # the older one and its file are gone
    assert newest.id != first_id and newest.pages == 4
    assert not os.path.exists(big / first_file) and os.listdir(big) == [newest.filename]
    assert page_count(client.get(base + ".pdf").data) == 4


def test_a_check_in_or_a_setting_changes_the_fingerprint(app, forum, seated, monkeypatch):
    people = seated(3)
    before = generated.fingerprint(BADGES, forum)
    assert generated.fingerprint(BADGES, forum) == before
    people[0].checked_in_at = forum.starts_at
    db.session.commit()
    after_check_in = generated.fingerprint(BADGES, forum)
    assert after_check_in != before
    monkeypatch.setitem(app.config, "SIGNER_NAME", "นายใหม่ แทนคนเดิม")
    assert generated.fingerprint(BADGES, forum) != after_check_in


def test_the_page_follows_a_queued_job_and_the_job_advances_the_build_step_by_step(
    app, client, login_as, forum, seated, big, monkeypatch, public_base_url
):
    """A kind whose build yields its progress in quarters: each of the job's ten items takes the
    build as far as its share, and the last one keeps the file."""
    taken = []

    def build(forum):
        for share in (0.25, 0.5, 0.75):
            taken.append(share)
            yield share
        taken.append(1.0)
        return render_pdf("pdf/qr.html", inline_url="x:1", image_url="x:2")

    kind = generated.register(DocumentKind("test-steps", "steps", lambda f: "steps.pdf", build, lambda f: 99))
    monkeypatch.setattr(dispatch, "start", lambda job_id: None)  # the job waits: we run it ourselves
    try:
        seated(1)
        login_as(Role.ORGANIZER)
        client.post(f"/forums/{forum.id}/documents/test-steps")
        record = db.session.query(GeneratedDocument).one()
        page = client.get(f"/forums/{forum.id}/documents/test-steps").get_data(as_text=True)
        assert "data-job-progress" in page and f"/jobs/{record.job_id}" in page
        state = client.get(f"/jobs/{record.job_id}").get_json()
        assert (state["status"], state["percent"]) == ("queued", 0)

        assert run_job(record.job_id) == JobStatus.DONE
        assert taken == [0.25, 0.5, 0.75, 1.0]  # built once, not once per item
        state = client.get(f"/jobs/{record.job_id}").get_json()
        assert (state["status"], state["done"], state["total"]) == ("done", 10, 10)
        assert generated.is_ready(generated.current_record(kind, forum))
        assert client.get(f"/forums/{forum.id}/documents/test-steps.pdf").status_code == 200
    finally:
        generated._kinds.pop("test-steps", None)


def test_a_parts_build_reports_its_progress_as_it_goes(forum, seated, public_base_url):
    from app.reports.pdf import build_pdf_in_parts

    rows = list(range(1, 61))
    steps = build_pdf_in_parts("pdf/roster.html", [{"name": str(n)} for n in rows], 20, title="t", total=60)
    shares = []
    while True:
        try:
            shares.append(next(steps))
        except StopIteration as done:
            pdf = done.value
            break
    assert shares and shares == sorted(shares) and all(0 < share < 1 for share in shares)
    assert page_count(pdf) >= 2


def test_a_kept_certificates_document_is_ready_after_one_request(
    client, login_as, finished_forum, seated, big, public_base_url
):
    """Making the certificates issues them; the file made is the one the next download gets."""
    seated(8, checked_in_every=1)  # all came: 24 rows of work, a certificate counting three
    login_as(Role.ORGANIZER)
    base = f"/forums/{finished_forum.id}/documents/certificates"
    assert client.get(base + ".pdf").status_code == 302
    assert client.post(base).status_code == 302
    wait_for_background_jobs()
    assert db.session.query(Certificate).count() == 8
    assert 'data-testid="document-ready"' in client.get(base).get_data(as_text=True)
    download = client.get(base + ".pdf")
    assert download.status_code == 200 and page_count(download.data) == 8
    assert db.session.query(GeneratedDocument).count() == 1
