"""The self-update link at the service level: tokens, renewal, revocation, the organization's own word."""

from datetime import date, timedelta

import pytest

from app.auth.models import Role
from app.directory import service
from app.directory.models import ChangeSource, OrganizationChange
from app.extensions import db
from tests.clock import at_every_pinned_moment


def entries(organization, field=None):
    stmt = db.select(OrganizationChange).filter_by(organization_id=organization.id)
    if field:
        stmt = stmt.filter_by(field=field)
    return db.session.scalars(stmt.order_by(OrganizationChange.id)).all()


def test_a_new_link_is_unguessable_and_replaces_the_old_one(organization, create_user):
    staff = create_user(Role.ORGANIZER)
    first = service.renew_self_update_link(organization, staff)
    second = service.renew_self_update_link(organization, staff)
    db.session.commit()
    assert first != second and len(second) >= 32
    assert set(second) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert service.find_by_self_update_token(first) is None
    assert service.find_by_self_update_token(second) is organization
    link_entries = entries(organization, "self_update_link")
    assert [e.new_value for e in link_entries] == ["issued", "renewed"]
    assert all(e.user_id == staff.id for e in link_entries)
    # The token is a key: it is never written into the history.
    assert not any(second in e.new_value or first in e.new_value for e in entries(organization))


def test_a_revoked_link_stops_working(organization):
    token = service.renew_self_update_link(organization)
    service.revoke_self_update_link(organization)
    service.revoke_self_update_link(organization)  # twice is harmless and recorded once
    db.session.commit()
    assert service.find_by_self_update_token(token) is None
    assert service.find_by_self_update_token("") is None
    assert [e.new_value for e in entries(organization, "self_update_link")] == ["issued", "revoked"]


@at_every_pinned_moment
def test_confirming_through_the_link_dates_it_today_and_marks_the_source(organization, clock):
    service.self_update(organization, {})
    db.session.commit()
    assert organization.last_confirmed_on == clock.today
    assert not organization.is_stale
    (entry,) = entries(organization, "last_confirmed_on")
    assert entry.source == ChangeSource.SELF_UPDATE and entry.user_id is None


def test_corrections_through_the_link_are_saved_confirmed_and_marked(organization):
    contacts = [
        {"name": "นางสาวสมใจ ใจดี", "position": "ประธานกรรมการ", "phone": "081-234-5678", "email": ""},
        {"name": "นายสมศักดิ์ รักดี", "position": "เหรัญญิก", "phone": "", "email": "somsak@example.org"},
    ]
    service.self_update(
        organization,
        {
            "phone": "055-999999",
            "line_id": "@childfund",
            "fields_of_work": ["education"],
            "contacts": contacts,
        },
        today=date(2018, 10, 25),
    )
    db.session.commit()
    assert organization.phone == "055-999999" and organization.line_id == "@childfund"
    assert [c.name for c in organization.contacts] == ["นางสาวสมใจ ใจดี", "นายสมศักดิ์ รักดี"]
    assert organization.last_confirmed_on == date(2018, 10, 25)
    changed = {e.field: e for e in entries(organization) if e.source == ChangeSource.SELF_UPDATE}
    assert set(changed) == {"phone", "line_id", "fields_of_work", "contacts", "last_confirmed_on"}
    assert changed["phone"].old_value == "055-123456"


@pytest.mark.parametrize("field", ["name", "kind", "certification_no", "status", "self_update_token"])
def test_the_link_cannot_change_what_stays_with_the_office(organization, field):
    with pytest.raises(ValueError, match=field):
        service.self_update(organization, {field: "x", "phone": "1"})
    assert organization.phone == "055-123456"
    assert organization.last_confirmed_on is None


@at_every_pinned_moment
def test_stale_flag_and_filter_follow_the_confirmation(organization, create_organization, clock):
    """Stale after a year of the office's days: 365 days ago is not yet, 366 is (Bangkok's day, not UTC's)."""
    old = create_organization(name="ชมรมที่ยืนยันนานแล้ว", last_confirmed_on=clock.today - timedelta(days=366))
    year = create_organization(name="ชมรมที่ยืนยันครบปีพอดี", last_confirmed_on=clock.today - timedelta(days=365))
    assert old.is_stale and not year.is_stale
    stale = service.DirectoryFilter(stale=True)
    assert {o.id for o in service.list_organizations(stale)[0]} == {organization.id, old.id}
    service.self_update(old, {})
    db.session.commit()
    assert {o.id for o in service.list_organizations(stale)[0]} == {organization.id}
    assert not old.is_stale and organization.is_stale
