"""The demo forum: the network's 110-seat forum of 25 October 2561, held, with its whole record.

Invitations, registrations and check-ins, lessons learned, action items and feedback,
all made through the areas' services from a seeded random generator, so that every
document of a held forum (the summary report first) can be seen on the demo data.
Seeding again finds the forum by its title and adds nothing.
"""

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.checkin import service as checkin
from app.checkin.models import Method
from app.directory import demo_names as names
from app.directory.models import Organization, OrganizationKind, OrganizationStatus
from app.extensions import db
from app.forums import agenda, invitations, service
from app.forums.models import Channel, Forum, ForumKind, SpeakerRole
from app.notes import actions, feedback
from app.notes import service as notes
from app.notes.participants import Participant
from app.registration import service as registration
from app.registration.models import Source
from app.timeutil import utc_from_bangkok

SEED = 25102561
TITLE = "เวทีสมัชชาเครือข่ายองค์กรสวัสดิการสังคม จังหวัดพิษณุโลก ประจำปี 2561"
DAY = date(2018, 10, 25)
INVITED = {OrganizationKind.PUBLIC_BENEFIT: 15, OrganizationKind.COMMUNITY_WELFARE: 30}
#: Invited organizations that sent nobody, and organizations whose people registered but none came.
ABSENT, NO_SHOW = 4, 3

DESCRIPTION = (
    "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดพิษณุโลกจัดเวทีสมัชชาเครือข่ายเป็นประจำทุกปี "
    "เพื่อให้องค์กรสาธารณประโยชน์และองค์กรสวัสดิการชุมชนที่ได้รับการรับรองได้พบกัน ทบทวนการดำเนินงาน "
    "และร่วมกันกำหนดทิศทางการจัดสวัสดิการสังคมของจังหวัดในปีงบประมาณถัดไป"
)
OBJECTIVES = """1. เพื่อแลกเปลี่ยนเรียนรู้การจัดสวัสดิการสังคมขององค์กรในเครือข่าย
2. เพื่อทบทวนข้อมูลทำเนียบองค์กรให้เป็นปัจจุบัน
3. เพื่อจัดทำข้อเสนอเชิงนโยบายด้านสวัสดิการสังคมระดับจังหวัด"""

AGENDA = (
    (time(8, 30), time(9, 0), "ลงทะเบียนและรับเอกสาร", "", None),
    (
        time(9, 0),
        time(9, 30),
        "พิธีเปิดและบรรยายพิเศษ ทิศทางการจัดสวัสดิการสังคมจังหวัดพิษณุโลก",
        "ผู้ว่าราชการจังหวัดพิษณุโลก",
        SpeakerRole.CHAIR,
    ),
    (
        time(9, 30),
        time(10, 30),
        "การขับเคลื่อนพระราชบัญญัติส่งเสริมการจัดสวัสดิการสังคม พ.ศ. 2546",
        "พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดพิษณุโลก",
        SpeakerRole.LECTURER,
    ),
    (
        time(10, 45),
        time(12, 0),
        "แลกเปลี่ยนประสบการณ์ การดูแลผู้สูงอายุและคนพิการโดยชุมชน",
        "นางบุญเรือน แก้วมณี",
        SpeakerRole.FACILITATOR,
    ),
    (
        time(13, 0),
        time(14, 30),
        "แบ่งกลุ่มย่อย ถอดบทเรียนการจัดสวัสดิการแยกตามอำเภอ",
        "ทีมวิทยากรกระบวนการ",
        SpeakerRole.FACILITATOR,
    ),
    (
        time(14, 45),
        time(15, 30),
        "นำเสนอผลการประชุมกลุ่มย่อยและข้อเสนอเชิงนโยบาย",
        "ผู้แทนกลุ่มย่อย",
        SpeakerRole.REPORTER,
    ),
    (time(15, 30), time(16, 0), "สรุปและปิดการประชุม", "", None),
)

NOTES = (
    ("what_worked", "การแบ่งกลุ่มย่อย**ตามอำเภอ**ทำให้องค์กรในพื้นที่เดียวกันได้รู้จักกันและนัดทำงานร่วมกันต่อ", 4),
    ("what_worked", "ผู้เข้าร่วมลงทะเบียนล่วงหน้าทางโทรศัพท์ได้สะดวก และเช็กอินด้วยคิวอาร์โค้ดหน้างานใช้เวลาไม่ถึงสิบนาที", None),
    (
        "success_factor",
        "- ผู้นำชุมชนเข้มแข็งและมีส่วนร่วมตั้งแต่การวางแผน\n"
        "- มีกองทุนสวัสดิการชุมชนที่สมาชิกสมทบต่อเนื่อง\n"
        "- ได้รับการสนับสนุนจากองค์กรปกครองส่วนท้องถิ่น",
        3,
    ),
    ("challenge", "องค์กรสวัสดิการชุมชนหลายแห่งยังไม่รายงานผลการดำเนินงานประจำปี ทำให้ข้อมูลในทำเนียบไม่เป็นปัจจุบัน", 4),
    ("challenge", "ผู้สูงอายุบางส่วนเดินทางมาไม่สะดวก ควรจัดเวทีย่อยในระดับอำเภอเพิ่มเติม", None),
    (
        "recommendation",
        "1. จัดอบรมการเขียนโครงการขอรับการสนับสนุนจากกองทุนส่งเสริมการจัดสวัสดิการสังคม\n2. ทบทวนข้อมูลทำเนียบองค์กรปีละครั้ง",
        5,
    ),
    ("other", "ผู้เข้าร่วมขอให้ส่งเอกสารประกอบการบรรยายทางไลน์กลุ่มเครือข่าย", None),
)

ACTIONS = (
    ("จัดอบรมการเขียนโครงการขอรับการสนับสนุนจากกองทุนส่งเสริมการจัดสวัสดิการสังคม", "user", date(2019, 1, 31), True),
    ("ส่งแบบทบทวนข้อมูลทำเนียบองค์กรให้ทุกองค์กรในเครือข่าย", "user", date(2018, 11, 30), True),
    ("จัดเวทีย่อยระดับอำเภอสำหรับผู้สูงอายุและคนพิการ", "org", date(2019, 3, 31), False),
    ("รวบรวมรายงานผลการดำเนินงานประจำปีขององค์กรสวัสดิการชุมชน", "org", date(2019, 2, 28), False),
    ("ส่งเอกสารประกอบการบรรยายให้ผู้เข้าร่วมทางไลน์กลุ่มเครือข่าย", "user", date(2018, 10, 31), True),
)

COMMENTS = (
    "ได้ความรู้และเครือข่ายเพิ่มขึ้นมาก อยากให้จัดทุกปี",
    "เวลาแลกเปลี่ยนในกลุ่มย่อยน้อยเกินไป",
    "สถานที่สะดวก อาหารดี เจ้าหน้าที่ให้การต้อนรับดีมาก",
    "อยากให้มีการลงพื้นที่ดูงานองค์กรต้นแบบ",
    "เอกสารประกอบการบรรยายควรส่งล่วงหน้า",
)


def _at(clock):
    return utc_from_bangkok(datetime.combine(DAY, clock))


def _person(rng, taken):
    while True:
        if rng.random() < 0.45:
            prefix, first = rng.choice(("นาย", "นาย", "นาย", "ดร.")), rng.choice(names.MALE_FIRST_NAMES)
        else:
            prefix, first = rng.choice(("นาง", "นางสาว")), rng.choice(names.FEMALE_FIRST_NAMES)
        last = rng.choice(names.LAST_NAMES)
        if (first, last) not in taken:
            taken.add((first, last))
            return {"prefix": prefix, "first_name": first, "last_name": last}


def _register(forum, rng, organization, admin, taken, number):
    person = _person(rng, taken)
    data = {
        **person,
        "position": rng.choice(("ประธาน", "รองประธาน", "เลขานุการ", "เหรัญญิก", "กรรมการ", "ผู้ประสานงาน")),
        "phone": f"08{number % 10}{number:07d}",
        "email": None,
        "organization_id": organization.id if organization else None,
        "organization_name": "" if organization else "กลุ่มอาสาสมัครดูแลผู้สูงอายุบ้านวังน้ำคู้",
    }
    return registration.register(
        forum, data, source=Source.STAFF, actor=admin, now=_at(time(9)) - timedelta(days=10)
    )


def _organizations(rng):
    active = db.session.scalars(
        select(Organization)
        .where(Organization.status == OrganizationStatus.ACTIVE)
        .order_by(Organization.certification_no, Organization.name)
    ).all()
    chosen = []
    for kind, count in INVITED.items():
        chosen += rng.sample([o for o in active if o.kind == kind], count)
    others = [o for o in active if o.kind == OrganizationKind.LOCAL_GOVERNMENT]
    return chosen, others[:3]


def _attend(forum, rng, admin, invited, walk_ins):
    """Registrations and check-ins: most invited organizations come, a few send nobody or do not show."""
    taken, people, number = set(), [], 0
    absent = set(rng.sample(range(len(invited)), ABSENT))
    no_show = set(rng.sample(sorted(set(range(len(invited))) - absent), NO_SHOW))
    for index, organization in enumerate(invited):
        if index in absent:
            continue
        for _seat in range(rng.choice((2, 2, 3))):
            number += 1
            person = _register(forum, rng, organization, admin, taken, number)
            people.append((person, index not in no_show and rng.random() < 0.93))
    for organization in [*walk_ins, None]:
        number += 1
        people.append((_register(forum, rng, organization, admin, taken, number), True))
    db.session.flush()
    for person, came in people:
        if came and person.is_confirmed:
            # Through the door's own service, so the attendance pages and the scan log have them too.
            arrival = _at(time(8, 15)) + timedelta(minutes=rng.randint(0, 50))
            checkin.check_in_registration(person, admin, Method.SCAN, device="demo", now=arrival)
    return [person for person, came in people if came and person.is_confirmed]


def _lessons(forum, rng, admin, organizers, invited, attendees):
    items = {item.start_time: item for item in forum.agenda}
    made = []
    for category, body, agenda_index in NOTES:
        item = items[AGENDA[agenda_index][0]] if agenda_index is not None else None
        organization = rng.choice(invited) if agenda_index == 4 else None
        made.append(
            notes.create_note(
                forum,
                {"category": category, "body": body, "agenda_item": item, "organization": organization},
                rng.choice(organizers),
            )
        )
    for index, (description, owner, due_on, done) in enumerate(ACTIONS):
        data = {"description": description, "due_on": due_on, "note": made[5] if index < 2 else None}
        data["owner_user" if owner == "user" else "owner_organization"] = (
            rng.choice(organizers) if owner == "user" else rng.choice(invited)
        )
        item = actions.create_action_item(forum, data, admin)
        if done:
            actions.set_action_status(item, "done", now=utc_from_bangkok(datetime.combine(due_on, time(15))))
    survey = feedback.ensure_survey(forum)
    for person in rng.sample(attendees, int(len(attendees) * 0.7)):
        scores = {q.id: rng.choices((5, 4, 3, 2), weights=(45, 40, 12, 3))[0] for q in survey.questions}
        comment = rng.choice(COMMENTS) if rng.random() < 0.12 else ""
        feedback.submit_feedback(
            survey, scores, comment, Participant(person.id, person.organization_id), today=DAY
        )
    feedback.set_open(survey, False)


def seed_forum(admin, organizers):
    """Make the held demo forum with its record, unless it is there already; returns it, or None."""
    if db.session.scalar(select(Forum.id).where(Forum.title == TITLE)) is not None:
        return None
    rng = random.Random(SEED)
    forum = service.create_forum(
        {
            "title": TITLE,
            "kind": ForumKind.FORUM,
            "description": DESCRIPTION,
            "objectives": OBJECTIVES,
            "starts_at": _at(time(8, 30)),
            "ends_at": _at(time(16)),
            "venue_name": "โรงแรมเรือนแพ รอยัล ปาร์ค",
            "venue_address": "ถนนวังจันทน์ ตำบลในเมือง อำเภอเมืองพิษณุโลก จังหวัดพิษณุโลก",
            "capacity": 110,
            "seats_per_organization": 3,
            "target_kinds": [OrganizationKind.PUBLIC_BENEFIT, OrganizationKind.COMMUNITY_WELFARE],
            "organizers": organizers,
        },
        admin,
    )
    for start, end, title, speaker, role in AGENDA:
        agenda.add_agenda_item(
            forum,
            {
                "day": 1,
                "start_time": start,
                "end_time": end,
                "title": title,
                "speaker": speaker,
                "speaker_role": role,
            },
        )
    service.open_forum(forum)
    invited, walk_ins = _organizations(rng)
    invitations.mark_sent(
        invitations.invite_organizations(forum, invited, actor=admin),
        Channel.LETTER,
        now=_at(time(9)) - timedelta(days=21),
    )
    attendees = _attend(forum, rng, admin, invited, walk_ins)
    service.finish_forum(forum)
    _lessons(forum, rng, admin, organizers, invited, attendees)
    return forum
