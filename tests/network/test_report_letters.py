"""The letters asking organizations for their yearly report, read back from the PDF: whom each is
addressed to, the fiscal year, the due date (BE), the printed link and the QR code."""

import os
from datetime import date

import pytest

from app.auth.models import Role
from app.extensions import db
from app.network import report_letters, reports
from app.thai import thai_date
from tests.pdf_helpers import contains, embedded_fonts, page_count, page_texts, qr_codes_on_page

DATED = date(2019, 10, 1)
DUE = date(2019, 11, 30)
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")


@pytest.fixture
def staff(create_user):
    return create_user(Role.ORGANIZER, name="สมศักดิ์ เจ้าหน้าที่")


@pytest.fixture
def asked(create_organization, staff, public_base):
    """Three organizations asked for their report of 2562, one of which then sent it; one not asked."""
    chairman = create_organization(
        name="มูลนิธิพัฒนาเด็กพิษณุโลก",
        contacts=[{"name": "นายสมชาย ใจดี", "position": "ประธาน", "phone": "", "email": ""}],
    )
    plain = create_organization(name="กลุ่มออมทรัพย์บ้านใหม่")
    sent = create_organization(name="ชมรมผู้สูงอายุส่งแล้ว")
    never = create_organization(name="ชมรมไม่เคยถูกขอ")
    reports.ask_for_reports([chairman, plain, sent], 2562, DUE, staff, today=DATED)
    reports.record_report(sent, reports.parse_report({"fiscal_year": "2562"}), staff, today=DATED)
    db.session.commit()
    return chairman, plain, sent, never


def test_one_letter_per_organization_awaited_each_with_its_year_due_date_and_link(app, asked):
    chairman, plain, sent, never = asked
    with app.test_request_context():
        letters = report_letters.letters_for([chairman, plain, sent, never], 2562)
        pdf = report_letters.letters_pdf(letters, dated=DATED)
        links = [reports.report_link(o, 2562) for o in (chairman, plain)]
    os.makedirs(ARTIFACTS, exist_ok=True)
    with open(os.path.join(ARTIFACTS, "report-letters.pdf"), "wb") as file:
        file.write(pdf)

    # The one that sent its report and the one never asked get no letter.
    assert [letter.organization for letter in letters] == [chairman, plain]
    assert page_count(pdf) == 2
    for number, (organization, text, link) in enumerate(
        zip((chairman, plain), page_texts(pdf), links, strict=True), 1
    ):
        after_dear = text.split("เรียน", 1)[1].split("\n", 1)[0]
        assert organization.name in after_dear
        assert contains(text, "รายงานผลการดำเนินงาน ประจำปีงบประมาณ 2562")
        assert contains(text, thai_date(DUE))  # 30 พฤศจิกายน 2562
        assert contains(text, thai_date(DATED))  # the letter's date
        assert contains(text, "ขอแสดงความนับถือ") and contains(text, app.config["SIGNER_POSITION"])
        assert link in text.replace("\n", "") and organization.self_update_token in link
        assert qr_codes_on_page(pdf, number) == [link]
    assert "ประธานมูลนิธิพัฒนาเด็กพิษณุโลก" in page_texts(pdf)[0]
    assert plain.name not in page_texts(pdf)[0] and chairman.name not in page_texts(pdf)[1]
    fonts = embedded_fonts(pdf)
    assert any(name.startswith("Forums-Thai") for name in fonts) and all(fonts.values())


def test_many_letters_are_laid_out_in_parts_and_keep_their_order(
    app, create_organization, staff, public_base
):
    organizations = [create_organization(name=f"องค์กรที่ {n}") for n in range(1, 5)]
    reports.ask_for_reports(organizations, 2562, None, staff, today=DATED)
    db.session.commit()
    with app.test_request_context():
        letters = report_letters.letters_for(organizations, 2562)
        pdf = report_letters.official.in_parts(
            lambda part: report_letters.letters_pdf(part, dated=DATED), letters, per_part=3
        )
    texts = page_texts(pdf)
    assert len(texts) == 4
    assert [[o.name for o in organizations if o.name in t] for t in texts] == [
        [o.name] for o in organizations
    ]
    assert not any("ภายในวันที่" in t for t in texts)  # no due date asked, none printed
