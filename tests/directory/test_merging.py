"""Merging duplicates at the service level: values, contacts, history, and every link in the schema."""

import json
from datetime import date

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    select,
    text,
)

from app.auth.models import Role
from app.directory import merging, service
from app.directory.models import ChangeSource, Contact, LegalForm, Organization, OrganizationChange
from app.extensions import db


@pytest.fixture
def pair(create_organization):
    keep = create_organization(
        name="มูลนิธิพัฒนาเด็กพิษณุโลก",
        certification_no=None,
        phone="055-123456",
        province_code="65",
        fields_of_work=["education"],
        contacts=[{"name": "นางสาวสมใจ ใจดี", "position": "ประธาน", "phone": "", "email": ""}],
    )
    duplicate = create_organization(
        name="มูลนิธิ พัฒนาเด็ก พิษณุโลก",
        legal_form=LegalForm.FOUNDATION,
        certification_no="พล 12/2561",
        certified_on=date(2018, 10, 25),
        phone="055-000000",
        email="childfund@example.org",
        province_code="65",
        district_code="6501",
        subdistrict_code="650101",
        postal_code="65000",
        fields_of_work=["health", "housing"],
        target_groups=["children"],
        contacts=[
            {
                "name": "นางสาวสมใจ  ใจดี",
                "position": "",
                "phone": "081-234-5678",
                "email": "somjai@example.org",
            },
            {"name": "นายสมชาย มั่นคง", "position": "เลขานุการ", "phone": "", "email": ""},
        ],
    )
    return keep, duplicate


def test_the_kept_values_stay_and_the_empty_ones_are_filled(pair, create_user):
    keep, duplicate = pair
    staff = create_user(Role.ORGANIZER)
    duplicate_id = duplicate.id
    merging.merge_organizations(keep, duplicate, staff)
    db.session.commit()
    assert db.session.get(Organization, duplicate_id) is None
    assert keep.name == "มูลนิธิพัฒนาเด็กพิษณุโลก"
    assert keep.phone == "055-123456"
    assert keep.fields_of_work == ["education"]
    assert keep.legal_form == LegalForm.FOUNDATION
    assert keep.certification_no == "พล 12/2561"
    assert keep.certified_on == date(2018, 10, 25)
    assert keep.email == "childfund@example.org"
    assert keep.target_groups == ["children"]
    # The duplicate's place is more precise and agrees with the kept province: taken whole.
    assert (keep.district_code, keep.subdistrict_code, keep.postal_code) == ("6501", "650101", "65000")
    assert service.find_by_certification_no("12/2561") is None
    assert service.find_by_certification_no("พล ๑๒/๒๕๖๑") is keep


def test_contacts_are_combined_without_duplicates_by_name(pair):
    keep, duplicate = pair
    merging.merge_organizations(keep, duplicate)
    db.session.commit()
    assert [(c.name, c.position, c.phone, c.email) for c in keep.contacts] == [
        ("นางสาวสมใจ ใจดี", "ประธาน", "081-234-5678", "somjai@example.org"),
        ("นายสมชาย มั่นคง", "เลขานุการ", "", ""),
    ]
    assert db.session.scalar(select(db.func.count()).select_from(Contact)) == 2


def test_a_place_that_disagrees_is_not_mixed_in(create_organization):
    keep = create_organization(name="ก", province_code="65", district_code="6502")
    duplicate = create_organization(
        name="ข", province_code="65", district_code="6501", subdistrict_code="650101", postal_code="65000"
    )
    merging.merge_organizations(keep, duplicate)
    assert (keep.district_code, keep.subdistrict_code, keep.postal_code) == ("6502", None, None)


def test_the_history_moves_and_the_merge_is_recorded(pair, create_user):
    keep, duplicate = pair
    staff = create_user(Role.ORGANIZER)
    duplicate_id = duplicate.id
    service.update_organization(duplicate, {"phone": "055-000001"}, staff)
    moved_ids = {c.id for c in duplicate.changes}
    db.session.commit()
    result = merging.merge_organizations(keep, duplicate, staff)
    db.session.commit()
    assert result.moved["organization_changes"] == len(moved_ids)
    history = db.session.scalars(select(OrganizationChange).filter_by(organization_id=keep.id)).all()
    moved = [c for c in history if c.id in moved_ids]
    assert len(moved) == len(moved_ids)
    assert {c.merged_from for c in moved} == {f"มูลนิธิ พัฒนาเด็ก พิษณุโลก (#{duplicate_id})"}
    (merge_entry,) = [c for c in history if c.field == "merged"]
    assert merge_entry.source == ChangeSource.MERGE and merge_entry.user_id == staff.id
    assert json.loads(merge_entry.new_value) == {
        "id": duplicate_id,
        "name": "มูลนิธิ พัฒนาเด็ก พิษณุโลก",
        "certification_no": "พล 12/2561",
    }
    filled = {c.field for c in history if c.source == ChangeSource.MERGE and c.field != "merged"}
    assert {"certification_no", "email", "district_code", "contacts"} <= filled
    assert "phone" not in filled


def test_the_kept_one_inherits_the_duplicates_link_when_it_has_none(pair):
    keep, duplicate = pair
    token = service.renew_self_update_link(duplicate)
    merging.merge_organizations(keep, duplicate)
    db.session.commit()
    assert service.find_by_self_update_token(token) is keep


def test_the_kept_link_wins_over_the_duplicates(pair):
    keep, duplicate = pair
    kept_token = service.renew_self_update_link(keep)
    other_token = service.renew_self_update_link(duplicate)
    merging.merge_organizations(keep, duplicate)
    db.session.commit()
    assert service.find_by_self_update_token(kept_token) is keep
    assert service.find_by_self_update_token(other_token) is None


def test_an_organization_is_not_merged_into_itself(organization):
    with pytest.raises(merging.MergeError):
        merging.merge_organizations(organization, organization)
    with pytest.raises(merging.MergeError):
        merging.merge_plan(organization, db.session.get(Organization, organization.id))
    db.session.commit()
    assert db.session.get(Organization, organization.id) is organization


def test_the_preview_shows_what_the_merge_will_do_and_changes_nothing(pair):
    keep, duplicate = pair
    plan = merging.merge_plan(keep, duplicate)
    rows = {row.field: row for row in plan.rows}
    assert not rows["phone"].from_duplicate and rows["phone"].merged == "055-123456"
    assert rows["email"].from_duplicate and rows["email"].merged == "childfund@example.org"
    assert rows["place"].from_duplicate and "ในเมือง" in rows["place"].merged
    assert not rows["name"].from_duplicate
    assert [c["name"] for c in plan.contacts] == ["นางสาวสมใจ ใจดี", "นายสมชาย มั่นคง"]
    assert plan.linked["organization_changes"] >= 1 and "contacts" not in plan.linked
    db.session.commit()
    assert keep.email == "" and db.session.get(Organization, duplicate.id) is duplicate


@pytest.fixture
def linked_tables(app):
    """Tables the directory knows nothing about, pointing at organizations as later areas will.

    Made for this test only and dropped after it, on SQLite and PostgreSQL alike.
    """
    invitations = Table(
        "probe_invitations",
        db.metadata,
        Column("id", Integer, primary_key=True),
        Column(
            "organization_id", Integer, ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False
        ),
        Column("forum_code", String(20), nullable=False),
        UniqueConstraint("forum_code", "organization_id"),
    )
    tickets = Table(
        "probe_tickets",
        db.metadata,
        Column("id", Integer, primary_key=True),
        Column("invitation_id", Integer, ForeignKey("probe_invitations.id"), nullable=False),
        Column("code", String(40), nullable=False, unique=True),
    )
    registrations = Table(
        "probe_registrations",
        db.metadata,
        Column("id", Integer, primary_key=True),
        Column("organization_id", Integer, ForeignKey("organizations.id"), nullable=False),
        Column("phone", String(20), nullable=False),
        Column("active", Boolean, nullable=False),
        # One active registration per phone and organization; cancelled ones may repeat.
        Index(
            "ix_probe_registrations_active_phone",
            "organization_id",
            "phone",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )
    tables = [invitations, tickets, registrations]
    db.metadata.create_all(db.engine, tables=tables)
    try:
        yield invitations, tickets, registrations
    finally:
        db.session.rollback()
        db.session.close()
        db.metadata.drop_all(db.engine, tables=tables)
        for table in tables:
            db.metadata.remove(table)


def test_every_foreign_key_to_organizations_is_repointed(pair, linked_tables):
    invitations, tickets, registrations = linked_tables
    keep, duplicate = pair
    keep_id, duplicate_id = keep.id, duplicate.id
    run = db.session.execute
    run(invitations.insert(), [
        {"id": 1, "organization_id": keep_id, "forum_code": "F2561"},
        {"id": 2, "organization_id": duplicate_id, "forum_code": "F2561"},
        {"id": 3, "organization_id": duplicate_id, "forum_code": "F2562"},
    ])  # fmt: skip
    run(tickets.insert(), [
        {"id": 1, "invitation_id": 1, "code": "keep-ticket"},
        {"id": 2, "invitation_id": 2, "code": "duplicate-ticket"},
        {"id": 3, "invitation_id": 3, "code": "other-forum-ticket"},
    ])  # fmt: skip
    run(registrations.insert(), [
        {"id": 1, "organization_id": keep_id, "phone": "0812345678", "active": True},
        {"id": 2, "organization_id": duplicate_id, "phone": "0812345678", "active": True},
        {"id": 3, "organization_id": duplicate_id, "phone": "0812345678", "active": False},
        {"id": 4, "organization_id": duplicate_id, "phone": "0899999999", "active": True},
    ])  # fmt: skip
    db.session.commit()

    plan = merging.merge_plan(keep, duplicate)
    assert plan.linked["probe_invitations"] == 2 and plan.linked["probe_registrations"] == 3
    result = merging.merge_organizations(keep, duplicate)
    db.session.commit()

    # Both invited to F2561: the kept invitation wins and the duplicate's ticket follows it.
    assert run(select(invitations.c.id, invitations.c.organization_id).order_by(invitations.c.id)).all() == [
        (1, keep_id),
        (3, keep_id),
    ]
    assert dict(run(select(tickets.c.code, tickets.c.invitation_id)).all()) == {
        "keep-ticket": 1,
        "duplicate-ticket": 1,
        "other-forum-ticket": 3,
    }
    # The partial unique index only counts active rows: the cancelled one moves alongside.
    assert run(
        select(registrations.c.id).where(registrations.c.organization_id == keep_id)
    ).scalars().all() == [
        1,
        3,
        4,
    ]
    assert result.moved["probe_invitations"] == 1 and result.merged["probe_invitations"] == 1
    assert result.moved["probe_tickets"] == 1
    assert result.moved["probe_registrations"] == 2 and result.merged["probe_registrations"] == 1
    assert db.session.get(Organization, duplicate_id) is None


def test_the_linked_tables_are_gone_after_the_probe(app):
    assert "probe_invitations" not in db.metadata.tables
    assert not db.inspect(db.engine).has_table("probe_invitations")


@pytest.mark.parametrize(
    ("changes", "reasons"),
    [
        ({"name": "มูลนิธิพัฒนาเด็ก\u200bพิษณุโลก "}, ["name"]),
        ({"name": "อื่น", "certification_no": "๑๒/๒๕๖๑"}, ["certification_no"]),
        ({"name": "อื่น", "phone": "+66 55 123 456 ต่อ 12"}, ["phone"]),
        ({"name": "อื่น", "phone": "081-111-1111, 055 123456"}, ["phone"]),
    ],
)
def test_likely_duplicates_are_found_by_name_certificate_and_phone(
    organization, create_organization, changes, reasons
):
    other = create_organization(**changes)
    create_organization(name="ชมรมผู้สูงอายุวังทอง", certification_no="พล 99/2561", phone="055-777777")
    assert merging.likely_duplicates(organization) == [(other, reasons)]


def test_the_likeliest_duplicates_come_first(organization, create_organization):
    by_phone = create_organization(name="ก", phone="055123456")
    by_all = create_organization(name=organization.name + " ", certification_no="12/2561", phone="055-123456")
    assert [(o.id, r) for o, r in merging.likely_duplicates(organization)] == [
        (by_all.id, ["name", "certification_no", "phone"]),
        (by_phone.id, ["phone"]),
    ]
