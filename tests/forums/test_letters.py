"""Invitation letters and the QR poster, read back from the PDFs: text, fonts, QR codes."""

import io
import os
from datetime import UTC, date, datetime, time

import pytest
import time_machine
from pypdf import PdfReader

from app.extensions import db
from app.forums import agenda, invitations, letters
from app.forums.models import ForumStatus
from app.thai import thai_date
from tests.conftest import wait_for_background_jobs
from tests.pdf_helpers import (
    contains,
    embedded_fonts,
    matches,
    page_count,
    page_texts,
    page_words,
    qr_codes_on_page,
)

DATED = date(2018, 9, 20)
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")


@pytest.fixture
def phitsanulok(create_forum):
    forum = create_forum(
        status="open",
        starts_at=datetime(2018, 10, 25, 3, 0),
        ends_at=datetime(2018, 10, 25, 9, 0),
        registration_closes_at=datetime(2018, 10, 20, 10, 0),
        objectives="แลกเปลี่ยนเรียนรู้การจัดสวัสดิการชุมชน และวางแผนการดำเนินงานปีงบประมาณ 2562",
    )
    agenda.add_agenda_item(forum, {"start_time": time(9), "end_time": time(10), "title": "ลงทะเบียน"})
    agenda.add_agenda_item(
        forum, {"start_time": time(10), "title": "พิธีเปิด", "speaker": "ผู้ว่าราชการจังหวัดพิษณุโลก"}
    )
    db.session.commit()
    return forum


def _invite(forum, organizations, seats=2):
    created = invitations.invite_organizations(forum, organizations, seats)
    db.session.commit()
    return created


def _save(name, pdf):
    os.makedirs(ARTIFACTS, exist_ok=True)
    with open(os.path.join(ARTIFACTS, name), "wb") as file:
        file.write(pdf)


def test_letter_names_the_organization_the_date_and_carries_its_link(app, phitsanulok, organization):
    (invitation,) = _invite(phitsanulok, [organization])
    with app.test_request_context():
        pdf = letters.letters_pdf(phitsanulok, [invitation], dated=DATED)
        url = letters.letter_of(invitation).url
    _save("letter.pdf", pdf)

    assert page_count(pdf) == 2
    letter, enclosure = page_texts(pdf)
    assert contains(letter, "ประธานมูลนิธิพัฒนาเด็กพิษณุโลก")
    assert contains(letter, thai_date(DATED))  # 20 กันยายน 2561
    assert contains(letter, "วันพฤหัสบดีที่ 25 ตุลาคม 2561")
    assert contains(letter, "10.00–16.00 น.")
    assert contains(letter, "โรงแรมเรือนแพ รอยัล ปาร์ค")
    assert contains(letter, "จำนวน 2 คน")
    assert contains(letter, "20 ตุลาคม 2561")  # the registration deadline
    assert contains(letter, "จึงเรียนมาเพื่อโปรดพิจารณาเข้าร่วม")
    assert contains(letter, "ขอแสดงความนับถือ")
    assert contains(letter, app.config["SIGNER_POSITION"])
    assert contains(enclosure, "พิธีเปิด") and contains(enclosure, "กำหนดการ")
    assert url.startswith("http://") and invitation.token in url
    fonts = embedded_fonts(pdf)
    assert any(name.startswith("Forums-Thai") for name in fonts) and all(fonts.values())
    assert qr_codes_on_page(pdf, 1) == [url]


MM = 72 / 25.4


def _line(words, start):
    """Where the text starts on the page: the first word from which the words on its line
    read ``start`` (a dict of text, x0, top)."""
    for n, word in enumerate(words):
        same_line = [w["text"] for w in words[n:] if abs(w["top"] - word["top"]) < 2]
        if " ".join(same_line).startswith(start):
            return word
    raise AssertionError(f"{start!r} is not on the page")


def test_the_letter_has_the_parts_of_an_official_letter_in_order_and_in_place(
    app, monkeypatch, phitsanulok, organization
):
    """ที่ left and the office right, the date under the address, then เรื่อง, เรียน,
    สิ่งที่ส่งมาด้วย, the body, ขอแสดงความนับถือ and the signer on the right half, the unit
    and its numbers at the bottom left (ระเบียบงานสารบรรณ)."""
    settings = {
        "OFFICE_DOCUMENT_PREFIX": "พม ๐๐๖๕",
        "SIGNER_NAME": "นางสาวกนกพร ศรีวงศ์",
        "OFFICE_UNIT": "กลุ่มการพัฒนาสังคมและสวัสดิการ",
        "OFFICE_PHONE": "0 5525 8400",
        "OFFICE_FAX": "0 5525 8401",
        "OFFICE_EMAIL": "phitsanulok@m-society.go.th",
    }
    for key, value in settings.items():
        monkeypatch.setitem(app.config, key, value)
    phitsanulok.letter_number = 123
    phitsanulok.objectives = "1. เพื่อแลกเปลี่ยนเรียนรู้การจัดสวัสดิการชุมชน\n2) เพื่อวางแผนการดำเนินงานปีงบประมาณ 2562"
    db.session.commit()
    (invitation,) = _invite(phitsanulok, [organization])
    with app.test_request_context():
        pdf = letters.letters_pdf(phitsanulok, [invitation], dated=DATED)
        short = letters.links.public_url(phitsanulok)
        url = letters.letter_of(invitation).url
    _save("letter-parts.pdf", pdf)
    width, lines = page_words(pdf, 1)
    text = page_texts(pdf)[0]

    number = _line(lines, "ที่ พม ๐๐๖๕/ว 123")
    office = _line(lines, app.config["OFFICE_NAME"][:20])
    dated = _line(lines, thai_date(DATED))
    parts = [
        number,
        dated,
        _line(lines, "เรื่อง"),
        _line(lines, "เรียน"),
        _line(lines, "สิ่งที่ส่งมาด้วย"),
        _line(lines, "ด้วย" + app.config["OFFICE_NAME"][:10]),
        _line(lines, "1. เพื่อแลกเปลี่ยนเรียนรู้"),
        _line(lines, "2. เพื่อวางแผน"),
        _line(lines, "ขอแสดงความนับถือ"),
        _line(lines, "(นางสาวกนกพร ศรีวงศ์)"),
        _line(lines, settings["OFFICE_UNIT"]),
        _line(lines, "โทร. 0 5525 8400"),
        _line(lines, "โทรสาร 0 5525 8401"),
        _line(lines, "ไปรษณีย์อิเล็กทรอนิกส์ phitsanulok@m-society.go.th"),
    ]
    tops = [line["top"] for line in parts]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    # The emblem's 3 cm place is kept at the top, even with no emblem set.
    assert number["top"] > 15 * MM + 30 * MM
    left = 30 * MM  # the left margin of 3 cm
    assert abs(number["x0"] - left) < 1 and abs(office["top"] - number["top"]) < 1
    assert office["x0"] > width / 2 - 5 * MM and abs(dated["x0"] - office["x0"]) < 1
    for line in parts[2:5]:
        assert abs(line["x0"] - left) < 1
    assert parts[5]["x0"] > left + 20 * MM  # a paragraph's first line is indented
    closing, signer = parts[8], parts[9]
    assert closing["x0"] > width / 2 - 5 * MM and signer["x0"] > width / 2 - 5 * MM
    for line in parts[10:]:
        assert abs(line["x0"] - left) < 1 and line["top"] > closing["top"]
    assert parts[-1]["top"] > 230 * MM  # at the foot of the page
    # The objectives as typed, numbered once, never "เพื่อเพื่อ"; the short link whole on a line.
    assert "เพื่อเพื่อ" not in text and "1. 1." not in text
    assert any(word["text"] == short for word in lines)
    assert qr_codes_on_page(pdf, 1) == [url]


REFERENCE = "หนังสือจังหวัดพิษณุโลก ที่ พล ๐๐๒๓/ว ๔๕๖ ลงวันที่ ๑ ตุลาคม ๒๕๖๑"


def test_a_reference_comes_between_the_addressee_and_the_enclosure_as_stored(app, phitsanulok, organization):
    """อ้างถึง at the left margin under เรียน, its text where the text of เรื่อง and เรียน starts."""
    phitsanulok.letter_reference = REFERENCE
    db.session.commit()
    (invitation,) = _invite(phitsanulok, [organization])
    with app.test_request_context():
        pdf = letters.letters_pdf(phitsanulok, [invitation], dated=DATED)
    _save("letter-reference.pdf", pdf)
    _width, words = page_words(pdf, 1)
    text = page_texts(pdf)[0]

    addressed, label, enclosure = (_line(words, start) for start in ("เรียน", "อ้างถึง", "สิ่งที่ส่งมาด้วย"))
    assert addressed["top"] < label["top"] < enclosure["top"]
    assert abs(label["x0"] - 30 * MM) < 1 and label["text"] == "อ้างถึง"
    after = [w for w in words if abs(w["top"] - label["top"]) < 2 and w["x0"] > label["x1"]]
    addressee = [w for w in words if abs(w["top"] - addressed["top"]) < 2 and w["x0"] > addressed["x1"]]
    assert abs(after[0]["x0"] - addressee[0]["x0"]) < 1  # the text starts in the column of เรียน's
    # The text between the label and สิ่งที่ส่งมาด้วย is the stored reference, character for character.
    between = text[text.index("อ้างถึง ") + len("อ้างถึง ") : text.index("\nสิ่งที่ส่งมาด้วย")]
    assert matches(between, REFERENCE), between


def test_a_letter_without_a_reference_has_no_reference_line(app, phitsanulok, organization):
    (invitation,) = _invite(phitsanulok, [organization])
    with app.test_request_context():
        pdf = letters.letters_pdf(phitsanulok, [invitation], dated=DATED)
    assert phitsanulok.letter_reference == ""
    assert "อ้างถึง" not in page_texts(pdf)[0]


def test_thai_digits_in_the_letter_when_the_office_writes_them(app, monkeypatch, phitsanulok, organization):
    monkeypatch.setitem(app.config, "THAI_DIGITS", True)
    monkeypatch.setitem(app.config, "OFFICE_DOCUMENT_PREFIX", "พม 0065")
    phitsanulok.letter_number = 123
    db.session.commit()
    (invitation,) = _invite(phitsanulok, [organization])
    with app.test_request_context():
        pdf = letters.letters_pdf(phitsanulok, [invitation], dated=DATED)
        short = letters.links.public_url(phitsanulok)
    letter = page_texts(pdf)[0]
    for expected in ("ที่ พม ๐๐๖๕/ว ๑๒๓", "๒๐ กันยายน ๒๕๖๑", "วันพฤหัสบดีที่ ๒๕ ตุลาคม ๒๕๖๑", "จำนวน ๒ คน"):
        assert contains(letter, expected), expected
    assert short in letter  # a link keeps its own digits


def test_without_a_closing_date_the_letter_asks_for_registrations_by_the_day_before(
    app, phitsanulok, organization
):
    phitsanulok.registration_closes_at = None
    db.session.commit()
    (invitation,) = _invite(phitsanulok, [organization])
    assert letters.registration_deadline(phitsanulok) == date(2018, 10, 24)
    with app.test_request_context():
        pdf = letters.letters_pdf(phitsanulok, [invitation], dated=DATED)
    assert contains(page_texts(pdf)[0], "ภายในวันที่ 24 ตุลาคม 2561")


def test_the_qr_code_of_a_letter_opens_the_invitation(app, client, phitsanulok, organization):
    (invitation,) = _invite(phitsanulok, [organization])
    with app.test_request_context():
        pdf = letters.letters_pdf(phitsanulok, [invitation], dated=DATED)
    (url,) = qr_codes_on_page(pdf, 1)

    response = client.get(url)

    assert response.status_code == 200
    assert organization.name in response.get_data(as_text=True)


def test_the_office_settings_head_and_sign_the_letter(app, monkeypatch, phitsanulok, organization):
    (invitation,) = _invite(phitsanulok, [organization])
    settings = {
        "OFFICE_DOCUMENT_PREFIX": "พม ๐๕๓๖",
        "SIGNER_NAME": "นายสมศักดิ์ ทดสอบ",
        "OFFICE_NAME": "สำนักงานทดสอบจังหวัดพิษณุโลก",
        "OFFICE_ADDRESS": "ถนนทดสอบ ตำบลในเมือง",
    }
    for key, value in settings.items():
        monkeypatch.setitem(app.config, key, value)
    with app.test_request_context():
        pdf = letters.letters_pdf(phitsanulok, [invitation], dated=DATED)
    letter = page_texts(pdf)[0]

    for text in ("ที่ พม ๐๕๓๖/ว", "(นายสมศักดิ์ ทดสอบ)", "สำนักงานทดสอบจังหวัดพิษณุโลก", "ถนนทดสอบ ตำบลในเมือง"):
        assert contains(letter, text)


def test_a_letter_without_a_contact_position_is_addressed_to_the_organization(
    app, phitsanulok, create_organization
):
    organization = create_organization(name="ชมรมผู้สูงอายุบ้านใหม่")
    (invitation,) = _invite(phitsanulok, [organization])

    with app.test_request_context():
        assert letters.letter_of(invitation).addressee == "ชมรมผู้สูงอายุบ้านใหม่"


def test_all_letters_one_per_invitation_each_with_its_own_code(app, phitsanulok, create_organization):
    organizations = [create_organization(name=f"องค์กรสวัสดิการชุมชนตำบลที่ {n}") for n in range(1, 6)]
    created = _invite(phitsanulok, organizations, seats=1)
    ordered = invitations.invitations_of(phitsanulok)
    with app.test_request_context():
        pdf = letters.letters_pdf(phitsanulok, ordered, dated=DATED, per_part=2)
        urls = [letters.letter_of(i).url for i in ordered]
    _save("letters.pdf", pdf)

    texts = page_texts(pdf)
    assert len(texts) == 2 * len(created)
    for number, invitation in enumerate(ordered):
        assert contains(texts[2 * number], invitation.organization.name)
        assert contains(texts[2 * number + 1], "กำหนดการ")
        assert qr_codes_on_page(pdf, 2 * number + 1) == [urls[number]]


def test_an_agenda_of_two_pages_follows_every_letter_whole(app, phitsanulok, create_organization):
    """The agenda is laid out once and printed after each letter: every page of it, in order."""
    for hour in range(11, 16):
        for minute in range(0, 60, 10):
            agenda.add_agenda_item(
                phitsanulok, {"start_time": time(hour, minute), "title": f"ประชุมกลุ่มย่อยที่ {hour}.{minute:02d}"}
            )
    db.session.commit()
    organizations = [create_organization(name=f"องค์กรสวัสดิการชุมชนตำบลที่ {n}") for n in range(1, 4)]
    _invite(phitsanulok, organizations, seats=1)
    ordered = invitations.invitations_of(phitsanulok)
    with app.test_request_context():
        pdf = letters.letters_pdf(phitsanulok, ordered, dated=DATED)
        urls = [letters.letter_of(i).url for i in ordered]

    texts = page_texts(pdf)
    assert len(texts) == 3 * 3
    for number, invitation in enumerate(ordered):
        letter, agenda_start, agenda_end = texts[3 * number : 3 * number + 3]
        assert contains(letter, invitation.organization.name)
        assert qr_codes_on_page(pdf, 3 * number + 1) == [urls[number]]
        assert contains(agenda_start, "กำหนดการ") and contains(agenda_start, "พิธีเปิด")
        assert contains(agenda_end, "ประชุมกลุ่มย่อยที่ 15.50")
        assert (agenda_start, agenda_end) == (texts[1], texts[2])


def test_letters_laid_out_by_workers_are_the_pages_of_one_process(
    app, phitsanulok, create_organization, monkeypatch
):
    """Shared out between worker processes, each part's letters keep their agenda and their order."""
    organizations = [create_organization(name=f"องค์กรสวัสดิการชุมชนตำบลที่ {n}") for n in range(1, 6)]
    _invite(phitsanulok, organizations, seats=1)
    ordered = invitations.invitations_of(phitsanulok)
    monkeypatch.setattr(letters, "PARALLEL_LETTERS", 2)
    with app.test_request_context():
        monkeypatch.setitem(app.config, "PDF_WORKERS", 1)
        in_one_process = letters.letters_pdf(phitsanulok, ordered, dated=DATED)
        monkeypatch.setitem(app.config, "PDF_WORKERS", 2)
        by_workers = letters.letters_pdf(phitsanulok, ordered, dated=DATED)
        urls = [letters.letter_of(i).url for i in ordered]

    assert page_texts(by_workers) == page_texts(in_one_process)
    assert len(page_texts(by_workers)) == 2 * len(ordered)
    assert embedded_fonts(by_workers) == embedded_fonts(in_one_process)
    for number in range(len(ordered)):
        assert qr_codes_on_page(by_workers, 2 * number + 1) == [urls[number]]
    # The agenda's bookmark, as a single document has it, leads to an agenda page.
    reader = PdfReader(io.BytesIO(by_workers))
    assert {item.title for item in reader.outline} == {"กำหนดการ"}
    assert reader.get_destination_page_number(reader.outline[0]) == 1


def test_poster_carries_the_registration_link(app, phitsanulok):
    with app.test_request_context():
        pdf = letters.poster_pdf(phitsanulok)
        url = letters.links.registration_url(phitsanulok)
    _save("poster.pdf", pdf)

    assert page_count(pdf) == 1
    text = page_texts(pdf)[0]
    assert contains(text, phitsanulok.title)
    assert contains(text, "วันพฤหัสบดีที่ 25 ตุลาคม 2561")
    assert contains(text, "ลงทะเบียนที่นี่")
    assert qr_codes_on_page(pdf, 1) == [url]


# The views


def test_letter_route_serves_the_pdf_of_that_invitation(client, login_as, phitsanulok, organization):
    (invitation,) = _invite(phitsanulok, [organization])
    login_as("organizer")

    response = client.get(f"/forums/{phitsanulok.id}/invitations/{invitation.id}/letter.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert contains(page_texts(response.data)[0], organization.name)


def test_letter_of_another_forums_invitation_is_404(
    client, login_as, create_forum, phitsanulok, organization
):
    (invitation,) = _invite(phitsanulok, [organization])
    other = create_forum(status="open")
    login_as("organizer")

    assert client.get(f"/forums/{other.id}/invitations/{invitation.id}/letter.pdf").status_code == 404


def test_all_letters_route_takes_the_ticked_invitations(client, login_as, phitsanulok, create_organization):
    chosen, _other = _invite(phitsanulok, [create_organization(name="ก"), create_organization(name="ข")])
    login_as("organizer")

    every = client.get(f"/forums/{phitsanulok.id}/letters.pdf", follow_redirects=True)
    ticked = client.get(f"/forums/{phitsanulok.id}/letters.pdf?invitation_ids={chosen.id}")

    assert page_count(every.data) == 4
    assert page_count(ticked.data) == 2
    assert qr_codes_on_page(ticked.data, 1) == [f"http://localhost/i/{chosen.token}"]


def test_all_letters_of_a_forum_without_invitations_is_404(client, login_as, phitsanulok):
    login_as("organizer")
    assert client.get(f"/forums/{phitsanulok.id}/letters.pdf").status_code == 404


def test_a_bearer_token_gets_a_letter(client, app, create_user, phitsanulok, organization):
    from app.auth import service as auth_service

    (invitation,) = _invite(phitsanulok, [organization])
    secret = auth_service.create_token(create_user("organizer"), "letters")
    db.session.commit()

    response = client.get(
        f"/forums/{phitsanulok.id}/invitations/{invitation.id}/letter.pdf",
        headers={"Authorization": f"Bearer {secret}"},
    )

    assert response.status_code == 200 and response.mimetype == "application/pdf"


def test_buttons_lead_to_the_letters_and_the_poster(client, login_as, phitsanulok, organization):
    (invitation,) = _invite(phitsanulok, [organization])
    phitsanulok.status = ForumStatus.OPEN
    db.session.commit()
    # Some weeks before the forum: its page then offers the poster first, for sharing.
    with time_machine.travel(datetime(2018, 10, 1, 3, 0, tzinfo=UTC), tick=False):
        login_as("organizer")
        show = client.get(f"/forums/{phitsanulok.id}").get_data(as_text=True)
        listing = client.get(f"/forums/{phitsanulok.id}/invitations").get_data(as_text=True)

    assert f"/forums/{phitsanulok.id}/poster.pdf" in show
    assert f"/forums/{phitsanulok.id}/letters.pdf" in show
    assert f"/forums/{phitsanulok.id}/letters.pdf" in listing
    assert f"/forums/{phitsanulok.id}/invitations/{invitation.id}/letter.pdf" in listing


def test_many_letters_are_made_in_the_background_and_kept_until_an_invitation_changes(
    app, client, login_as, phitsanulok, create_organization, monkeypatch, tmp_path
):
    monkeypatch.setitem(app.config, "DOCUMENTS_BACKGROUND_ROWS", 20)  # two letters and more are big
    monkeypatch.setitem(app.config, "GENERATED_DOCUMENTS_DIR", str(tmp_path))
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "http://localhost")
    _invite(phitsanulok, [create_organization(name="ก"), create_organization(name="ข")])
    login_as("organizer")
    page = f"/forums/{phitsanulok.id}/documents/invitation-letters"

    assert client.get(f"/forums/{phitsanulok.id}/letters.pdf", follow_redirects=True).request.path == page
    client.post(page)
    wait_for_background_jobs()
    kept = client.get(page + ".pdf")
    assert kept.status_code == 200 and page_count(kept.data) == 4

    _invite(phitsanulok, [create_organization(name="ค")])
    assert client.get(page + ".pdf").headers["Location"].endswith(page)  # the kept file is out of date
    client.post(page)
    wait_for_background_jobs()
    assert page_count(client.get(page + ".pdf").data) == 6
