from datetime import date, timedelta

import pytest

from app.auth.models import Role
from app.directory import service
from app.directory.models import ChangeSource, OrganizationChange, OrganizationKind, OrganizationStatus
from app.extensions import db


def latest_change(organization):
    return db.session.scalars(
        db.select(OrganizationChange)
        .filter_by(organization_id=organization.id)
        .order_by(OrganizationChange.id.desc())
    ).first()


def test_creation_and_each_change_are_kept_in_the_history(organization, create_user):
    staff = create_user(Role.ORGANIZER)
    service.update_organization(organization, {"phone": "055-999999", "name": organization.name}, staff)
    db.session.commit()
    latest = latest_change(organization)
    assert (latest.field, latest.old_value, latest.new_value) == ("phone", "055-123456", "055-999999")
    assert latest.user_id == staff.id and latest.source == ChangeSource.STAFF
    assert [c.field for c in organization.changes].count("name") == 1  # only at creation


def test_contacts_changes_are_recorded(organization):
    contacts = [c.as_dict() for c in organization.contacts] + [
        {"name": "นายสมชาย ใจดี", "position": "เลขานุการ", "phone": "", "email": ""}
    ]
    service.update_organization(organization, {"contacts": contacts}, source=ChangeSource.SELF_UPDATE)
    change = latest_change(organization)
    assert change.field == "contacts" and "นายสมชาย ใจดี" in change.new_value
    assert change.source == ChangeSource.SELF_UPDATE and change.user_id is None


def test_certification_numbers_compare_with_thai_digits(organization):
    assert service.find_by_certification_no("พล ๑๒/๒๕๖๑") is organization


@pytest.mark.parametrize(
    "query",
    [
        *("พัฒนาเด็ก", "มูลนิธิ พัฒนา เด็ก", "มูลนิธิ\u200bพัฒนาเด็ก", "๑๒/๒๕๖๑", "12/2561", "สมใจ", "เมืองพิษณุโลก"),
        "055",
        # Its phone 055-123456 and its contact's 081-234-5678, typed with or without separators.
        "055123456",
        "055 123 456",
        "055-12-34-56",
        "(055) 123456",
        "0812345678",
        "081 234 5678",
        "๐๘๑๒๓๔๕๖๗๘",
    ],
)
def test_search_finds_thai_text_however_it_is_typed(organization, create_organization, query):
    create_organization(name="สมาคมผู้สูงอายุบางระกำ")
    rows, total = service.list_organizations(service.DirectoryFilter(q=query))
    assert [o.id for o in rows] == [organization.id]
    assert total == 1


def test_search_treats_like_wildcards_as_text(organization, create_organization):
    create_organization(name="กลุ่ม 100% ชุมชน")
    rows, _ = service.list_organizations(service.DirectoryFilter(q="100%"))
    assert [o.name for o in rows] == ["กลุ่ม 100% ชุมชน"]
    rows, _ = service.list_organizations(service.DirectoryFilter(q="_"))
    assert rows == []


def test_filters_by_kind_status_district_and_staleness(create_organization, clock):
    today = clock.today
    fresh = create_organization(
        name="ก", kind=OrganizationKind.COMMUNITY_WELFARE, district_code="6502", last_confirmed_on=today
    )
    old = create_organization(name="ข", last_confirmed_on=today - timedelta(days=400))
    never = create_organization(name="ค", status=OrganizationStatus.REVOKED)

    def ids(**kw):
        return {o.id for o in service.list_organizations(service.DirectoryFilter(**kw))[0]}

    assert ids(kind="community_welfare") == {fresh.id}
    assert ids(district="6502") == {fresh.id}
    assert ids(status="revoked") == {never.id}
    assert ids(stale=True) == {old.id, never.id}
    assert ids(kind="no-such-kind") == {fresh.id, old.id, never.id}
    assert old.is_stale and never.is_stale and not fresh.is_stale


def test_list_sorts_thai_names_in_dictionary_order_and_pages(create_organization):
    for name in ["ไก่ชน", "ขวัญใจ", "เกาะแก้ว", "กาญจนา"]:
        create_organization(name=name)
    rows, total = service.list_organizations(service.DirectoryFilter(sort="name"), page=1, per_page=3)
    assert [o.name for o in rows] == ["กาญจนา", "เกาะแก้ว", "ไก่ชน"]
    assert total == 4
    rows, _ = service.list_organizations(service.DirectoryFilter(sort="name"), page=2, per_page=3)
    assert [o.name for o in rows] == ["ขวัญใจ"]


@pytest.mark.parametrize("kind", ["", "public_benefit"])
def test_a_search_pages_and_counts_like_a_filter(create_organization, kind):
    for name in ["ชมรมผู้สูงอายุบ้านกร่าง", "ชมรมผู้สูงอายุวัดจันทร์", "สมาคมผู้สูงอายุ", "มูลนิธิเด็ก", "ชมรมผู้สูงอายุท่าทอง"]:
        create_organization(name=name)
    search = service.DirectoryFilter(q="ผู้สูงอายุ", kind=kind)
    pages = [service.list_organizations(search, page=number, per_page=2) for number in (1, 2, 3)]
    assert [[o.name for o in rows] for rows, _total in pages] == [
        ["ชมรมผู้สูงอายุท่าทอง", "ชมรมผู้สูงอายุบ้านกร่าง"],
        ["ชมรมผู้สูงอายุวัดจันทร์", "สมาคมผู้สูงอายุ"],
        [],
    ]
    assert {total for _rows, total in pages} == {4}


@pytest.mark.parametrize("sort", ["confirmed", "name"])
def test_never_confirmed_comes_last_when_the_latest_confirmed_come_first(create_organization, sort):
    create_organization(name="ก ไม่เคยยืนยัน")
    create_organization(name="ข ยืนยันแล้ว", last_confirmed_on=date(2026, 1, 1))
    create_organization(name="ค ยืนยันล่าสุด", last_confirmed_on=date(2026, 6, 1))
    rows, _ = service.list_organizations(service.DirectoryFilter(sort=sort))
    expected = {
        "confirmed": ["ค ยืนยันล่าสุด", "ข ยืนยันแล้ว", "ก ไม่เคยยืนยัน"],
        "name": ["ก ไม่เคยยืนยัน", "ข ยืนยันแล้ว", "ค ยืนยันล่าสุด"],
    }
    assert [o.name for o in rows] == expected[sort]


def test_confirmation_sets_the_date_and_is_recorded(organization):
    service.confirm_organization(organization, today=date(2026, 11, 1))
    assert organization.last_confirmed_on == date(2026, 11, 1)
    assert latest_change(organization).field == "last_confirmed_on"
