"""The history on the organization's page, as a person reads it."""

from datetime import date, timedelta

from app.auth.models import Role
from app.directory import history, merging, service
from app.directory.models import ChangeSource, LegalForm, OrganizationKind, OrganizationStatus
from app.extensions import db


def history_html(client, organization, **query):
    page = client.get(f"/directory/{organization.id}", query_string=query).get_data(as_text=True)
    return page[page.index('id="history"') :]


def test_fields_and_values_are_shown_as_thai_labels_and_dates(client, login_as, create_user, organization):
    staff = create_user(Role.ORGANIZER, name="นางวิไล ทองดี")
    service.update_organization(
        organization,
        {
            "kind": OrganizationKind.COMMUNITY_WELFARE,
            "status": OrganizationStatus.INACTIVE,
            "legal_form": LegalForm.ASSOCIATION,
            "fields_of_work": ["education", "justice"],
            "target_groups": ["elderly"],
            "certified_on": date(2018, 10, 25),
            "district_code": "6502",
        },
        staff,
    )
    db.session.commit()
    login_as(Role.ORGANIZER)
    page = history_html(client, organization)
    for text in (
        "นางวิไล ทองดี",
        "ประเภท",
        "องค์กรสาธารณประโยชน์",  # old kind, struck through
        "องค์กรสวัสดิการชุมชน",
        "สถานะ",
        "ไม่ได้ดำเนินการ",
        "สาขาที่ดำเนินงาน",
        "การศึกษา",
        "กลุ่มเป้าหมาย",
        "25 ตุลาคม 2561",
        "เมืองพิษณุโลก",
    ):
        assert text in page, text
    for raw in ("community_welfare", "inactive", "justice", "elderly", "2018-10-25", "6502", "district_code"):
        assert raw not in page, raw


def test_who_and_how_each_change_came(client, login_as, create_user, organization):
    staff = create_user(Role.ORGANIZER, name="นายนำเข้า ข้อมูล")
    service.update_organization(organization, {"phone": "055-111111"}, staff, ChangeSource.IMPORT)
    service.self_update(organization, {"line_id": "@org"})
    db.session.commit()
    login_as(Role.ORGANIZER)
    page = history_html(client, organization)
    assert "องค์กรแจ้งเอง" in page and "ผ่านลิงก์ขององค์กร" in page
    assert "นายนำเข้า ข้อมูล" in page and "นำเข้าข้อมูล" in page
    # Newest first: the self-update before the import, the creation last.
    assert page.index("@org") < page.index("055-111111") < page.index("เพิ่มเข้าทำเนียบเครือข่าย")


def test_one_save_is_one_event(organization, create_user):
    staff = create_user(Role.ORGANIZER)
    service.update_organization(organization, {"phone": "1", "email": "a@example.org", "line_id": "x"}, staff)
    events = history.history_events(organization)
    assert len(events) == 2
    assert [item.field for item in events[0].items] == ["phone", "email", "line_id"]
    assert events[1].is_creation and not events[0].is_creation


def test_long_histories_are_paged(client, login_as, organization, create_user):
    staff = create_user(Role.ORGANIZER)
    for change in organization.changes:
        change.changed_at -= timedelta(hours=1)
    for n in range(24):
        service.update_organization(organization, {"phone": f"055-{n:06d}"}, staff)
        # Saves minutes apart are separate events.
        for change in organization.changes:
            if change.new_value == f"055-{n:06d}":
                change.changed_at -= timedelta(minutes=24 - n)
    db.session.commit()
    login_as(Role.ORGANIZER)
    first = history_html(client, organization)
    assert first.count('data-testid="history-event"') == history.PER_PAGE
    assert "055-000023" in first and "หน้า 1 จาก 3" in first and "history_page=2" in first
    last = history_html(client, organization, history_page=3)
    assert last.count('data-testid="history-event"') == 5
    assert "เพิ่มเข้าทำเนียบเครือข่าย" in last and "055-000023" not in last
    assert "history_page=2" in last
    assert history_html(client, organization, history_page=99).count('data-testid="history-event"') == 5


def test_dates_are_gregorian_in_english(client, login_as, organization):
    service.update_organization(organization, {"certified_on": date(2018, 10, 25)})
    db.session.commit()
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    page = history_html(client, organization)
    assert "October 25, 2018" in page and "Certified on" in page


def test_a_merge_names_the_duplicate_with_its_certificate(
    app, organization, create_organization, create_user
):
    staff = create_user(Role.ORGANIZER)
    duplicate = create_organization(name="มูลนิธิซ้ำ", certification_no="พล 99/2561")
    duplicate_id = duplicate.id
    merging.merge_organizations(organization, duplicate, staff)
    db.session.commit()
    (event,) = [e for e in history.history_events(organization) if e.source == ChangeSource.MERGE]
    with app.test_request_context():
        assert event.who == staff.display_name and str(event.mark) == "รวมข้อมูล"
        (item,) = [i for i in event.items if i.field == "merged"]
        assert item.label == "รวมรายการซ้ำเข้ากับองค์กรนี้"
        assert item.new == f"มูลนิธิซ้ำ (รหัส {duplicate_id} เลขที่หนังสือรับรอง พล 99/2561)"
