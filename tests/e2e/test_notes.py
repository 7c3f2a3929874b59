"""An organizer on a phone during a forum: a note in two taps, an action item, and what participants see."""

from datetime import time, timedelta

from app.auth.models import Role
from app.extensions import db
from app.forums import agenda, invitations
from app.notes import actions, feedback, service
from app.notes.models import ActionItem, LessonNote, NoteCategory
from app.notes.participants import Participant
from app.registration.models import Registration, RegistrationStatus
from app.timeutil import utcnow
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_fits, loaded_image_width, log_in


def forum_under_way(create_forum, organizations):
    """A forum that started an hour ago, with its agenda and the invited organizations."""
    start = utcnow().replace(second=0, microsecond=0) - timedelta(hours=1)
    forum = create_forum(status="open", starts_at=start, ends_at=start + timedelta(hours=6))
    local = forum.local_start
    for offset, title in ((0, "ลงทะเบียนและเปิดเวที"), (1, "ถอดบทเรียนกองทุนสวัสดิการชุมชน"), (3, "สรุปข้อเสนอ")):
        moment = local + timedelta(hours=offset)
        day = (moment.date() - local.date()).days + 1  # a forum under way may run past midnight
        agenda.add_agenda_item(
            forum, {"start_time": time(moment.hour, moment.minute), "title": title, "day": day}
        )
    invitations.invite_organizations(forum, organizations, 2)
    db.session.commit()
    return forum


def registered(forum, phone):
    """A confirmed registration, stored as the registration area stores one."""
    registration = Registration(
        forum_id=forum.id,
        first_name="สมศรี",
        last_name="มีสุข",
        phone=phone,
        status=RegistrationStatus.CONFIRMED,
        privacy_notice_version="test",
    )
    db.session.add(registration)
    db.session.flush()
    return registration


def participant(registration):
    return Participant(registration.id, registration.organization_id)


def test_an_organizer_records_a_note_and_an_action_item_on_a_phone(
    live_server, phone, create_user, create_forum, organization, create_organization, screenshot
):
    other = create_organization(name="องค์กรสวัสดิการชุมชนตำบลวังทอง")
    forum = forum_under_way(create_forum, [organization, other])
    user = create_user(Role.ORGANIZER, name="นางสาวจดไว ใจเย็น")
    log_in(phone, live_server, user.email, PASSWORD)
    phone.wait_for_url(f"{live_server}/")
    phone.goto(f"{live_server}/forums/{forum.id}/notes")
    quick = phone.locator("[data-testid=quick-note]")
    # Category first: the text box waits for a heading.
    assert not phone.locator("[data-testid=note-body]").is_visible()
    assert_fits(phone)
    screenshot(phone, "notes-phone-start")

    # Tap 1: the heading. The text box opens with the keyboard's focus.
    phone.locator("[data-testid=category-challenge]").tap()
    body = phone.locator("[data-testid=note-body]")
    body.wait_for(state="visible")
    assert phone.evaluate("document.activeElement.name") == "body"
    phone.keyboard.type("ผู้สูงอายุเดินทางมาไม่สะดวก ควรจัดรถรับส่งจากอำเภอ")
    # The agenda item under way is already chosen.
    chosen = quick.locator("select[name=agenda_item_id]").evaluate("s => s.options[s.selectedIndex].text")
    assert chosen.endswith("ถอดบทเรียนกองทุนสวัสดิการชุมชน")
    screenshot(phone, "notes-phone-typing")
    # Tap 2: save.
    phone.locator("[data-testid=save-note]").tap()
    phone.wait_for_url(f"{live_server}/forums/{forum.id}/notes#note-*")
    note = db.session.scalars(db.select(LessonNote)).one()
    assert note.category == NoteCategory.CHALLENGE
    assert note.agenda_item.title == "ถอดบทเรียนกองทุนสวัสดิการชุมชน"
    saved = phone.locator(f"#note-{note.id}")
    assert "ควรจัดรถรับส่งจากอำเภอ" in saved.inner_text()
    assert phone.locator("[data-testid=section-challenge] [data-testid=note]").count() == 1

    # The action item, from the same page.
    phone.locator("[data-testid=action-description]").fill("ประสานรถรับส่งผู้สูงอายุสำหรับเวทีครั้งหน้า")
    phone.locator("[data-testid=action-owner]").select_option(f"org:{other.id}")
    due = (forum.local_start + timedelta(days=30)).date()
    phone.locator("[data-testid=action-due]").fill(due.isoformat())
    assert str(due.year + 543) in phone.locator(".be-date").first.inner_text()
    phone.locator("[data-testid=save-action]").tap()
    phone.wait_for_url(f"{live_server}/forums/{forum.id}/notes#action-*")
    item = db.session.scalars(db.select(ActionItem)).one()
    assert (item.owner_organization_id, item.due_on) == (other.id, due)
    row = phone.locator(f"#action-{item.id}")
    assert other.name in row.inner_text() and str(due.year + 543) in row.inner_text()
    assert_fits(phone)
    screenshot(phone, "notes-phone-saved")

    # The owner's page in the directory and the list across all forums show it too.
    phone.goto(f"{live_server}/directory/{other.id}")
    assert "ประสานรถรับส่งผู้สูงอายุ" in phone.locator("[data-testid=org-action-items]").inner_text()
    assert_fits(phone)
    screenshot(phone, "organization-actions-phone")
    phone.goto(f"{live_server}/action-items/?owner=org:{other.id}")
    assert phone.locator("[data-testid=action-item]").count() == 1
    assert_fits(phone)
    screenshot(phone, "action-items-phone")


def test_notes_and_feedback_pages_on_a_desktop(
    live_server, desktop, create_user, create_forum, organization, create_organization, screenshot
):
    forum = forum_under_way(create_forum, [organization])
    user = create_user(Role.ORGANIZER, name="นายบันทึก ครบถ้วน")
    for category, body in (
        (NoteCategory.WHAT_WORKED, "แบ่งกลุ่มย่อยตาม**อำเภอ** ทำให้ทุกคนได้พูด"),
        (NoteCategory.SUCCESS_FACTOR, "- ผู้นำชุมชนเข้มแข็ง\n- มีกองทุนออมวันละบาท"),
        (NoteCategory.CHALLENGE, "งบประมาณมาไม่ทันรอบ"),
        (NoteCategory.RECOMMENDATION, "ควรจัดเวทีระดับอำเภอปีละ 2 ครั้ง"),
    ):
        service.create_note(forum, {"category": category, "body": body, "organization": organization}, user)
    actions.create_action_item(
        forum,
        {
            "description": "ส่งสรุปบทเรียนให้ทุกองค์กร",
            "owner_user": user,
            "due_on": forum.local_start.date() - timedelta(days=1),
        },
    )
    survey = feedback.ensure_survey(forum)
    answers = ((5, 5, 4, 5, 5, "ได้แนวทางตั้งกองทุนในตำบล"), (4, 5, 3, 4, 4, ""), (5, 4, 2, 5, 4, "ห้องประชุมแคบ"))
    for n, (*scores, comment) in enumerate(answers):
        registration = registered(forum, f"081000000{n}")
        questions = [q.id for q in survey.questions]
        feedback.submit_feedback(
            survey, dict(zip(questions, scores, strict=True)), comment, participant(registration)
        )
    registered(forum, "0819999999")
    db.session.commit()
    log_in(desktop, live_server, user.email, PASSWORD)
    desktop.wait_for_url(f"{live_server}/")
    desktop.goto(f"{live_server}/forums/{forum.id}/notes")
    assert desktop.locator("[data-testid=note]").count() == 4
    assert desktop.locator("[data-testid=overdue]").count() == 1
    screenshot(desktop, "notes-desktop")
    desktop.goto(f"{live_server}/forums/{forum.id}/feedback")
    assert loaded_image_width(desktop, "[data-testid=feedback-qr]") > 0
    assert desktop.locator("[data-testid=response-rate]").inner_text() == "75.0%"
    screenshot(desktop, "feedback-desktop-results")
    assert survey.token in desktop.locator("[data-testid=feedback-link]").input_value()
    desktop.goto(f"{live_server}/forums/{forum.id}/feedback/slide")
    assert loaded_image_width(desktop, "[data-testid=slide-qr]") > 0
    screenshot(desktop, "feedback-slide")


def test_a_participant_answers_the_survey_on_a_phone(live_server, phone, create_forum, screenshot):
    forum = create_forum(status="open")
    survey = feedback.ensure_survey(forum)
    registration = registered(forum, "0812345678")
    db.session.commit()
    phone.goto(f"{live_server}/feedback/{survey.token}/{registration.ticket_code}")
    assert_fits(phone)
    screenshot(phone, "feedback-phone-form")
    for question in phone.locator("[data-testid=question]").all():
        question.locator("[data-testid=score-5]").tap()
    phone.locator("textarea[name=comment]").fill("ได้เพื่อนเครือข่ายเพิ่ม ขอบคุณค่ะ")
    phone.locator("[data-testid=send-feedback]").tap()
    assert phone.locator("[data-testid=feedback-thanks]").get_attribute("data-again") == "no"
    screenshot(phone, "feedback-phone-thanks")
    assert feedback.feedback_results(forum).overall.mean == 5


def test_two_organizers_edit_one_note_and_the_second_sees_both_texts(
    live_server, phone, desktop, create_user, create_forum, screenshot
):
    forum = create_forum(status="open")
    first = create_user(Role.ORGANIZER, name="นายเร็ว ทันใจ")
    second = create_user(Role.ORGANIZER, name="นางช้า แต่ชัวร์")
    note = service.create_note(forum, {"category": NoteCategory.WHAT_WORKED, "body": "ร่างแรก"}, first)
    db.session.commit()
    log_in(desktop, live_server, first.email, PASSWORD)
    log_in(phone, live_server, second.email, PASSWORD)
    desktop.wait_for_url(f"{live_server}/")
    phone.wait_for_url(f"{live_server}/")
    for page in (desktop, phone):
        page.goto(f"{live_server}/notes/{note.id}/edit")
    desktop.fill("[data-testid=note-body]", "ร่างแรก เพิ่มเติมจากห้องย่อย 1")
    desktop.click("[data-testid=save-note]")
    desktop.wait_for_url(f"{live_server}/forums/{forum.id}/notes#note-{note.id}")
    phone.fill("[data-testid=note-body]", "ร่างแรก เพิ่มเติมจากห้องย่อย 2")
    phone.locator("[data-testid=save-note]").tap()
    conflict = phone.locator("[data-testid=edit-conflict]")
    assert "นายเร็ว ทันใจ" in conflict.inner_text()
    assert "ห้องย่อย 1" in phone.locator("[data-testid=their-version]").inner_text()
    assert phone.locator("[data-testid=note-body]").input_value() == "ร่างแรก เพิ่มเติมจากห้องย่อย 2"
    assert_fits(phone)
    screenshot(phone, "notes-phone-edit-conflict")
    phone.fill("[data-testid=note-body]", "ร่างแรก เพิ่มเติมจากห้องย่อย 1 และห้องย่อย 2")
    phone.locator("[data-testid=save-note]").tap()
    phone.wait_for_url(f"{live_server}/forums/{forum.id}/notes#note-{note.id}")
    db.session.expire_all()
    assert db.session.get(LessonNote, note.id).body == "ร่างแรก เพิ่มเติมจากห้องย่อย 1 และห้องย่อย 2"
