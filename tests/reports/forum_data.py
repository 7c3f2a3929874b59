"""A held forum with a known record, for the tests and the benchmark of the summary report.

Registrations are written straight into the table (the report only reads them; the
registration rules have their own tests), so that 1,000 of them take a moment. Every
row of the attendee appendix fits one line, as the page-count rule assumes.
"""

from datetime import date, datetime, time, timedelta

from app.directory import service as directory_service
from app.directory.models import OrganizationKind
from app.extensions import db
from app.forums import agenda, invitations
from app.forums import service as forum_service
from app.forums.models import ForumKind, ForumStatus, SpeakerRole
from app.notes import actions, feedback
from app.notes import service as notes
from app.notes.participants import Participant
from app.registration.models import Registration, RegistrationStatus, Source

PB = OrganizationKind.PUBLIC_BENEFIT
CW = OrganizationKind.COMMUNITY_WELFARE
LG = OrganizationKind.LOCAL_GOVERNMENT
DISTRICTS = ("6501", "6502", "6504", "6508", None)
PREFIXES = {PB: "มูลนิธิพัฒนาสังคม", CW: "องค์กรสวัสดิการชุมชนตำบล", LG: "เทศบาลตำบล"}
PLACES = ("ท่าทอง", "บ้านใหม่", "วังน้ำคู้", "ไผ่ขอดอน", "หัวรอ", "บึงพระ")
FIRST_NAMES = ("สมชาย", "สมหญิง", "บุญเรือน", "กนกวรรณ", "ธีรวัฒน์", "พิมพ์ชนก", "อนุชา", "วันเพ็ญ")
LAST_NAMES = ("ใจดี", "รักษ์ถิ่น", "แก้วมณี", "พรหมมา", "ทองคำ", "ศรีสุข", "มีสุข", "บุญมา")
POSITIONS = ("ประธาน", "เลขานุการ", "เหรัญญิก", "กรรมการ")
UNLISTED = "กลุ่มออมทรัพย์บ้านหนองปลิง"
START = datetime(2018, 10, 25, 2, 0)  # 09.00 in Bangkok
QUESTION_SCORES = ((5, 4, 4, 5, 3), (4, 4, 5, 3, 4), (5, 5, 4, 4, 2))


def _organizations(count):
    made = []
    for n in range(count):
        kind = (PB, CW, CW, LG)[n % 4]
        district = DISTRICTS[n // 4 % len(DISTRICTS)]
        made.append(
            directory_service.create_organization(
                {
                    "name": f"{PREFIXES[kind]}{PLACES[n % len(PLACES)]} {n + 1}",
                    "kind": kind,
                    "province_code": "65" if district else None,
                    "district_code": district,
                }
            )
        )
    return made


def person(n):
    """The n-th person's name (prefix joined to the first name), short enough for one line."""
    prefix = ("นาย", "นางสาว", "นาง", "ดร.")[n % 4]
    return (
        prefix,
        f"{FIRST_NAMES[n % len(FIRST_NAMES)]}{n}",
        LAST_NAMES[n // len(FIRST_NAMES) % len(LAST_NAMES)],
    )


def _registration(forum, n, organization, status, checked_in):
    prefix, first, last = person(n)
    registration = Registration(
        forum_id=forum.id,
        organization_id=organization.id if organization is not None else None,
        organization_name="" if organization is not None else (UNLISTED if n % 2 else ""),
        prefix=prefix,
        first_name=first,
        last_name=last,
        position=POSITIONS[n % len(POSITIONS)],
        phone=f"08{n:08d}",
        status=status,
        waitlist_position=n if status == RegistrationStatus.WAITLISTED else None,
        privacy_notice_version="test",
        source=Source.STAFF,
        answers={},
        checked_in_at=START - timedelta(minutes=n % 50) if checked_in else None,
    )
    registration.refresh_search_text()
    return registration


def held_forum(attendees, organizations=None, with_record=True):
    """A finished forum that ``attendees`` people attended, with invitations, no-shows and its notes.

    Of the organizations, every sixth is not invited (and some of those still come);
    every seventh invited one sends only a person who does not come. Two attendees
    are of an organization not in the directory, one of none at all. Three people
    are left on the waiting list and two cancelled.
    """
    count = organizations or max(12, attendees // 5)
    forum = forum_service.create_forum(
        {
            "title": "เวทีสมัชชาองค์กรสวัสดิการชุมชน จังหวัดพิษณุโลก",
            "kind": ForumKind.FORUM,
            "objectives": "1. เพื่อแลกเปลี่ยนเรียนรู้\n2. เพื่อทบทวนทำเนียบองค์กร",
            "starts_at": START,
            "ends_at": START + timedelta(hours=7),
            "venue_name": "โรงแรมเรือนแพ รอยัล ปาร์ค",
            "capacity": attendees + 50,
            "seats_per_organization": 3,
        }
    )
    agenda.add_agenda_item(
        forum,
        {"day": 1, "start_time": time(9), "end_time": time(10), "title": "พิธีเปิด", "speaker": "ผู้ว่าราชการจังหวัด"}
        | {"speaker_role": SpeakerRole.CHAIR},
    )
    forum.status = ForumStatus.OPEN
    made = _organizations(count)
    invited = [o for n, o in enumerate(made) if n % 6 != 5]
    invitations.invite_organizations(forum, invited)
    absent = {o.id for n, o in enumerate(invited) if n % 7 == 3}
    coming = [o for o in made if o.id not in absent]
    rows, number = [], 0
    for n in range(attendees):
        organization = None if n >= attendees - 3 else coming[n % len(coming)]
        rows.append(_registration(forum, number, organization, RegistrationStatus.CONFIRMED, True))
        number += 1
    for organization in [o for o in invited if o.id in absent]:
        rows.append(_registration(forum, number, organization, RegistrationStatus.CONFIRMED, False))
        number += 1
    for status in (RegistrationStatus.WAITLISTED,) * 3 + (RegistrationStatus.CANCELLED,) * 2:
        rows.append(_registration(forum, number, invited[0], status, False))
        number += 1
    db.session.add_all(rows)
    forum.status = ForumStatus.FINISHED
    db.session.flush()
    if with_record:
        _record(forum, rows, invited)
    db.session.commit()
    return forum


def _record(forum, rows, invited):
    note = notes.create_note(
        forum,
        {"category": "what_worked", "body": "การแบ่งกลุ่มย่อย**ตามอำเภอ**ได้ผลดี", "organization": invited[1]},
        None,
    )
    notes.create_note(
        forum, {"category": "recommendation", "body": "- จัดอบรมการเขียนโครงการ\n- ทบทวนทำเนียบ"}, None
    )
    actions.create_action_item(
        forum,
        {
            "description": "จัดอบรมการเขียนโครงการ",
            "owner_organization": invited[2],
            "due_on": date(2019, 1, 31),
        },
    )
    done = actions.create_action_item(forum, {"description": "ส่งแบบทบทวนทำเนียบ", "note": note})
    actions.set_action_status(done, "done")
    survey = feedback.ensure_survey(forum)
    feedback.update_survey(survey, ["ด้านเนื้อหาสาระของเวที", "ด้านวิทยากร", "ความพึงพอใจในภาพรวม"], False)
    came = [r for r in rows if r.checked_in_at is not None]
    for index, scores in enumerate(zip(*QUESTION_SCORES, strict=True)):
        registration = came[index]
        answers = {q.id: s for q, s in zip(survey.questions, scores, strict=True)}
        comment = "ได้ความรู้และเครือข่ายเพิ่มขึ้นมาก" if index == 0 else ""
        feedback.submit_feedback(
            survey,
            answers,
            comment,
            Participant(registration.id, registration.organization_id),
            today=date(2018, 10, 25),
        )
