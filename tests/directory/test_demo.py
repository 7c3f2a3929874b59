"""flask seed-demo: the Phitsanulok demo network, run through the CLI runner."""

import re
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from app.auth.models import Role, User
from app.directory import demo, geography, labels
from app.directory.models import ChangeSource, Organization, OrganizationChange, OrganizationKind
from app.extensions import db
from app.thai import BE_OFFSET
from tests.clock import PINNED_MOMENTS

PASSWORD_LINE = re.compile(r"^\s+(\w+)\s+(\S+@\S+)\s+password: (\S+)$", re.MULTILINE)
THAI_PERSON = re.compile(r"^(นาย|นาง|นางสาว|ดร\.|ว่าที่ร้อยตรี)[\u0e00-\u0e7f]+ [\u0e00-\u0e7f]+$")


def seed(runner, *args):
    result = runner.invoke(args=["seed-demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


def printed_passwords(output):
    return {email: password for _role, email, password in PASSWORD_LINE.findall(output)}


def organizations():
    return db.session.scalars(select(Organization)).all()


def test_the_demo_network_has_each_kind_in_its_number(runner):
    output = seed(runner)
    kinds = Counter(o.kind for o in organizations())
    assert kinds[OrganizationKind.PUBLIC_BENEFIT] == 42
    assert kinds[OrganizationKind.COMMUNITY_WELFARE] == 92
    assert 3 <= kinds[OrganizationKind.LOCAL_GOVERNMENT] <= 10
    assert 3 <= kinds[OrganizationKind.GOVERNMENT_AGENCY] <= 10
    assert f"Created {sum(kinds.values())} organizations" in output


def test_certified_organizations_have_numbers_and_past_dates(runner, clock):
    seed(runner)
    certified = [o for o in organizations() if o.certification_no]
    assert len(certified) == 134
    assert {o.kind for o in certified} == {
        OrganizationKind.PUBLIC_BENEFIT,
        OrganizationKind.COMMUNITY_WELFARE,
    }
    for organization in certified:
        assert organization.certified_on < clock.today
        # The number ends with the BE year it was given in: "สป.พล. 007/2553".
        assert organization.certification_no.endswith(f"/{organization.certified_on.year + BE_OFFSET}")


def test_every_place_is_a_real_district_and_subdistrict_of_phitsanulok(runner):
    seed(runner)
    districts = dict(geography.districts_of("65"))
    used = set()
    for organization in organizations():
        assert organization.province_code == "65"
        assert organization.district_code in districts
        subdistricts = {code for code, _n, _p in geography.subdistricts_of(organization.district_code)}
        assert organization.subdistrict_code in subdistricts
        assert organization.postal_code == geography.postal_code_of(organization.subdistrict_code)
        used.add(organization.district_code)
    assert used == set(districts)  # spread over all nine districts


def test_community_welfare_organizations_are_named_after_their_own_subdistrict(runner):
    seed(runner)
    welfare = [o for o in organizations() if o.kind == OrganizationKind.COMMUNITY_WELFARE]
    for organization in welfare:
        assert organization.name.endswith("ตำบล" + organization.subdistrict_name)
        assert organization.name.startswith(("องค์กรสวัสดิการชุมชน", "กองทุนสวัสดิการชุมชน"))
    assert len({o.subdistrict_code for o in welfare}) == 92


def test_contacts_have_thai_names_and_positions(runner):
    seed(runner)
    for organization in organizations():
        assert 1 <= len(organization.contacts) <= 3
        for contact in organization.contacts:
            assert THAI_PERSON.match(contact.name), contact.name
            assert contact.position and contact.phone


def test_some_organizations_are_stale_and_some_never_confirmed(runner):
    seed(runner)
    everyone = organizations()
    never = [o for o in everyone if o.last_confirmed_on is None]
    stale = [o for o in everyone if o.is_stale and o.last_confirmed_on is not None]
    fresh = [o for o in everyone if not o.is_stale]
    assert never and stale and len(fresh) > len(everyone) / 2
    assert all(o.fields_of_work and o.target_groups and o.phone for o in everyone)
    assert set().union(*(o.fields_of_work for o in everyone)) <= set(labels.WELFARE_FIELDS)
    assert set().union(*(o.target_groups for o in everyone)) <= set(labels.TARGET_GROUPS)
    assert any(o.email for o in everyone) and any(o.line_id for o in everyone)


def test_search_fields_and_history_come_from_the_directory_service(runner):
    seed(runner)
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.example.org"))
    organization = db.session.scalar(select(Organization).where(Organization.name.startswith("มูลนิธิ")))
    assert organization.contacts[0].name.replace(" ", "") in organization.search_text
    created = db.session.scalars(
        select(OrganizationChange).where(OrganizationChange.organization_id == organization.id)
    ).all()
    assert {c.field for c in created} >= {"name", "certification_no", "contacts"}
    assert {(c.source, c.user_id) for c in created} == {(ChangeSource.IMPORT, admin.id)}


def test_staff_of_each_role_get_printed_passwords_that_work(runner, client):
    output = seed(runner)
    passwords = printed_passwords(output)
    roles = Counter(db.session.scalars(select(User.role).where(User.email.in_(passwords))))
    assert roles == {Role.ADMIN: 1, Role.ORGANIZER: 2, Role.CHECKIN: 2}
    for email, password in passwords.items():
        response = client.post("/login", data={"email": email, "password": password})
        assert response.status_code == 302, email
        client.post("/logout")


def test_running_it_twice_creates_nothing_and_keeps_the_passwords(runner, client):
    first = printed_passwords(seed(runner))
    counts = (
        db.session.scalar(select(func.count(Organization.id))),
        db.session.scalar(select(func.count(User.id))),
        db.session.scalar(select(func.count(OrganizationChange.id))),
    )
    output = seed(runner)
    db.session.expire_all()
    assert counts == (
        db.session.scalar(select(func.count(Organization.id))),
        db.session.scalar(select(func.count(User.id))),
        db.session.scalar(select(func.count(OrganizationChange.id))),
    )
    assert "already there" in output and "nothing created" in output
    assert printed_passwords(output) == {}
    email, password = next(iter(first.items()))
    assert client.post("/login", data={"email": email, "password": password}).status_code == 302


def test_it_matches_organizations_by_certification_number_then_by_name(runner, create_organization, clock):
    data = demo.demo_organizations(clock.today)
    certified = next(d for d in data if d.get("certification_no"))
    agency = next(d for d in data if d["kind"] == OrganizationKind.GOVERNMENT_AGENCY)
    # Already in the office's own list, under another name and in Thai digits.
    number = certified["certification_no"].translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    create_organization(name="ชื่อที่สำนักงานใช้", kind=certified["kind"], certification_no=number)
    create_organization(name=agency["name"], kind=agency["kind"])
    output = seed(runner)
    assert db.session.scalar(select(func.count(Organization.id))) == len(data)
    assert f"Created {len(data) - 2} organizations" in output


def test_reset_passwords_gives_new_passwords(runner, client):
    first = printed_passwords(seed(runner))
    second = printed_passwords(seed(runner, "--reset-passwords"))
    assert second.keys() == first.keys()
    email = "organizer1@demo.example.org"
    assert second[email] != first[email]
    assert client.post("/login", data={"email": email, "password": first[email]}).status_code == 200
    assert client.post("/login", data={"email": email, "password": second[email]}).status_code == 302


def test_the_data_is_the_same_on_every_run_and_only_confirmations_follow_the_day():
    today = date(2026, 11, 26)
    assert demo.demo_organizations(today) == demo.demo_organizations(today)

    def keys(organizations):
        return [(d["name"], d.get("certification_no"), d["subdistrict_code"]) for d in organizations]

    assert keys(demo.demo_organizations(today)) == keys(demo.demo_organizations(date(2027, 3, 1)))


@pytest.mark.parametrize("clock", [PINNED_MOMENTS["0030"]], ids=["0030"], indirect=True)
def test_the_confirmations_follow_bangkoks_day_not_the_servers(runner, clock):
    """At 00:30 in Bangkok a server on UTC is still on yesterday: the demo dates by the office's day."""
    seed(runner)
    expected = {d["name"]: d.get("last_confirmed_on") for d in demo.demo_organizations(clock.today)}
    assert {o.name: o.last_confirmed_on for o in organizations()} == expected


@pytest.mark.parametrize("force", [False, True])
def test_production_needs_force(runner, monkeypatch, force):
    monkeypatch.setenv("APP_ENV", "production")
    result = runner.invoke(args=["seed-demo", *(["--force"] if force else [])])
    assert (result.exit_code == 0) is force
    assert (db.session.scalar(select(func.count(Organization.id))) > 0) is force
