"""Participants for the document tests and the benchmark: Thai names, organizations of each kind."""

from datetime import timedelta

from app.directory import service as directory_service
from app.directory.models import OrganizationKind
from app.extensions import db
from app.registration.models import Registration, RegistrationStatus

PREFIXES = ("นาย", "นาง", "นางสาว", "ผศ.ดร.", "ว่าที่ร้อยตรี")
FIRST_NAMES = (
    "สมชาย",
    "บุญเรือน",
    "กนกวรรณ",
    "ประเสริฐ",
    "วิไลวรรณ",
    "ธนพล",
    "สุดารัตน์",
    "อำนาจ",
    "จันทร์เพ็ญ",
    "ณัฐพงษ์",
)
LAST_NAMES = ("ใจดี", "แก้วมณี", "พรหมมา", "รักษ์ถิ่น", "ศรีสุวรรณ", "ทองคำ", "บุญมา", "สุขสวัสดิ์", "ชัยมงคล")
POSITIONS = ("ประธานกรรมการ", "เลขานุการ", "ผู้ประสานงาน", "นักพัฒนาสังคมปฏิบัติการ", "ปลัดองค์การบริหารส่วนตำบล", "")
ORGANIZATIONS = (
    ("มูลนิธิพัฒนาเด็กและเยาวชนจังหวัดพิษณุโลก", OrganizationKind.PUBLIC_BENEFIT),
    ("สมาคมผู้สูงอายุอำเภอวังทอง", OrganizationKind.PUBLIC_BENEFIT),
    ("มูลนิธิเพื่อคนพิการและผู้ด้อยโอกาสภาคเหนือตอนล่าง", OrganizationKind.PUBLIC_BENEFIT),
    ("องค์กรสวัสดิการชุมชนตำบลท่าทอง", OrganizationKind.COMMUNITY_WELFARE),
    ("องค์กรสวัสดิการชุมชนตำบลบ้านใหม่", OrganizationKind.COMMUNITY_WELFARE),
    ("กองทุนสวัสดิการชุมชนตำบลไผ่ขอดอน", OrganizationKind.COMMUNITY_WELFARE),
    ("องค์การบริหารส่วนตำบลบางระกำ", OrganizationKind.LOCAL_GOVERNMENT),
    ("เทศบาลตำบลบ้านใหม่", OrganizationKind.LOCAL_GOVERNMENT),
    ("สำนักงานสาธารณสุขจังหวัดพิษณุโลก", OrganizationKind.GOVERNMENT_AGENCY),
)
#: Organizations people type in that are not in the directory.
UNLISTED = ("ชมรมอาสาสมัครพัฒนาสังคมบ้านหนองกุลา", "")


def make_organizations():
    return [
        directory_service.create_organization({"name": name, "kind": kind, "province_code": "65"})
        for name, kind in ORGANIZATIONS
    ]


def seat_people(forum, count, organizations, checked_in_every=0, email=True, start=0):
    """``count`` confirmed registrations of the forum (added straight to the database, quickly);
    every ``checked_in_every``-th one checked in (0: nobody). Returns them in the order made."""
    made = []
    for n in range(start, start + count):
        # Unique names for the first 450 (every prefix, first and last name together), numbered after.
        first, last = FIRST_NAMES[n % 10], LAST_NAMES[n // 10 % 9]
        prefix = PREFIXES[n // 90 % 5]
        place = n % (len(organizations) + len(UNLISTED))
        listed = place < len(organizations)
        registration = Registration(
            forum_id=forum.id,
            organization_id=organizations[place].id if listed else None,
            organization_name="" if listed else UNLISTED[place - len(organizations)],
            prefix=prefix,
            first_name=f"{first}{n:04d}" if n >= 450 else first,
            last_name=last,
            position=POSITIONS[n % len(POSITIONS)],
            phone=f"08{n:08d}",
            email=f"person{n}@example.org" if email else None,
            status=RegistrationStatus.CONFIRMED,
            privacy_notice_version="1",
            confirmed_at=forum.starts_at - timedelta(days=3),
        )
        if checked_in_every and n % checked_in_every == 0:
            registration.checked_in_at = forum.starts_at - timedelta(minutes=40) + timedelta(seconds=17 * n)
        made.append(registration)
    db.session.add_all(made)
    db.session.flush()
    return made
