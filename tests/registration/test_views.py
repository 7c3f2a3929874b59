import csv
import io

from openpyxl import load_workbook
from sqlalchemy import select

from app.auth.models import Role
from app.directory.models import Organization, OrganizationKind
from app.extensions import db
from app.registration import questions, service
from app.registration.models import Question, Registration, RegistrationStatus
from tests.registration.conftest import person


def form(**overrides):
    return {**person(), "dietary": "none", **overrides}


def test_the_table_filters_by_status_organization_kind_and_thai_search(
    client, login_as, forum, organization, create_organization, register
):
    login_as(Role.ORGANIZER)
    agency = create_organization(name="สำนักงานสาธารณสุขจังหวัด", kind=OrganizationKind.GOVERNMENT_AGENCY)
    forum.capacity = 2
    db.session.commit()
    register(forum, first_name="สมชาย", organization_id=organization.id)
    register(forum, first_name="สมหญิง", organization_id=agency.id)
    register(forum, first_name="ประยุทธ", organization_name="ชมรมผู้สูงอายุบ้านนา")

    def names(**args):
        page = client.get(f"/forums/{forum.id}/registrations", query_string=args).get_data(as_text=True)
        return page.count('data-testid="registration-row"'), page

    assert names()[0] == 3
    assert names(status="waitlisted")[0] == 1 and "ประยุทธ" in names(status="waitlisted")[1]
    assert names(kind="government_agency")[0] == 1
    assert names(organization=organization.id)[0] == 1
    assert names(q="สม หญิง")[0] == 1  # spaces typed between Thai words do not matter
    assert names(q="บ้านนา")[0] == 1
    assert 'data-testid="unlisted-notice"' in names()[1]


def test_exports_in_xlsx_and_csv_with_thai_text_and_answers(client, login_as, forum, register):
    login_as(Role.ORGANIZER)
    question = questions.add_question(forum, {"label": "ขนาดเสื้อ", "kind": "choice", "options": "S\nM\nL"})
    db.session.commit()
    register(forum, first_name="สมชาย", answers={question.key: "M"})
    register(forum, first_name="สมศรี", answers={question.key: "L"})
    response = client.get(f"/forums/{forum.id}/registrations.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "ขนาดเสื้อ" in rows[0] and len(rows) == 3
    assert rows[1][4] == "สมชาย" and "M" in rows[1]
    text = client.get(f"/forums/{forum.id}/registrations.csv?q=สมศรี").data.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert len(table) == 2 and table[1][4] == "สมศรี" and "L" in table[1]


def test_staff_register_someone_with_the_same_rules(client, login_as, forum, register):
    login_as(Role.ORGANIZER)
    blank = client.get(f"/forums/{forum.id}/registrations/new").get_data(as_text=True)
    assert 'data-testid="staff-registration-form"' in blank and "is-invalid" not in blank
    existing = register(forum)
    response = client.post(f"/forums/{forum.id}/registrations/new", data=form(phone=existing.phone))
    assert response.status_code == 200 and "ลงทะเบียนแล้ว" in response.get_data(as_text=True)
    response = client.post(f"/forums/{forum.id}/registrations/new", data=form(first_name="สมปอง"))
    assert response.status_code == 302
    added = db.session.scalar(select(Registration).where(Registration.first_name == "สมปอง"))
    assert added.source.value == "staff" and added.created_by_id is not None


def test_staff_edit_cancel_and_promote(client, login_as, forum, register):
    user = login_as(Role.ORGANIZER)
    forum.capacity = 1
    db.session.commit()
    seated, waiting, last = register(forum), register(forum), register(forum)
    response = client.post(
        f"/forums/{forum.id}/registrations/{seated.id}", data=form(phone=seated.phone, position="เลขานุการ")
    )
    assert response.status_code == 302
    client.post(f"/forums/{forum.id}/registrations/{last.id}/promote")
    db.session.expire_all()
    assert db.session.get(Registration, last.id).is_confirmed
    assert db.session.get(type(forum), forum.id).capacity == 2
    client.post(f"/forums/{forum.id}/registrations/{seated.id}/cancel")
    db.session.expire_all()
    cancelled = db.session.get(Registration, seated.id)
    assert cancelled.status == RegistrationStatus.CANCELLED and cancelled.cancelled_by_id == user.id
    assert cancelled.position == "เลขานุการ"
    assert db.session.get(Registration, waiting.id).is_confirmed


def test_raising_the_seats_from_the_table(client, login_as, forum, register):
    login_as(Role.ORGANIZER)
    forum.capacity = 1
    db.session.commit()
    register(forum)
    waiting = register(forum)
    response = client.post(f"/forums/{forum.id}/capacity", data={"capacity": 5}, follow_redirects=True)
    assert "1 คน" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Registration, waiting.id).is_confirmed
    response = client.post(f"/forums/{forum.id}/capacity", data={"capacity": 1}, follow_redirects=True)
    db.session.expire_all()
    assert db.session.get(type(forum), forum.id).capacity == 5


def test_questions_are_added_ordered_and_asked_on_the_form(client, login_as, forum):
    login_as(Role.ORGANIZER)
    client.post(
        f"/forums/{forum.id}/questions", data={"label": "ต้องการที่พัก", "kind": "yes_no", "required": "y"}
    )
    client.post(
        f"/forums/{forum.id}/questions",
        data={"label": "หัวข้อที่สนใจ", "kind": "choices", "options": "เด็ก\nผู้สูงอายุ"},
    )
    response = client.post(
        f"/forums/{forum.id}/questions", data={"label": "ขนาดเสื้อ", "kind": "choice", "options": "M"}
    )
    assert response.status_code == 200 and "อย่างน้อยสองตัวเลือก" in response.get_data(as_text=True)
    first, second = db.session.scalars(select(Question).order_by(Question.position)).all()
    client.post(f"/forums/{forum.id}/questions/{second.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert [q.label for q in questions.questions_of(forum)] == ["หัวข้อที่สนใจ", "ต้องการที่พัก"]
    page = client.get(f"/f/{forum.public_code}/register").get_data(as_text=True)
    assert "ต้องการที่พัก" in page and "ผู้สูงอายุ" in page
    response = client.post(f"/f/{forum.public_code}/register", data={**form(), "privacy_ack": "y"})
    assert response.status_code == 422  # the required question
    response = client.post(
        f"/f/{forum.public_code}/register",
        data={**form(), "privacy_ack": "y", f"q{first.id}": "yes", f"q{second.id}": ["เด็ก", "ผู้สูงอายุ"]},
    )
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration))
    assert registration.answers == {str(first.id): True, str(second.id): ["เด็ก", "ผู้สูงอายุ"]}
    client.post(f"/forums/{forum.id}/questions/{first.id}/delete")
    assert [q.label for q in questions.questions_of(forum)] == ["หัวข้อที่สนใจ"]


def test_linking_a_typed_organization_or_adding_it_to_the_directory(
    client, login_as, forum, organization, register
):
    login_as(Role.ORGANIZER)
    a = register(forum, organization_name="มูลนิธิพัฒนาเด็ก จ.พิษณุโลก")
    b = register(forum, organization_name="ชมรมผู้สูงอายุบ้านนา")
    c = register(forum, organization_name="ชมรมผู้สูงอายุ บ้านนา")
    page = client.get(f"/forums/{forum.id}/registrations/organizations").get_data(as_text=True)
    assert page.count('data-testid="unlisted-row"') == 2
    assert f'<option value="{organization.id}">★ {organization.name}' in page  # suggested first
    client.post(
        f"/forums/{forum.id}/registrations/organizations",
        data={"organization_name": a.organization_name, "organization_id": organization.id, "action": "link"},
    )
    client.post(
        f"/forums/{forum.id}/registrations/organizations",
        data={"organization_name": b.organization_name, "action": "create"},
    )
    db.session.expire_all()
    assert db.session.get(Registration, a.id).organization_id == organization.id
    created = db.session.scalar(select(Organization).where(Organization.name == "ชมรมผู้สูงอายุบ้านนา"))
    assert created is not None and created.kind == OrganizationKind.OTHER
    assert {db.session.get(Registration, r.id).organization_id for r in (b, c)} == {created.id}


def test_message_everybody_by_email(client, login_as, forum, register, outbox):
    login_as(Role.ORGANIZER)
    register(forum, email="a@example.org")
    register(forum, email="b@example.org")
    register(forum)
    cancelled = register(forum, email="c@example.org")
    service.cancel(cancelled)
    db.session.commit()
    page = client.get(f"/forums/{forum.id}/registrations/message").get_data(as_text=True)
    assert "2 ที่อยู่" in page
    response = client.post(
        f"/forums/{forum.id}/registrations/message",
        data={"audience": "active", "subject": "เปลี่ยนห้องประชุม", "body": "ย้ายไปห้องประชุมชั้น 2"},
    )
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    sent = outbox.messages()
    assert sorted(sent) == ["a@example.org", "b@example.org"]
    body = sent["a@example.org"][0].get_body(("plain",)).get_content()
    assert "ย้ายไปห้องประชุมชั้น 2" in body and "http://localhost/t/" in body


def test_a_registration_of_another_forum_is_not_found(client, login_as, forum, create_forum, register):
    login_as(Role.ORGANIZER)
    other = register(forum)
    second = create_forum(status="open")
    assert client.get(f"/forums/{second.id}/registrations/{other.id}").status_code == 404
    assert client.post(f"/forums/{second.id}/registrations/{other.id}/cancel").status_code == 404
