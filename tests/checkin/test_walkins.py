"""Walk-ins at the service level: they take a seat; a full forum takes one only by an organizer's override;
the form reads the forum's questions, an e-mail address (the ticket goes there) and the consents."""

import pytest
from flask import current_app
from sqlalchemy import select

from app.auth.models import Role
from app.checkin import walkins
from app.checkin.forms import WalkInForm
from app.checkin.models import Action, CheckIn, Method, Scan, ScanResult
from app.extensions import db
from app.jobs.models import Job
from app.registration import questions
from app.registration import service as registration_service
from app.registration.fields import parse_registration
from app.registration.forms import form_for
from app.registration.models import ConsentPurpose
from tests.checkin.conftest import commit
from tests.conftest import wait_for_background_jobs
from tests.registration.conftest import person
from tests.smtp import decoded_header


def walk_in_data(**overrides):
    return parse_registration(person(organization_name="ชมรมผู้สูงอายุบ้านใหม่", **overrides), ())


def test_a_walk_in_is_registered_and_checked_in_at_once(today_forum, staff):
    answer = walkins.admit_walk_in(today_forum, walk_in_data(first_name="มาลี"), staff)
    commit()
    assert answer.result == ScanResult.OK and answer.registration.is_confirmed
    checkin = db.session.scalar(select(CheckIn))
    assert checkin.method == Method.WALK_IN and checkin.checked_in_by_id == staff.id
    scan = db.session.scalar(select(Scan))
    assert (scan.action, scan.method, scan.note) == (Action.WALK_IN, Method.WALK_IN, "")


def test_a_full_forum_refuses_a_walk_in_without_an_override(today_forum, register, staff, create_user):
    today_forum.capacity = 1
    db.session.commit()
    register(today_forum)
    with pytest.raises(walkins.ForumFull):
        walkins.admit_walk_in(today_forum, walk_in_data(), staff)
    db.session.rollback()
    # Door staff cannot override even with a reason: only an organizer may.
    with pytest.raises(walkins.ForumFull):
        walkins.admit_walk_in(today_forum, walk_in_data(), staff, override_reason="ประธานเชิญมา")
    db.session.rollback()
    assert db.session.scalar(select(CheckIn)) is None
    organizer = create_user(Role.ORGANIZER, name="ผู้จัด")
    answer = walkins.admit_walk_in(today_forum, walk_in_data(), organizer, override_reason="ประธานเชิญมา")
    commit()
    assert answer.result == ScanResult.OK and answer.registration.is_confirmed
    forum = db.session.get(type(today_forum), today_forum.id)
    assert forum.capacity == 2
    scan = db.session.scalar(select(Scan))
    assert "ประธานเชิญมา" in scan.note and scan.user_id == organizer.id


def test_a_walk_in_already_registered_is_named(today_forum, register, staff):
    existing = register(today_forum, phone="0811111111")
    with pytest.raises(registration_service.AlreadyRegistered) as raised:
        walkins.admit_walk_in(today_forum, walk_in_data(phone="081-111-1111"), staff)
    assert raised.value.registration.id == existing.id


@pytest.fixture
def asked(today_forum):
    """The forum's own questions: a required short text, one choice, several choices and a yes/no."""
    made = {
        "village": questions.add_question(today_forum, {"label": "หมู่บ้าน", "kind": "text", "required": True}),
        "shirt": questions.add_question(
            today_forum, {"label": "ขนาดเสื้อ", "kind": "choice", "options": "S\nM\nL"}
        ),
        "topics": questions.add_question(
            today_forum, {"label": "หัวข้อที่สนใจ", "kind": "choices", "options": "อาชีพ\nสุขภาพ\nเด็ก"}
        ),
        "stay": questions.add_question(today_forum, {"label": "ต้องการที่พัก", "kind": "yes_no"}),
    }
    db.session.commit()
    return made


def walk_in_form(forum, body):
    """The door's walk-in form of the forum posted with `body`: ({field: [error]}, the data or None)."""
    asked = questions.questions_of(forum)
    with current_app.test_request_context(method="POST", data=body):
        form = form_for(WalkInForm, asked, meta={"csrf": False})
        data = form.registration_data(asked)
        return {name: [str(e) for e in errors] for name, errors in form.errors.items()}, data


def posted(forum, body):
    """The data of the walk-in form posted with `body`, which has no mistakes."""
    errors, data = walk_in_form(forum, body)
    assert data is not None, errors
    return data


def test_a_walk_in_answers_the_forums_questions(today_forum, staff, asked):
    body = {
        **person(first_name="จันทร์เพ็ญ"),
        f"q{asked['village'].id}": "บ้านหนอง\x00ปลิง",  # a pasted NUL is dropped, not refused by the database
        f"q{asked['shirt'].id}": "M",
        f"q{asked['topics'].id}": ["เด็ก", "อาชีพ"],
        f"q{asked['stay'].id}": "no",
    }
    data = posted(today_forum, body)
    answer = walkins.admit_walk_in(today_forum, data, staff)
    commit()
    assert answer.registration.answers == {
        asked["village"].key: "บ้านหนองปลิง",
        asked["shirt"].key: "M",
        asked["topics"].key: ["อาชีพ", "เด็ก"],
        asked["stay"].key: False,
    }


def test_a_required_question_is_required_at_the_door_too(today_forum, asked):
    errors, data = walk_in_form(today_forum, {**person(), f"q{asked['shirt'].id}": "XXL"})
    assert data is None
    assert errors == {
        f"q{asked['village'].id}": ["กรุณากรอกข้อมูลนี้"],
        f"q{asked['shirt'].id}": ["กรุณาเลือกหนึ่งตัวเลือกที่กำหนด"],
    }
    with current_app.test_request_context():
        form = form_for(WalkInForm, questions.questions_of(today_forum))
        required, optional = form.questions_by_need(questions.questions_of(today_forum))
    assert [q for q, _ in required] == [asked["village"]]
    assert [q for q, _ in optional] == [asked["shirt"], asked["topics"], asked["stay"]]


def test_consents_given_at_the_door_are_recorded_by_the_staff_member(today_forum, staff):
    data = posted(today_forum, {**person(), "consent_photos": "y", "consent_mailing_list": "y"})
    registration = walkins.admit_walk_in(today_forum, data, staff).registration
    commit()
    given = {purpose: registration.consent_given(purpose) for purpose in ConsentPurpose}
    assert given == {
        ConsentPurpose.PHOTOS: True,
        ConsentPurpose.LINE_GROUP: False,
        ConsentPurpose.MAILING_LIST: True,
        ConsentPurpose.SENSITIVE_DATA: False,
    }
    assert {(c.purpose, c.recorded_by_id) for c in registration.consents} == {
        (ConsentPurpose.PHOTOS, staff.id),
        (ConsentPurpose.MAILING_LIST, staff.id),
    }


def test_an_organization_chosen_from_the_directory_is_linked(today_forum, staff, organization):
    data = posted(
        today_forum,
        {**person(), "organization_name": organization.name, "organization_id": str(organization.id)},
    )
    registration = walkins.admit_walk_in(today_forum, data, staff).registration
    assert registration.organization_id == organization.id and registration.organization_name == ""
    # Ticked "not in the list": the typed name is kept as typed, for the office to sort out later.
    data = posted(
        today_forum,
        {
            **person(),
            "organization_name": "กลุ่มใหม่",
            "organization_id": str(organization.id),
            "not_listed": "y",
        },
    )
    registration = walkins.admit_walk_in(today_forum, data, staff).registration
    assert registration.organization_id is None and registration.organization_name == "กลุ่มใหม่"


def test_a_walk_in_with_an_email_address_is_sent_the_ticket(app, today_forum, staff, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "http://door.example")
    data = posted(today_forum, person(email="Mali@Example.org"))
    registration = walkins.admit_walk_in(today_forum, data, staff).registration
    job = db.session.scalar(select(Job))
    assert job.created_by_id == staff.id and smtp.received == []  # nothing goes before the commit
    commit()
    wait_for_background_jobs()
    assert [received.to for received in smtp.received] == ["mali@example.org"]
    message = smtp.received[0].message
    assert "บัตรเข้างาน" in decoded_header(message, "Subject")
    assert f"http://door.example/t/{registration.ticket_code}" in message.get_body(("plain",)).get_content()
    attachments = {part.get_filename() for part in message.iter_attachments()}
    assert attachments == {"ticket.pdf", "forum.ics"}


def test_a_walk_in_admitted_over_capacity_gets_only_the_ticket(
    app, today_forum, register, create_user, smtp, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "http://door.example")
    today_forum.capacity = 1
    db.session.commit()
    register(today_forum)
    organizer = create_user(Role.ORGANIZER, name="ผู้จัด")
    data = posted(today_forum, person(email="speaker@example.org"))
    walkins.admit_walk_in(today_forum, data, organizer, override_reason="วิทยากรรับเชิญ")
    commit()
    wait_for_background_jobs()
    # Not also "a seat is now yours": the person never stood in line.
    assert [decoded_header(r.message, "Subject") for r in smtp.received] == [
        f"บัตรเข้างานของท่าน · {today_forum.title}"
    ]


def test_no_email_address_no_email(today_forum, staff, smtp):
    data = posted(today_forum, person(email=""))
    answer = walkins.admit_walk_in(today_forum, data, staff)
    commit()
    wait_for_background_jobs()
    assert answer.result == ScanResult.OK
    assert db.session.scalar(select(Job)) is None and smtp.received == []


def test_an_email_address_is_checked_as_on_the_registration_form(today_forum):
    errors, data = walk_in_form(today_forum, person(email="mali@"))
    assert data is None and errors == {"email": ["รูปแบบอีเมลไม่ถูกต้อง"]}


def test_the_walk_in_form_asks_the_title_the_same_way(today_forum):
    errors, data = walk_in_form(today_forum, {**person(), "prefix": ""})
    assert data is None and list(errors) == ["prefix"]
    errors, data = walk_in_form(today_forum, {**person(), "prefix": "other", "prefix_other": "พระครู"})
    assert data["prefix"] == "พระครู"
    assert walk_in_form(today_forum, {**person(), "prefix": "ดร."})[1]["prefix"] == "ดร."
