"""Certificates of participation: only for those who came, the PDF read back, its QR and the verify page,
the participant's download and the e-mails."""

import io
import os
from urllib.parse import urlsplit

import pdfplumber
import pytest

from app.auth.models import Role
from app.extensions import db
from app.registration.models import RegistrationStatus
from app.reports.certificate_mail import CertificateMailError, email_certificates
from app.reports.certificates import (
    certificate_eligible,
    certificate_pdf,
    eligible_registrations,
    issue_certificates,
)
from app.reports.models import Certificate
from tests.conftest import wait_for_background_jobs
from tests.pdf_helpers import contains, embedded_fonts, page_count, page_texts, qr_codes_on_page
from tests.reports.test_documents import LONG_NAME

ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")


@pytest.fixture
def attendance(finished_forum, seated):
    """Six people: the 1st, 3rd and 5th came, the others did not show up."""
    people = seated(6, checked_in_every=2)
    came = [r for r in people if r.checked_in_at]
    absent = [r for r in people if not r.checked_in_at]
    assert len(came) == 3 and len(absent) == 3
    return came, absent


def test_only_a_checked_in_registration_is_eligible(attendance):
    came, absent = attendance
    assert all(certificate_eligible(r) for r in came)
    assert not any(certificate_eligible(r) for r in absent)
    came[0].status = RegistrationStatus.CANCELLED
    assert not certificate_eligible(came[0])
    with pytest.raises(ValueError):
        issue_certificates([absent[0]])


def test_the_organizers_pdf_holds_one_page_per_participant_and_none_for_no_shows(
    app, client, login_as, finished_forum, attendance
):
    _came, absent = attendance
    login_as(Role.ORGANIZER)
    response = client.get(f"/forums/{finished_forum.id}/documents/certificates.pdf")
    assert response.status_code == 200
    pdf = response.data
    assert embedded_fonts(pdf) == {"Forums-Thai": True, "Forums-Thai-Bold": True}
    texts = page_texts(pdf)
    assert len(texts) == 3
    for text, registration in zip(texts, eligible_registrations(finished_forum), strict=True):
        assert text.splitlines()[1] == "เกียรติบัตร"  # the heading, under the office's name
        for part in (
            registration.full_name,
            registration.organization_display,
            finished_forum.title,
            app.config["OFFICE_NAME"],
            app.config["SIGNER_POSITION"],
            "เกียรติบัตรฉบับนี้ให้ไว้เพื่อแสดงว่า",
        ):
            assert contains(text, part), part
        assert "หน้า" not in text  # a certificate carries no page number
    everything = "\n".join(texts)
    assert not any(contains(everything, r.full_name) for r in absent)
    assert db.session.query(Certificate).count() == 3


def test_a_certificate_names_the_signer_and_the_buddhist_era_date(
    app, finished_forum, attendance, monkeypatch, public_base_url
):
    came, _absent = attendance
    monkeypatch.setitem(app.config, "SIGNER_NAME", "นางสาวกนกพร ศรีวงศ์")
    came[0].prefix, came[0].first_name, came[0].last_name = LONG_NAME
    db.session.commit()
    pdf = certificate_pdf(came[0])
    os.makedirs(ARTIFACTS, exist_ok=True)
    with open(os.path.join(ARTIFACTS, "certificate.pdf"), "wb") as file:
        file.write(pdf)
    text = page_texts(pdf)[0]
    day = finished_forum.local_end.date()
    months = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน")
    months += ("กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
    be_date = f"{day.day} {months[day.month - 1]} {day.year + 543}"
    assert contains(text, f"ให้ไว้ ณ วันที่ {be_date}")
    assert contains(text, "(นางสาวกนกพร ศรีวงศ์)")
    # The long name on one line, whole.
    lines = [line for line in text.splitlines() if LONG_NAME[2] in line]
    assert len(lines) == 1 and f"{LONG_NAME[0]}{LONG_NAME[1]} {LONG_NAME[2]}" in lines[0]


def test_the_qr_code_opens_the_verify_page_which_says_whose_it_is(client, finished_forum, attendance):
    came, _absent = attendance
    registration = came[1]
    response = client.get(f"/t/{registration.ticket_code}/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    [url] = qr_codes_on_page(response.data, 1)
    certificate = db.session.query(Certificate).filter_by(registration_id=registration.id).one()
    assert urlsplit(url).path == f"/certificates/{certificate.code}"
    assert len(certificate.code) >= 22  # 128 random bits
    page = client.get(urlsplit(url).path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert registration.full_name in html and finished_forum.title in html
    assert 'data-testid="certificate-valid"' in html
    # Downloading again gives the same certificate (the same code), not a new one.
    again = client.get(f"/t/{registration.ticket_code}/certificate.pdf").data
    assert qr_codes_on_page(again, 1) == [url]
    # A check-in undone takes the certificate's validity with it.
    registration.checked_in_at = None
    db.session.commit()
    assert client.get(urlsplit(url).path).status_code == 404


@pytest.mark.parametrize("code", ["not-a-code", "x" * 200, "AAAAAAAAAAAAAAAAAAAAAA"])
def test_an_unknown_code_is_not_found_and_nothing_is_listed(client, code):
    response = client.get(f"/certificates/{code}")
    assert response.status_code == 404
    assert 'data-testid="certificate-not-found"' in response.get_data(as_text=True)
    assert client.get("/certificates/").status_code == 404


def test_a_no_show_cannot_download_one_and_the_ticket_page_offers_it_only_to_those_who_came(
    client, finished_forum, attendance
):
    came, absent = attendance
    assert client.get(f"/t/{absent[0].ticket_code}/certificate.pdf").status_code == 404
    assert 'data-testid="certificate-pdf"' not in client.get(f"/t/{absent[0].ticket_code}").get_data(
        as_text=True
    )
    assert 'data-testid="certificate-pdf"' in client.get(f"/t/{came[0].ticket_code}").get_data(as_text=True)
    assert db.session.query(Certificate).count() == 0


def test_before_the_forum_is_over_the_participant_gets_none_and_none_is_sent(client, forum, seated):
    [registration] = seated(1, checked_in_every=1)
    assert certificate_eligible(registration)
    assert client.get(f"/t/{registration.ticket_code}/certificate.pdf").status_code == 404
    with pytest.raises(CertificateMailError):
        email_certificates(forum)


def _pdf_text(data):
    with pdfplumber.open(io.BytesIO(data)) as document:
        return "".join(page.extract_text() or "" for page in document.pages)


def test_certificates_are_emailed_to_those_who_came_and_only_once(
    client, login_as, finished_forum, attendance, smtp
):
    came, _absent = attendance
    came[2].email = None  # nobody to write to
    db.session.commit()
    login_as(Role.ORGANIZER)
    response = client.post(f"/forums/{finished_forum.id}/documents/certificates/email")
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    wait_for_background_jobs()
    assert sorted(smtp.by_recipient()) == sorted(r.email for r in came[:2])
    for received in smtp.received:
        message = received.message
        registration = next(r for r in came if r.email == received.to)
        [attachment] = list(message.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        pdf = attachment.get_content()
        assert page_count(pdf) == 1
        assert contains(_pdf_text(pdf), registration.full_name)
        body = message.get_body(("plain",)).get_content()
        assert "/certificates/" in body and f"/t/{registration.ticket_code}" in body
    assert all(c.emailed_at for c in db.session.query(Certificate) if c.registration.email)
    # Sending again sends nothing more.
    again = client.post(f"/forums/{finished_forum.id}/documents/certificates/email")
    assert again.status_code == 302 and "/jobs/" not in again.headers["Location"]
    wait_for_background_jobs()
    assert len(smtp.received) == 2


def test_thai_digits_on_a_certificate_when_the_office_writes_them(
    app, finished_forum, attendance, monkeypatch, public_base_url
):
    came, _absent = attendance
    monkeypatch.setitem(app.config, "THAI_DIGITS", True)
    text = page_texts(certificate_pdf(came[0]))[0]
    year = "".join("๐๑๒๓๔๕๖๗๘๙"[int(d)] for d in str(finished_forum.local_end.year + 543))
    assert contains(text, "ให้ไว้ ณ วันที่") and year in text


def test_the_documents_card_says_when_no_signer_is_set(app, client, login_as, finished_forum, monkeypatch):
    login_as(Role.ORGANIZER)
    monkeypatch.setitem(app.config, "SIGNER_NAME", "")
    page = client.get(f"/forums/{finished_forum.id}").get_data(as_text=True)
    assert page.count('data-testid="signer-missing"') == 2  # the letters and the certificates
    assert "ยังไม่ได้ตั้งผู้ลงนาม" in page
    monkeypatch.setitem(app.config, "SIGNER_NAME", "นางสาวกนกพร ศรีวงศ์")
    assert 'data-testid="signer-missing"' not in client.get(f"/forums/{finished_forum.id}").get_data(
        as_text=True
    )
