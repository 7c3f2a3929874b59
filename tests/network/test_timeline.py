"""An organization's timeline: forums invited to, registered for and attended, action items, changes."""

from datetime import date, datetime

import pytest

from app.checkin.models import CheckIn
from app.extensions import db
from app.forums import invitations
from app.network.timeline import organization_timeline
from app.notes import actions
from app.registration import service as registration_service
from app.registration.fields import parse_registration

#: "Today" (the pages' default year, the day a list stands on, a record's date) is the pinned clock's.
pytestmark = pytest.mark.usefixtures("clock")


def _person(phone):
    return parse_registration({"first_name": "สมชาย", "last_name": "ใจดี", "phone": phone})


def _checked_in(registration, undone=False):
    moment = datetime(2018, 10, 25, 2, 30)
    checkin = CheckIn(
        forum_id=registration.forum_id,
        registration_id=registration.id,
        day=date(2018, 10, 25),
        checked_in_at=moment,
        undone_at=moment if undone else None,
    )
    db.session.add(checkin)
    db.session.flush()


def test_timeline_holds_every_kind_of_entry_newest_first(organization, create_forum, create_user):
    staff = create_user()
    held = create_forum(status="open", title="เวทีที่จัดแล้ว")
    other = create_forum(status="open", title="เวทีที่ลงทะเบียนแต่ไม่มา")
    (invitation,) = invitations.invite_organizations(held, [organization], actor=staff)
    came = registration_service.register(held, _person("0810000001"), invitation=invitation, actor=staff)
    _checked_in(came)
    # Registered for the other forum, checked in by mistake and undone: registered, not took part.
    data = {**_person("0810000002"), "organization_id": organization.id}
    undone = registration_service.register(other, data, actor=staff)
    _checked_in(undone, undone=True)
    actions.create_action_item(held, {"description": "จัดทำแผนงานปีหน้า", "owner_organization": organization})
    db.session.commit()

    entries = organization_timeline(organization)
    kinds = [entry.kind for entry in entries]

    assert kinds.count("invited") == 1
    assert kinds.count("registered") == 2
    (took_part,) = [e for e in entries if e.kind == "took_part"]
    assert "เวทีที่จัดแล้ว" in took_part.title
    assert kinds.count("action_item") == 1
    assert "changed" in kinds  # added to the directory
    assert [e.sort_key for e in entries] == sorted((e.sort_key for e in entries), reverse=True)
    # The forum of 25 October 2018 is the oldest thing that happened, so its attendance comes last.
    assert entries[-1].kind == "took_part"


def test_timeline_on_the_organization_page(client, login_as, organization, create_forum):
    login_as("organizer")
    forum = create_forum(status="open", title="เวทีเครือข่ายประจำปี")
    invitations.invite_organizations(forum, [organization])
    db.session.commit()

    page = client.get(f"/directory/{organization.id}").get_data(as_text=True)

    assert 'data-testid="organization-timeline"' in page
    assert "เวทีเครือข่ายประจำปี" in page
    assert f'href="/forums/{forum.id}"' in page
