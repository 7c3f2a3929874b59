"""Invitation letters and the QR poster, read back from the PDFs: text, fonts, QR codes."""

import os
from datetime import date, datetime, time

import pytest

from app.extensions import db
from app.forums import agenda, invitations, letters
from app.forums.models import ForumStatus
from app.thai import thai_date
from tests.conftest import wait_for_background_jobs
from tests.pdf_helpers import embedded_fonts, page_count, page_texts, qr_codes_on_page, skeleton

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
    letter, enclosure = (skeleton(text) for text in page_texts(pdf))
    assert skeleton("ประธานมูลนิธิพัฒนาเด็กพิษณุโลก") in letter
    assert skeleton(thai_date(DATED)) in letter  # 20 กันยายน 2561
    assert skeleton("วันพฤหัสบดีที่ 25 ตุลาคม 2561") in letter
    assert skeleton("10.00–16.00 น.") in letter
    assert skeleton("โรงแรมเรือนแพ รอยัล ปาร์ค") in letter
    assert skeleton("จำนวน 2 คน") in letter
    assert skeleton("20 ตุลาคม 2561") in letter  # the registration deadline
    assert skeleton("จึงเรียนมาเพื่อโปรดพิจารณาเข้าร่วม") in letter
    assert skeleton("ขอแสดงความนับถือ") in letter
    assert skeleton(app.config["SIGNER_POSITION"]) in letter
    assert skeleton("พิธีเปิด") in enclosure and skeleton("กำหนดการ") in enclosure
    assert url.startswith("http://") and invitation.token in url
    fonts = embedded_fonts(pdf)
    assert any(name.startswith("Forums-Thai") for name in fonts) and all(fonts.values())
    assert qr_codes_on_page(pdf, 1) == [url]


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
    letter = skeleton(page_texts(pdf)[0])

    for text in ("ที่ พม ๐๕๓๖/", "(นายสมศักดิ์ ทดสอบ)", "สำนักงานทดสอบจังหวัดพิษณุโลก", "ถนนทดสอบ ตำบลในเมือง"):
        assert skeleton(text) in letter


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
        assert skeleton(invitation.organization.name) in skeleton(texts[2 * number])
        assert skeleton("กำหนดการ") in skeleton(texts[2 * number + 1])
        assert qr_codes_on_page(pdf, 2 * number + 1) == [urls[number]]


def test_poster_carries_the_registration_link(app, phitsanulok):
    with app.test_request_context():
        pdf = letters.poster_pdf(phitsanulok)
        url = letters.links.registration_url(phitsanulok)
    _save("poster.pdf", pdf)

    assert page_count(pdf) == 1
    text = skeleton(page_texts(pdf)[0])
    assert skeleton(phitsanulok.title) in text
    assert skeleton("วันพฤหัสบดีที่ 25 ตุลาคม 2561") in text
    assert skeleton("ลงทะเบียนที่นี่") in text
    assert qr_codes_on_page(pdf, 1) == [url]


# The views


def test_letter_route_serves_the_pdf_of_that_invitation(client, login_as, phitsanulok, organization):
    (invitation,) = _invite(phitsanulok, [organization])
    login_as("organizer")

    response = client.get(f"/forums/{phitsanulok.id}/invitations/{invitation.id}/letter.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert skeleton(organization.name) in skeleton(page_texts(response.data)[0])


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
