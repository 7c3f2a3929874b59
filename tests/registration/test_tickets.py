import base64
import io
import re
import subprocess
from datetime import datetime, timedelta

import pdfplumber
import zxingcpp
from PIL import Image
from sqlalchemy import select

from app import lan, qr
from app.extensions import db
from app.forums import service as forum_service
from app.registration import notices, service
from app.registration.models import Registration
from tests.conftest import wait_for_background_jobs
from tests.pdf_helpers import contains, page_texts
from tests.registration.conftest import person
from tests.smtp import decoded_header


def decode(image):
    results = zxingcpp.read_barcodes(image)
    return [r.text for r in results if r.format == zxingcpp.BarcodeFormat.QRCode]


def ticket_url(registration):
    return f"http://localhost/t/{registration.ticket_code}"


def test_ticket_code_is_long_random_and_url_safe(forum, register):
    codes = {register(forum).ticket_code for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) >= 22  # 128 bits in base64url; ours are 192 bits
        assert set(code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_the_ticket_page_shows_the_short_code_beside_the_qr(client, forum, register):
    registration = register(forum)
    page = client.get(f"/t/{registration.ticket_code}").get_data(as_text=True)
    assert f'data-testid="ticket-short-code">{registration.short_code}<' in page


def test_the_ticket_page_holds_its_qr_image_which_reads_as_the_ticket_url(client, forum, register):
    registration = register(forum)
    page = client.get(f"/t/{registration.ticket_code}").get_data(as_text=True)
    # In the page itself: the phone needs no second request, and nothing is stored beyond the page.
    found = re.search(r'<img src="data:image/png;base64,([^"]+)"[^>]*data-testid="ticket-qr"', page)
    image = Image.open(io.BytesIO(base64.b64decode(found.group(1))))
    assert image.width >= 260  # never upscaled on the page: its <img> is 260 px wide
    assert decode(image) == [ticket_url(registration)]


def test_the_qr_png_holds_the_ticket_url(client, forum, register):
    registration = register(forum)
    response = client.get(f"/t/{registration.ticket_code}/qr.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert decode(Image.open(io.BytesIO(response.data))) == [ticket_url(registration)]


def test_the_pdf_ticket_is_one_page_in_thai_with_the_qr(client, forum, organization, register, tmp_path):
    registration = register(
        forum, organization_id=organization.id, prefix="นางสาว", first_name="สมหญิง", last_name="รักดี"
    )
    response = client.get(f"/t/{registration.ticket_code}/ticket.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = tmp_path / "ticket.pdf"
    path.write_bytes(response.data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Forums-Thai" in fonts
    pages = page_texts(path.read_bytes())
    assert len(pages) == 1
    raw = pages[0]
    for expected in ("นางสาวสมหญิง รักดี", organization.name, forum.title, "ยืนยันที่นั่งแล้ว"):
        assert contains(raw, expected), expected
    # ASCII comes back exactly: the code a person reads off the paper and types at the door.
    assert registration.short_code in raw.split()
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(path), str(tmp_path / "page")], check=True)
    page = next(tmp_path.glob("page*.png"))
    assert decode(Image.open(page)) == [ticket_url(registration)]


def test_the_pdf_shows_the_be_date_and_venue(client, forum, register, tmp_path):
    registration = register(forum)
    (text,) = page_texts(client.get(f"/t/{registration.ticket_code}/ticket.pdf").data)
    be_year = str(forum.local_start.year + 543)
    assert be_year in text and contains(text, forum.venue_name)


def test_waitlisted_people_get_their_place_and_no_qr(client, create_forum, forum, register, tmp_path):
    forum.capacity = 1
    db.session.commit()
    register(forum)
    waiting = register(forum)
    page = client.get(f"/t/{waiting.ticket_code}").get_data(as_text=True)
    assert 'data-testid="waitlist-position"' in page and "ลำดับที่ 1" in page
    assert "ticket-qr" not in page and waiting.short_code not in page
    assert client.get(f"/t/{waiting.ticket_code}/qr.png").status_code == 404
    path = tmp_path / "waiting.pdf"
    path.write_bytes(client.get(f"/t/{waiting.ticket_code}/ticket.pdf").data)
    subprocess.run(["pdftoppm", "-png", "-r", "100", str(path), str(tmp_path / "w")], check=True)
    assert decode(Image.open(next(tmp_path.glob("w*.png")))) == []


def test_the_calendar_file_carries_the_ticket(client, forum, register):
    registration = register(forum)
    response = client.get(f"/t/{registration.ticket_code}/ticket.ics")
    assert response.mimetype == "text/calendar"
    body = response.data.replace(b"\r\n ", b"").decode("utf-8")
    assert "BEGIN:VEVENT" in body and f"DTSTART:{forum.starts_at:%Y%m%dT%H%M%S}Z" in body
    assert f"URL:{ticket_url(registration)}" in body


def test_a_cancelled_ticket_stops_working(client, forum, register):
    registration = register(forum)
    service.cancel(registration)
    db.session.commit()
    page = client.get(f"/t/{registration.ticket_code}").get_data(as_text=True)
    assert 'data-testid="ticket-cancelled"' in page and "ticket-qr" not in page
    assert client.get(f"/t/{registration.ticket_code}/qr.png").status_code == 404


def test_unknown_tickets_are_not_found(client):
    for path in ("/t/nosuchcode", "/t/nosuchcode/qr.png", "/t/nosuchcode/ticket.pdf", "/m/nosuchtoken"):
        assert client.get(path).status_code == 404


def test_the_ticket_is_emailed_with_pdf_and_calendar(app, client, forum, smtp):
    response = client.post(
        f"/f/{forum.public_code}/register",
        data={**person(email="somchai@example.org"), "privacy_ack": "y", "dietary": "none"},
    )
    assert response.status_code == 302
    wait_for_background_jobs()
    assert [received.to for received in smtp.received] == ["somchai@example.org"]
    message = smtp.received[0].message
    code = response.headers["Location"].rsplit("/t/", 1)[-1]
    body = message.get_body(("plain",)).get_content()
    assert f"http://localhost/t/{code}" in body
    short_code = db.session.scalar(select(Registration.short_code).where(Registration.ticket_code == code))
    assert any(line.endswith(f": {short_code}") for line in body.splitlines())
    assert "บัตรเข้างาน" in decoded_header(message, "Subject")
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    assert set(attachments) == {"ticket.pdf", "forum.ics"}
    with pdfplumber.open(io.BytesIO(attachments["ticket.pdf"].get_content())) as document:
        image = document.pages[0].to_image(resolution=150).original
    assert decode(image) == [f"http://localhost/t/{code}"]
    assert f"URL:http://localhost/t/{code}" in attachments["forum.ics"].get_content().replace("\r\n ", "")


def test_a_seat_given_from_the_waitlist_is_told_wherever_it_happens(
    app, forum, register, outbox, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "http://localhost")  # no request to take the host from
    forum.capacity = 1
    db.session.commit()
    register(forum, email="first@example.org")
    waiting = register(forum, email="waiting@example.org")
    outbox.messages()
    forum_service.update_forum(forum, {"capacity": 2})  # the forum's own form, not the registration pages
    db.session.commit()
    sent = outbox.messages()
    assert "waiting@example.org" in sent
    message = sent["waiting@example.org"][-1]
    assert "ได้รับที่นั่งแล้ว" in message["Subject"]
    assert f"http://localhost/t/{waiting.ticket_code}" in message.get_body(("plain",)).get_content()


def test_a_rolled_back_change_tells_nobody(app, forum, register, outbox, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "http://localhost")
    forum.capacity = 1
    db.session.commit()
    seated = register(forum)
    register(forum, email="waiting@example.org")
    service.cancel(seated)
    db.session.rollback()
    db.session.commit()  # nothing left over from the rolled-back cancellation is told now
    assert outbox.messages() == {}


def test_no_address_no_email(forum, register):
    assert notices.ticket_notice(register(forum)) is None


def test_the_door_server_draws_the_qr_codes_of_todays_tickets_before_it_opens(
    client, create_forum, forum, register
):
    during = forum.starts_at + timedelta(hours=1)
    coming, cancelled = register(forum), register(forum)
    service.cancel(cancelled, now=during)
    other_day = create_forum(
        status="open", starts_at=datetime(2099, 11, 25, 3), ends_at=datetime(2099, 11, 25, 9)
    )
    register(other_day)
    db.session.commit()
    url = "https://192.168.1.23:8443/"

    assert lan.draw_todays_tickets(url, now=during) == 1  # the confirmed seat of the forum held now
    drawn = qr.qr_png.cache_info().misses
    page = client.get(f"/t/{coming.ticket_code}", base_url=url.rstrip("/")).get_data(as_text=True)
    assert 'data-testid="ticket-qr"' in page
    assert qr.qr_png.cache_info().misses == drawn  # the page found its code drawn


def test_the_door_server_opens_a_ticket_page_before_it_forks_without_counting_it(
    app, client, forum, register, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_RATE_LIMIT", "1 per minute")
    during = forum.starts_at + timedelta(hours=1)
    url = "https://192.168.1.23:8443/"
    assert lan.open_a_ticket_page(url, now=during) is None  # nobody holds a seat yet
    seated = register(forum)
    db.session.commit()

    assert lan.open_a_ticket_page(url, now=during) == 200
    assert lan.open_a_ticket_page(url, now=forum.ends_at + timedelta(days=3)) is None  # the door is shut
    # The one visit a minute this ticket may have is still the participant's own.
    assert client.get(f"/t/{seated.ticket_code}", base_url=url.rstrip("/")).status_code == 200
    assert client.get(f"/t/{seated.ticket_code}", base_url=url.rstrip("/")).status_code == 429
