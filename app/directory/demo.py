"""The demo network: a living Phitsanulok directory and staff users, the same on every run.

42 public-benefit and 92 community welfare organizations (invented names) in the
province's real districts and subdistricts, a few local administrations and
provincial agencies, their contacts, and staff users of each role. Everything is
drawn from a seeded random generator; only the confirmation dates follow `today`,
so that some organizations are always stale.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import geothai
from sqlalchemy import select

from app.auth import service as auth_service
from app.auth.models import Role
from app.directory import demo_names as names
from app.directory import geography, service
from app.directory.models import ChangeSource, LegalForm, Organization, OrganizationKind, OrganizationStatus
from app.extensions import db
from app.thai import BE_OFFSET
from app.timeutil import local_today

SEED = 2561
PROVINCE_CODE = "65"
CAPITAL_DISTRICT = "6501"
#: ตำบลในเมือง, the city centre: addresses on city roads, and no community welfare organization
#: of its own (the city municipality covers it); every other subdistrict has one.
CITY_CENTRE = "650101"
CERTIFICATION_PREFIX = {
    OrganizationKind.PUBLIC_BENEFIT: "สป.พล.",
    OrganizationKind.COMMUNITY_WELFARE: "สช.พล.",
}
LEGAL_FORMS = {
    "มูลนิธิ": LegalForm.FOUNDATION,
    "สมาคม": LegalForm.ASSOCIATION,
    "ชมรม": LegalForm.COMMUNITY_GROUP,
}
POSITION_SETS = {"มูลนิธิ": "foundation", "สมาคม": "association", "ชมรม": "club"}

#: Staff users of each role: role, e-mail, name.
DEMO_STAFF = (
    (Role.ADMIN, "admin@demo.example.org", "นางวันเพ็ญ ศรีสุข"),
    (Role.ORGANIZER, "organizer1@demo.example.org", "นางสาวพิมพ์ชนก แก้วประเสริฐ"),
    (Role.ORGANIZER, "organizer2@demo.example.org", "นายธีรวัฒน์ ทองคำ"),
    (Role.CHECKIN, "checkin1@demo.example.org", "นางสาวกนกวรรณ บุญมา"),
    (Role.CHECKIN, "checkin2@demo.example.org", "นายอนุชา มีสุข"),
)


@dataclass
class SeedResult:
    """What a run of the demo seed did."""

    #: Organizations created, by kind.
    created: Counter = field(default_factory=Counter)
    #: Demo organizations that were already there.
    existing: int = 0
    #: (user, password) of each demo staff user; the password is None when it was not set by this run.
    staff: list = field(default_factory=list)
    #: The held demo forum, when this run made it.
    forum: object = None


class _Maker:
    """Draws the details of organizations (people, phones, addresses, dates) from one random generator."""

    def __init__(self, rng, today):
        self.rng = rng
        self.today = today

    def person(self):
        if self.rng.random() < 0.5:
            prefixes, first_names = names.MALE_PREFIXES, names.MALE_FIRST_NAMES
        else:
            prefixes, first_names = names.FEMALE_PREFIXES, names.FEMALE_FIRST_NAMES
        prefix = self.rng.choices([p for p, _ in prefixes], weights=[w for _, w in prefixes])[0]
        return f"{prefix}{self.rng.choice(first_names)} {self.rng.choice(names.LAST_NAMES)}"

    def mobile(self):
        rng = self.rng
        return f"0{rng.choice('689')}{rng.randint(0, 9)}-{rng.randint(100, 999)}-{rng.randint(0, 9999):04d}"

    def landline(self):
        return f"055-{self.rng.randint(210000, 399999)}"

    def address(self, subdistrict_code):
        if subdistrict_code == CITY_CENTRE or self.rng.random() < 0.1:
            return f"{self.rng.randint(1, 399)}/{self.rng.randint(1, 60)} {self.rng.choice(names.CITY_ROADS)}"
        return f"{self.rng.randint(1, 250)} หมู่ {self.rng.randint(1, 12)}"

    def subdistrict_in(self, place):
        """A subdistrict of the place: a subdistrict code stays, a district gets one of its own."""
        if place and len(place) == 6:
            return place
        district_code = place
        if district_code is None:
            districts = [code for code, _ in geography.districts_of(PROVINCE_CODE)]
            weights = [4 if code == CAPITAL_DISTRICT else 1 for code in districts]
            district_code = self.rng.choices(districts, weights=weights)[0]
        return self.rng.choice(geography.subdistricts_of(district_code))[0]

    def day_between(self, first_year, last_year):
        first, last = date(first_year, 1, 1), date(last_year, 12, 31)
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def last_confirmed(self, certified_on):
        """Most confirmed within the year, a quarter more than a year ago, some never."""
        draw, days = self.rng.random(), self.rng.randint(3, 340)
        if draw < 0.15:
            return None
        if draw < 0.4:
            days = self.rng.randint(400, 1000)
        confirmed = self.today - timedelta(days=days)
        return max(confirmed, certified_on) if certified_on else confirmed

    def contacts(self, positions, slug, head_title=""):
        count = self.rng.choices([1, 2, 3], weights=[4, 4, 2])[0]
        contacts = []
        for index, (position, key) in enumerate(positions[:count]):
            email = f"{key}.{slug}@example.org" if self.rng.random() < 0.3 else ""
            contacts.append(
                {
                    "name": self.person(),
                    "position": position or (head_title if index == 0 else ""),
                    "phone": self.mobile(),
                    "email": email,
                }
            )
        return contacts

    def place(self, subdistrict_code):
        return {
            "province_code": PROVINCE_CODE,
            "district_code": subdistrict_code[:4],
            "subdistrict_code": subdistrict_code,
            "postal_code": geography.postal_code_of(subdistrict_code),
            "address": self.address(subdistrict_code),
        }


def _slug(subdistrict_code):
    return geothai.subdistrict(subdistrict_code).name_en.lower().replace(" ", "")


def _number_certificates(organizations, kind):
    """Number certificates by year (BE) in the order they were given: "สป.พล. 007/2553"."""
    per_year = Counter()
    for data in sorted(organizations, key=lambda d: (d["certified_on"], d["name"])):
        year = data["certified_on"].year + BE_OFFSET
        per_year[year] += 1
        data["certification_no"] = f"{CERTIFICATION_PREFIX[kind]} {per_year[year]:03d}/{year}"


def _public_benefit(maker):
    organizations = []
    for name, slug, place, fields_of_work, target_groups in names.PUBLIC_BENEFIT:
        fields_of_work, target_groups = fields_of_work.split(), target_groups.split()
        form = next(prefix for prefix in LEGAL_FORMS if name.startswith(prefix))
        certified_on = maker.day_between(2007, 2023)
        organizations.append(
            {
                "name": name,
                "kind": OrganizationKind.PUBLIC_BENEFIT,
                "legal_form": LEGAL_FORMS[form],
                "certified_on": certified_on,
                **maker.place(maker.subdistrict_in(place)),
                "phone": maker.landline() if form != "ชมรม" else maker.mobile(),
                "email": f"{slug}@example.org" if maker.rng.random() < 0.6 else "",
                "line_id": "@" + slug.replace(".", "") if maker.rng.random() < 0.4 else "",
                "fields_of_work": fields_of_work,
                "target_groups": target_groups,
                "contacts": maker.contacts(names.POSITIONS[POSITION_SETS[form]], slug),
                "last_confirmed_on": maker.last_confirmed(certified_on),
            }
        )
    _number_certificates(organizations, OrganizationKind.PUBLIC_BENEFIT)
    return organizations


def _community_welfare(maker):
    organizations = []
    for district_code, _district in geography.districts_of(PROVINCE_CODE):
        for subdistrict_code, subdistrict, _postal in geography.subdistricts_of(district_code):
            if subdistrict_code == CITY_CENTRE:
                continue
            slug = _slug(subdistrict_code)
            kind_of_body = "กองทุนสวัสดิการชุมชน" if maker.rng.random() < 0.2 else "องค์กรสวัสดิการชุมชน"
            certified_on = maker.day_between(2010, 2023)
            fields_of_work = ["social_services", *maker.rng.sample(["health", "employment", "education"], 1)]
            target_groups = ["community", *maker.rng.sample(["elderly", "children", "low_income"], 2)]
            organizations.append(
                {
                    "name": f"{kind_of_body}ตำบล{subdistrict}",
                    "kind": OrganizationKind.COMMUNITY_WELFARE,
                    "legal_form": LegalForm.COMMUNITY_GROUP,
                    "certified_on": certified_on,
                    **maker.place(subdistrict_code),
                    "phone": maker.mobile(),
                    "email": f"welfare.{slug}@example.org" if maker.rng.random() < 0.35 else "",
                    "line_id": f"welfare-{slug}" if maker.rng.random() < 0.5 else "",
                    "fields_of_work": fields_of_work,
                    "target_groups": target_groups,
                    "contacts": maker.contacts(names.POSITIONS["community_welfare"], slug),
                    "last_confirmed_on": maker.last_confirmed(certified_on),
                }
            )
    _number_certificates(organizations, OrganizationKind.COMMUNITY_WELFARE)
    return organizations


def _public_bodies(maker):
    organizations = []
    for name, subdistrict_code, positions in names.LOCAL_ADMINISTRATIONS:
        slug = _slug(subdistrict_code)
        organizations.append(
            {
                "name": name,
                "kind": OrganizationKind.LOCAL_GOVERNMENT,
                "legal_form": LegalForm.GOVERNMENT_BODY,
                **maker.place(subdistrict_code),
                "phone": maker.landline(),
                "email": f"saraban.{slug}@example.org",
                "fields_of_work": ["social_services", "health"],
                "target_groups": ["elderly", "disabled", "community"],
                "contacts": maker.contacts(names.POSITIONS[positions], slug),
                "last_confirmed_on": maker.last_confirmed(None),
            }
        )
    for index, (name, head_title, field_of_work) in enumerate(names.GOVERNMENT_AGENCIES, start=1):
        organizations.append(
            {
                "name": name,
                "kind": OrganizationKind.GOVERNMENT_AGENCY,
                "legal_form": LegalForm.GOVERNMENT_BODY,
                **maker.place(maker.subdistrict_in(CAPITAL_DISTRICT)),
                "phone": maker.landline(),
                "email": f"agency{index}.phitsanulok@example.org",
                "fields_of_work": [field_of_work],
                "target_groups": ["community"],
                "contacts": maker.contacts(names.POSITIONS["agency"], f"agency{index}", head_title),
                "last_confirmed_on": maker.last_confirmed(None),
            }
        )
    return organizations


def demo_organizations(today):
    """The demo organizations as data for the directory service, in the order they are created."""
    maker = _Maker(random.Random(SEED), today)
    organizations = _public_benefit(maker) + _community_welfare(maker) + _public_bodies(maker)
    # Some that stopped answering have been set inactive, as the office does.
    never_confirmed = [d for d in organizations if d.get("certification_no") and not d["last_confirmed_on"]]
    for data in maker.rng.sample(never_confirmed, 3):
        data["status"] = OrganizationStatus.INACTIVE
    return organizations


def many_organizations(count, today):
    """`count` organizations like the demo's, for benchmarks: the demo network over and over.

    Each round after the first numbers the names and certificates anew and moves the
    organizations to other places with other contact people.
    """
    base = demo_organizations(today)
    maker = _Maker(random.Random(SEED + 1), today)
    for index in range(count):
        data = dict(base[index % len(base)])
        round_no = index // len(base)
        if round_no:
            data["name"] = f"{data['name']} {round_no + 1}"
            if data.get("certification_no"):
                year = data["certified_on"].year + BE_OFFSET
                data["certification_no"] = f"{CERTIFICATION_PREFIX[data['kind']]} {index:04d}/{year}"
            data.update(maker.place(maker.subdistrict_in(None)))
            data["contacts"] = [dict(c, name=maker.person()) for c in data["contacts"]]
        yield data


def seed_staff(reset_passwords=False):
    """Create the demo staff users that are missing, with new passwords; return [(user, password)].

    The password is None for a user that was already there, unless `reset_passwords`
    gives it a new one-time password.
    """
    staff = []
    for role, email, name in DEMO_STAFF:
        user = auth_service.find_user_by_email(email)
        if user is None:
            password = auth_service.generate_password()
            user, _ = auth_service.create_user(email, role, password=password, name=name)
        else:
            password = auth_service.reset_password(user) if reset_passwords else None
        staff.append((user, password))
    return staff


def seed_organizations(today, actor=None):
    """Create the demo organizations that are missing (by certification number, else by name)."""
    numbers = set(db.session.scalars(select(Organization.certification_no)))
    org_names = set(db.session.scalars(select(Organization.name)))
    result = SeedResult()
    for data in demo_organizations(today):
        number = data.get("certification_no")
        if (number in numbers) if number else (data["name"] in org_names):
            result.existing += 1
            continue
        service.create_organization(data, actor, ChangeSource.IMPORT)
        result.created[data["kind"]] += 1
    return result


def seed(today=None, reset_passwords=False):
    """Fill the directory with the demo network, add the demo staff and the held demo forum; idempotent."""
    from app.forums import demo as forum_demo

    staff = seed_staff(reset_passwords)
    admin = next(user for user, _password in staff if user.role == Role.ADMIN)
    result = seed_organizations(today or local_today(), actor=admin)
    result.staff = staff
    organizers = [user for user, _password in staff if user.role == Role.ORGANIZER]
    result.forum = forum_demo.seed_forum(admin, organizers)
    return result
