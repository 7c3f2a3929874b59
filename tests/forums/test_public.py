import io
import re
from datetime import UTC, datetime, time
from html.parser import HTMLParser

import icalendar
import pytest
from PIL import Image, features

from app.extensions import db
from app.forums import agenda, service
from app.forums import invitations as inv
from app.forums.calendar import fold
from app.forums.models import ForumStatus, InvitationStatus, SpeakerRole


class MetaTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            self.tags[attrs.get("property") or attrs.get("name")] = attrs["content"]


def meta_tags(html):
    parser = MetaTags()
    parser.feed(html)
    return parser.tags


@pytest.fixture
def phitsanulok(create_forum):
    """The forum of 25 October 2561, 10.00–16.00, open, with a map link and an agenda."""
    forum = create_forum(status="open", map_url="https://maps.app.goo.gl/ruenphae")
    agenda.add_agenda_item(
        forum,
        {
            "start_time": time(10),
            "end_time": time(10, 30),
            "title": "พิธีเปิด",
            "speaker": "ผู้ว่าราชการจังหวัดพิษณุโลก",
            "speaker_role": SpeakerRole.CHAIR,
        },
    )
    db.session.commit()
    return forum


@pytest.mark.parametrize("suffix", ["", "/card.png", "/calendar.ics", "/register"])
def test_a_draft_is_never_public(client, create_forum, suffix):
    draft = create_forum()
    assert client.get(f"/f/{draft.public_code}{suffix}").status_code == 404
    assert client.get(f"/f/nosuchcode{suffix}").status_code == 404


def test_invitation_to_a_draft_is_not_found(client, create_forum, organization):
    invitation = inv.invite_organizations(create_forum(), [organization])[0]
    db.session.commit()
    assert client.get(f"/i/{invitation.token}").status_code == 404
    assert client.post(f"/i/{invitation.token}/decline").status_code == 404
    assert db.session.get(type(invitation), invitation.id).opened_at is None


def test_public_page_in_thai_with_be_date_venue_map_and_agenda(client, phitsanulok):
    page = client.get(f"/f/{phitsanulok.public_code}").get_data(as_text=True)
    assert "วันพฤหัสบดีที่ 25 ตุลาคม 2561 เวลา 10.00–16.00 น." in page
    assert "โรงแรมเรือนแพ รอยัล ปาร์ค" in page
    assert 'href="https://maps.app.goo.gl/ruenphae"' in page
    assert "พิธีเปิด" in page and "ประธาน: ผู้ว่าราชการจังหวัดพิษณุโลก" in page
    assert "ปิดรับลงทะเบียนแล้ว" in page  # the date has passed
    assert f'href="/f/{phitsanulok.public_code}/calendar.ics"' in page


def test_open_forum_shows_seats_left_and_the_register_button(client, forum):
    page = client.get(f"/f/{forum.public_code}").get_data(as_text=True)
    assert "เหลือ 110 ที่นั่ง" in page
    assert f'href="/f/{forum.public_code}/register"' in page and 'data-phase="open"' in page
    form = client.get(f"/f/{forum.public_code}/register").get_data(as_text=True)
    assert 'data-testid="registration-form"' in form


def test_open_graph_and_twitter_card_tags(client, phitsanulok):
    tags = meta_tags(client.get(f"/f/{phitsanulok.public_code}").get_data(as_text=True))
    url = f"http://localhost/f/{phitsanulok.public_code}"
    assert tags["og:title"] == tags["twitter:title"] == phitsanulok.title
    assert tags["og:description"] == "วันพฤหัสบดีที่ 25 ตุลาคม 2561 เวลา 10.00–16.00 น. · โรงแรมเรือนแพ รอยัล ปาร์ค"
    assert tags["og:url"] == url
    assert tags["og:image"].startswith(f"{url}/card.png?v=")
    assert tags["twitter:card"] == "summary_large_image" and tags["twitter:image"] == tags["og:image"]
    image = client.get(tags["og:image"].removeprefix("http://localhost"))
    assert image.status_code == 200 and image.mimetype == "image/png"


def test_links_use_the_public_base_url_when_set(app, client, phitsanulok):
    app.config["PUBLIC_BASE_URL"] = "https://forum.example.go.th/"
    try:
        tags = meta_tags(client.get(f"/f/{phitsanulok.public_code}").get_data(as_text=True))
    finally:
        app.config["PUBLIC_BASE_URL"] = None
    assert tags["og:url"] == f"https://forum.example.go.th/f/{phitsanulok.public_code}"


def test_card_image_is_a_1200_by_630_png_drawn_with_thai_shaping(client, phitsanulok):
    assert features.check("raqm"), "Pillow needs libraqm (and libfribidi) to shape Thai"
    response = client.get(f"/f/{phitsanulok.public_code}/card.png")
    image = Image.open(io.BytesIO(response.data))
    assert image.format == "PNG" and image.size == (1200, 630)
    title_band = image.convert("L").crop((64, 196, 1136, 300))
    assert title_band.getextrema()[0] < 80  # dark title text was drawn


def test_calendar_file_is_rfc5545_and_parses_back(client, phitsanulok):
    response = client.get(f"/f/{phitsanulok.public_code}/calendar.ics")
    assert response.mimetype == "text/calendar"
    raw = response.data
    lines = raw.split(b"\r\n")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == phitsanulok.title
    assert str(event["LOCATION"]) == "โรงแรมเรือนแพ รอยัล ปาร์ค, ถนนวังจันทน์ ตำบลในเมือง อำเภอเมืองพิษณุโลก"
    assert event.decoded("DTSTART") == datetime(2018, 10, 25, 3, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2018, 10, 25, 9, 0, tzinfo=UTC)
    assert str(event["UID"]) == f"forum-{phitsanulok.public_code}@localhost"
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert str(event["STATUS"]) == "CONFIRMED" and int(event["SEQUENCE"]) == 0
    assert f"http://localhost/f/{phitsanulok.public_code}" in str(event["DESCRIPTION"])


def test_calendar_of_a_cancelled_forum_says_so(client, phitsanulok):
    service.cancel_forum(phitsanulok, "งดจัด")
    db.session.commit()
    event = icalendar.Calendar.from_ical(client.get(f"/f/{phitsanulok.public_code}/calendar.ics").data).walk(
        "VEVENT"
    )[0]
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
    page = client.get(f"/f/{phitsanulok.public_code}").get_data(as_text=True)
    assert "เวทีนี้ยกเลิกแล้ว" in page and "งดจัด" in page


def test_folding_never_splits_a_thai_character():
    line = "SUMMARY:" + "เวทีสมัชชาองค์กรสวัสดิการชุมชน, " * 6
    folded = fold(line)
    parts = folded.split(b"\r\n")[:-1]
    assert len(parts) > 1 and all(len(p) <= 75 for p in parts)
    for part in parts:
        part.decode("utf-8")  # each physical line is whole UTF-8
    assert folded.replace(b"\r\n ", b"").decode("utf-8") == line + "\r\n"


def test_invitation_page_marks_opened_once(client, forum, organization):
    invitation = inv.invite_organizations(forum, [organization], seats=2)[0]
    inv.mark_sent([invitation], "line")
    db.session.commit()
    page = client.get(f"/i/{invitation.token}").get_data(as_text=True)
    assert organization.name in page and "สำรองที่นั่งไว้ให้องค์กรของท่าน 2 ที่นั่ง" in page
    assert f'href="/f/{forum.public_code}/register?invitation={invitation.token}"' in page
    invitation = db.session.get(type(invitation), invitation.id)
    first = invitation.opened_at
    assert invitation.status == InvitationStatus.OPENED and first is not None
    client.get(f"/i/{invitation.token}")
    assert db.session.get(type(invitation), invitation.id).opened_at == first


def test_a_link_preview_in_line_does_not_count_as_opened(client, forum, organization):
    invitation = inv.invite_organizations(forum, [organization])[0]
    db.session.commit()
    response = client.get(
        f"/i/{invitation.token}", headers={"User-Agent": "facebookexternalhit/1.1;line-poker/1.0"}
    )
    assert response.status_code == 200 and "og:title" in response.get_data(as_text=True)
    invitation = db.session.get(type(invitation), invitation.id)
    assert invitation.opened_at is None and invitation.status == InvitationStatus.NOT_SENT


def test_decline_through_the_link_with_a_reason(client, forum, organization):
    invitation = inv.invite_organizations(forum, [organization])[0]
    db.session.commit()
    response = client.post(f"/i/{invitation.token}/decline", data={"reason": "ติดภารกิจต่างจังหวัด"})
    assert response.status_code == 302 and response.headers["Location"] == f"/i/{invitation.token}"
    invitation = db.session.get(type(invitation), invitation.id)
    assert invitation.status == InvitationStatus.DECLINED and invitation.decline_reason == "ติดภารกิจต่างจังหวัด"
    page = client.get(f"/i/{invitation.token}").get_data(as_text=True)
    assert "ขอบคุณที่แจ้งให้ทราบ" in page and "ท่านแจ้งไม่เข้าร่วมเมื่อ" in page
    assert 'data-testid="decline-button"' not in page
    again = client.post(f"/i/{invitation.token}/decline", data={"reason": "x"}, follow_redirects=True)
    assert "ได้แจ้งไม่เข้าร่วมไว้แล้ว" in again.get_data(as_text=True)


def test_unknown_invitation_token_is_not_found(client):
    assert client.get("/i/" + "A" * 24).status_code == 404


def test_staff_preview_shows_a_draft(client, login_as, create_forum):
    draft = create_forum(title="ร่างเวที")
    login_as("organizer")
    page = client.get(f"/forums/{draft.id}/preview").get_data(as_text=True)
    assert "ร่างเวที" in page and "ตัวอย่างสำหรับเจ้าหน้าที่" in page
    assert re.search(r'data-phase="draft"', page)


def test_a_closed_forum_says_what_to_do_next_and_gives_the_office_s_phone(app, client, forum, monkeypatch):
    monkeypatch.setitem(app.config, "OFFICE_PHONE", "055-252 123")
    forum.status = ForumStatus.CLOSED
    db.session.commit()
    for path in (f"/f/{forum.public_code}", f"/f/{forum.public_code}/register"):
        page = client.get(path).get_data(as_text=True)
        assert 'data-testid="next-step"' in page, path
        assert 'href="tel:055252123"' in page and app.config["OFFICE_NAME"] in page, path


def test_an_open_forum_s_page_gives_the_office_s_phone_too(app, client, forum, monkeypatch):
    monkeypatch.setitem(app.config, "OFFICE_PHONE", "055-252 123")
    page = client.get(f"/f/{forum.public_code}").get_data(as_text=True)
    assert 'data-testid="office-phone"' in page and 'data-testid="next-step"' not in page
