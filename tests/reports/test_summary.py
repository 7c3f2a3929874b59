"""The forum summary report: its figures against the database, and the PDF read back."""

import math
import os
import re
import statistics
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import distinct, func, select

from app.auth.models import Role
from app.directory.models import Organization, OrganizationKind
from app.extensions import db
from app.forums.models import Invitation
from app.notes.models import FeedbackAnswer, FeedbackQuestion, FeedbackResponse, FeedbackSurvey
from app.registration.models import Registration, RegistrationStatus
from app.reports import charts, summary
from app.reports.summary import Rate, objectives_of, render_summary_report, summary_report
from tests.pdf_helpers import contains, embedded_fonts, page_count, page_texts
from tests.reports.forum_data import UNLISTED, held_forum

PRINTED_ON = date(2025, 11, 26)
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")
KIND_NAMES = {
    OrganizationKind.PUBLIC_BENEFIT: "องค์กรสาธารณประโยชน์",
    OrganizationKind.COMMUNITY_WELFARE: "องค์กรสวัสดิการชุมชน",
    OrganizationKind.LOCAL_GOVERNMENT: "องค์กรปกครองส่วนท้องถิ่น",
}
ATTENDED = (Registration.status == RegistrationStatus.CONFIRMED) & Registration.checked_in_at.is_not(None)


def percent(count, base):
    return str((Decimal(100 * count) / Decimal(base)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def db_organizations(forum, kind=None, invited=None, condition=None):
    """Distinct directory organizations of the forum's registrations, as the database has them."""
    stmt = select(func.count(distinct(Registration.organization_id))).where(Registration.forum_id == forum.id)
    if condition is not None:
        stmt = stmt.where(condition)
    if kind is not None:
        stmt = stmt.where(
            Registration.organization_id.in_(select(Organization.id).where(Organization.kind == kind))
        )
    invited_ids = select(Invitation.organization_id).where(Invitation.forum_id == forum.id)
    if invited is True:
        stmt = stmt.where(Registration.organization_id.in_(invited_ids))
    elif invited is False:
        stmt = stmt.where(Registration.organization_id.not_in(invited_ids))
    return db.session.scalar(stmt)


def db_invited(forum, kind=None):
    stmt = (
        select(func.count()).select_from(Invitation).join(Organization).where(Invitation.forum_id == forum.id)
    )
    if kind is not None:
        stmt = stmt.where(Organization.kind == kind)
    return db.session.scalar(stmt)


def db_people(forum, condition):
    return db.session.scalar(
        select(func.count()).select_from(Registration).where(Registration.forum_id == forum.id, condition)
    )


@pytest.fixture
def forum():
    return held_forum(110)


def test_figures_equal_the_database(forum):
    report = summary_report(forum, PRINTED_ON)
    confirmed = db_people(forum, Registration.status == RegistrationStatus.CONFIRMED)
    assert report.people.confirmed == confirmed
    assert report.people.attended == db_people(forum, ATTENDED) == 110
    assert (
        report.people.waitlisted
        == db_people(forum, Registration.status == RegistrationStatus.WAITLISTED)
        == 3
    )
    assert (
        report.people.cancelled == db_people(forum, Registration.status == RegistrationStatus.CANCELLED) == 2
    )
    assert report.people.attendance_rate.percent == Decimal(percent(110, confirmed))

    total = report.kind_total
    assert total.invited == db_invited(forum)
    assert total.attended == db_organizations(forum, invited=True, condition=ATTENDED)
    assert total.registered == db_organizations(
        forum, invited=True, condition=Registration.status == RegistrationStatus.CONFIRMED
    )
    # Uninvited directory organizations that came, and the one typed name not in the directory.
    assert total.uninvited_attended == db_organizations(forum, invited=False, condition=ATTENDED) + 1
    for row in report.by_kind:
        kind = next((k for k, name in KIND_NAMES.items() if str(row.label) == name), None)
        if kind is None:
            assert str(row.label) == "ไม่อยู่ในทำเนียบ" and row.uninvited_attended == 1
            continue
        assert row.invited == db_invited(forum, kind)
        assert row.attended == db_organizations(forum, kind, invited=True, condition=ATTENDED)
        assert str(row.attendance_rate.percent) == percent(row.attended, row.invited)
    district_total = report.district_total
    assert (district_total.invited, district_total.attended) == (total.invited, total.attended)
    assert [str(r.label) for r in report.by_district][-1] == "ไม่ระบุอำเภอ"

    listed = [o.name for group in report.organizations for o in group.organizations]
    assert len(listed) == total.attended + total.uninvited_attended == report.organizations_attended
    assert UNLISTED in listed
    assert len(report.attendees) == 110
    assert {a.organization for a in report.attendees if not a.organization} == {""}


def test_feedback_figures_equal_the_database(forum):
    report = summary_report(forum, PRINTED_ON)
    survey = db.session.scalar(select(FeedbackSurvey).where(FeedbackSurvey.forum_id == forum.id))
    for question, shown in zip(survey.questions, report.feedback.questions, strict=True):
        scores = db.session.scalars(
            select(FeedbackAnswer.score).where(FeedbackAnswer.question_id == question.id)
        ).all()
        assert shown.n == len(scores) == 5
        assert float(shown.mean) == pytest.approx(statistics.mean(scores), abs=0.005)
        assert float(shown.sd) == pytest.approx(statistics.stdev(scores), abs=0.005)
    responses = db.session.scalar(select(func.count()).select_from(FeedbackResponse))
    assert report.feedback.responses == responses


def test_rates_round_half_up_and_never_divide_by_nothing():
    assert Rate(38, 45).percent == Decimal("84.4")
    assert Rate(1, 8).percent == Decimal("12.5")
    assert Rate(1, 16).percent == Decimal("6.3")
    assert Rate(0, 0).percent is None


def test_objectives_are_listed_without_the_numbers_typed_before_them(create_forum):
    forum = create_forum(objectives="1. เพื่อแลกเปลี่ยน\n\n- เพื่อทบทวน\n๓) เพื่อเสนอ\nต่อเนื่อง")
    assert objectives_of(forum) == ["เพื่อแลกเปลี่ยน", "เพื่อทบทวน", "เพื่อเสนอ", "ต่อเนื่อง"]


def test_attendance_is_one_rule(forum):
    """Everything the report counts as attendance goes through summary.attended()."""
    registrations = db.session.scalars(select(Registration).where(Registration.forum_id == forum.id)).all()
    assert sum(summary.attended(r) for r in registrations) == summary_report(forum).people.attended


def _row(*cells):
    return " ".join(str(c) for c in cells)


def test_pdf_reads_back_with_the_database_figures(client, login_as, forum):
    login_as(Role.ORGANIZER)
    response = client.get(f"/forums/{forum.id}/documents/summary-report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    pdf = response.data
    os.makedirs(ARTIFACTS, exist_ok=True)
    with open(os.path.join(ARTIFACTS, "summary-report.pdf"), "wb") as file:
        file.write(pdf)
    assert embedded_fonts(pdf) == {"Forums-Thai": True, "Forums-Thai-Bold": True}
    texts = page_texts(pdf)
    assert texts[0].count("หน้า 1 จาก") == 1 and f"จาก {len(texts)}" in texts[-1]
    whole = "\n".join(texts)
    for heading in (
        "สรุปผลการจัดเวที",
        "บทสรุป",
        "1. ข้อมูลการจัดเวที",
        "วัตถุประสงค์",
        "2. กำหนดการ",
        "3. ผลการเข้าร่วม",
        "4. ผลการถอดบทเรียน",
        "5. งานที่ต้องดำเนินการต่อ",
        "6. ผลการประเมินความพึงพอใจ",
        "7. รายชื่อองค์กรที่เข้าร่วม",
        "ภาคผนวก รายชื่อผู้เข้าร่วม",
        "วันพฤหัสบดีที่ 25 ตุลาคม 2561",
        "31 มกราคม 2562",
    ):
        assert contains(whole, heading), heading

    invited = db_invited(forum)
    attended = db_organizations(forum, invited=True, condition=ATTENDED)
    sentence = f"มีองค์กรเข้าร่วม {attended} จาก {invited} องค์กรที่ได้รับเชิญ คิดเป็นร้อยละ {percent(attended, invited)}"
    assert contains(texts[0], sentence)
    registered = db_organizations(
        forum, invited=True, condition=Registration.status == RegistrationStatus.CONFIRMED
    )
    uninvited = db_organizations(forum, invited=False, condition=ATTENDED) + 1
    total_row = _row(
        "รวม",
        invited,
        registered,
        percent(registered, invited),
        attended,
        percent(attended, invited),
        uninvited,
    )
    assert whole.count(total_row) == 2  # by kind and by district
    for kind, name in KIND_NAMES.items():
        kind_invited = db_invited(forum, kind)
        kind_registered = db_organizations(
            forum, kind, invited=True, condition=Registration.status == RegistrationStatus.CONFIRMED
        )
        kind_attended = db_organizations(forum, kind, invited=True, condition=ATTENDED)
        cells = (kind_invited, kind_registered, percent(kind_registered, kind_invited))
        assert contains(whole, _row(name, *cells, kind_attended, percent(kind_attended, kind_invited))), name

    confirmed = db_people(forum, Registration.status == RegistrationStatus.CONFIRMED)
    people_attended = db_people(forum, ATTENDED)
    assert contains(whole, f"ผู้ลงทะเบียน {confirmed} คน มาร่วมงานจริง {people_attended} คน")
    assert contains(whole, _row("อัตราการเข้าร่วมของผู้ลงทะเบียน", percent(people_attended, confirmed) + "%"))

    survey = db.session.scalar(select(FeedbackSurvey).where(FeedbackSurvey.forum_id == forum.id))
    responses = db.session.scalar(select(func.count()).select_from(FeedbackResponse))
    assert contains(whole, f"มีผู้ตอบแบบประเมิน {responses} คน จากผู้ลงทะเบียน {confirmed} คน")
    # The overall row counts people (said above) and, apart, their scores (people × questions answered).
    scores_given = db.session.scalar(select(func.count()).select_from(FeedbackAnswer))
    assert contains(whole, f"{scores_given} คะแนน")
    levels = {5: "มากที่สุด", 4: "มาก", 3: "ปานกลาง"}
    for question in db.session.scalars(
        select(FeedbackQuestion).where(FeedbackQuestion.survey_id == survey.id)
    ):
        scores = db.session.scalars(
            select(FeedbackAnswer.score).where(FeedbackAnswer.question_id == question.id)
        )
        scores = list(scores)
        mean = Decimal(sum(scores)) / len(scores)
        sd = Decimal(statistics.stdev(scores))
        rounded_mean = mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        level = next(
            level for floor, level in ((4.51, 5), (3.51, 4), (2.51, 3)) if rounded_mean >= Decimal(str(floor))
        )
        counts = [scores.count(s) for s in (5, 4, 3, 2, 1)]
        cells = (*counts, len(scores), rounded_mean, sd.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
        assert contains(whole, _row(*cells, levels[level])), question.text
        assert contains(whole, question.text)
    assert contains(whole, "ได้ความรู้และเครือข่ายเพิ่มขึ้นมาก")
    assert contains(whole, "การแบ่งกลุ่มย่อยตามอำเภอได้ผลดี")  # Markdown rendered, no asterisks
    assert "**" not in "".join(texts)

    appendix = "\n".join(texts[_appendix_start(texts) - 1 :])
    for registration in db.session.scalars(
        select(Registration).where(Registration.forum_id == forum.id, ATTENDED)
    ):
        assert registration.full_name == unicodedata.normalize("NFC", registration.full_name)
        assert contains(appendix, registration.full_name)
        # Each word of a name whole on one line of its cell: never "แก้ว|ประเสริฐ".
        assert all(
            any(word in line for line in appendix.splitlines()) for word in registration.full_name.split()
        )
    # From the section's heading on (not the contents' line on page 1 that names it).
    listing = "\n".join(texts[1 : _appendix_start(texts) - 1]).split("7. รายชื่อองค์กรที่เข้าร่วม", 1)[1]
    came = select(Registration.organization_id).where(Registration.forum_id == forum.id, ATTENDED)
    for organization in db.session.scalars(select(Organization).where(Organization.id.in_(came))):
        assert contains(listing, organization.name), organization.name
    assert contains(listing, UNLISTED)


def _appendix_start(texts):
    """The page (1-based) the appendix of attendees starts on (the contents on page 1 name it too)."""
    return next(
        n
        for n, text in enumerate(texts, 1)
        if contains(text, "ภาคผนวก รายชื่อผู้เข้าร่วม") and contains(text, "ลำดับ ชื่อ-สกุล ตำแหน่ง")
    )


def _appendix_numbers(text):
    """The row numbers of the attendee table on an appendix page."""
    return [int(m) for m in re.findall(r"^(\d+) ", text, re.MULTILINE)]


@pytest.mark.parametrize("attendees", [110, pytest.param(1000, marks=pytest.mark.layout)])
def test_page_count_follows_the_appendix_layout(attendees):
    """The appendix starts on a page of its own and holds a fixed number of one-line rows a page."""
    forum = held_forum(attendees, with_record=attendees == 110)
    pdf = render_summary_report(forum, PRINTED_ON)
    texts = page_texts(pdf)
    start = _appendix_start(texts)
    contents = [line for line in texts[0].splitlines() if "ภาคผนวก" in line]
    assert [int(re.search(r"(\d+)$", line)[1]) for line in contents] == [start]
    head = summary.APPENDIX_HEAD_MM
    first_page = math.floor(
        (summary.PAGE_BODY_MM - summary.APPENDIX_TITLE_MM - head) / summary.APPENDIX_ROW_MM
    )
    per_page = math.floor((summary.PAGE_BODY_MM - head) / summary.APPENDIX_ROW_MM)
    expected_appendix = 1 + math.ceil(max(0, attendees - first_page) / per_page)
    assert page_count(pdf) == len(texts) == start - 1 + expected_appendix
    pages = [_appendix_numbers(text) for text in texts[start - 1 :]]
    assert pages[0] == list(range(1, first_page + 1))
    for index, numbers in enumerate(pages[1:-1]):
        first = first_page + index * per_page + 1
        assert numbers == list(range(first, first + per_page))
    assert pages[-1][-1] == attendees
    # The appendix's heading counts the people it lists.
    assert contains(texts[start - 1], f"{attendees} คน")


def test_empty_forum_says_what_is_missing(client, login_as, create_forum):
    forum = create_forum()
    login_as(Role.ADMIN)
    texts = page_texts(client.get(f"/forums/{forum.id}/documents/summary-report.pdf").data)
    whole = "\n".join(texts)
    for phrase in (
        "ไม่มีการเชิญองค์กรผ่านระบบ",
        "ยังไม่มีผู้ลงทะเบียน",
        "ยังไม่มีการบันทึกวัตถุประสงค์",
        "ยังไม่มีการบันทึกกำหนดการ",
        "ยังไม่มีองค์กรที่ได้รับเชิญหรือลงทะเบียน",
        "ยังไม่มีการบันทึกบทเรียน",
        "ยังไม่มีการบันทึกงานที่ต้องดำเนินการต่อ",
        "ยังไม่มีแบบประเมินความพึงพอใจของเวทีนี้",
        "ยังไม่มีการบันทึกผู้เข้าร่วม",
    ):
        assert contains(whole, phrase), phrase
    assert contains(texts[0], forum.title)


def test_the_forum_page_links_to_the_report(client, login_as, forum):
    login_as(Role.ORGANIZER)
    page = client.get(f"/forums/{forum.id}").get_data(as_text=True)
    assert f'href="/forums/{forum.id}/documents/summary-report.pdf"' in page


def test_an_unknown_forum_is_404(client, login_as):
    login_as(Role.ORGANIZER)
    assert client.get("/forums/999/documents/summary-report.pdf").status_code == 404


def test_bar_chart_draws_values_to_scale_and_escapes_labels():
    series = [charts.Series("เข้าร่วม", "#000000"), charts.Series("ได้รับเชิญ", "#999999")]
    svg = str(charts.bar_chart([charts.Bar("<องค์กร & ชุมชน>", (5, 10))], series))
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="9"', svg)]
    assert len(widths) == 2 and widths[1] == pytest.approx(2 * widths[0], abs=0.2)
    assert "&lt;องค์กร &amp; ชุมชน&gt;" in svg and "<องค์กร" not in svg


def test_a_kept_report_is_made_again_when_a_note_an_action_item_or_the_agenda_changes(forum, create_user):
    from datetime import time

    from app.forums import agenda
    from app.notes import service as notes_service
    from app.notes.models import NoteCategory
    from app.reports.documents import SUMMARY_REPORT
    from app.reports.generated import fingerprint

    author = create_user(Role.ORGANIZER)
    seen = {fingerprint(SUMMARY_REPORT, forum)}
    changes = [
        lambda: notes_service.create_note(
            forum, {"category": NoteCategory.CHALLENGE, "body": "ฝนตก"}, author
        ),
        lambda: agenda.add_agenda_item(forum, {"day": 1, "start_time": time(9), "title": "เปิดเวที"}),
    ]
    for change in changes:
        change()
        db.session.commit()
        seen.add(fingerprint(SUMMARY_REPORT, forum))
    assert len(seen) == 1 + len(changes)


def test_only_a_name_too_long_for_the_column_gets_a_smaller_size_of_its_own(app):
    """A name that fits at the table's 10 pt keeps it (its cell carries no style); a long one steps down."""
    with app.app_context():
        short = summary.Attendee("นายสมชาย ใจดี", "ประธาน", "")
        long = summary.Attendee("ว่าที่ร้อยตรีหญิงเฉลิมพระเกียรติวรรณวิไลพรรณ ศรีสุวรรณวิจิตรพงษ์ไพบูลย์", "ประธาน", "")

        assert short.name_pt == summary.NAME_PT and short.smaller_name_pt is None
        assert long.smaller_name_pt == long.name_pt < summary.NAME_PT
