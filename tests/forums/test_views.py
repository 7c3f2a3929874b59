import re
from datetime import date, datetime, time

from app.auth.models import Role
from app.extensions import db
from app.forums import agenda
from app.forums import invitations as inv
from app.forums.models import CertificateRule, Forum, ForumStatus, InvitationStatus
from tests.clock import ORDINARY_DAY, at_every_pinned_moment

FORM = {
    "title": "เวทีสมัชชาองค์กรสวัสดิการชุมชน จังหวัดพิษณุโลก",
    "kind": "forum",
    "starts_on": "2018-10-25",
    "starts_time": "10:00",
    "ends_time": "16:00",
    "venue_name": "โรงแรมเรือนแพ รอยัล ปาร์ค",
    "capacity": "110",
    "seats_per_organization": "1",
    "target_kinds": ["public_benefit", "community_welfare"],
}


def only_forum():
    return db.session.scalars(db.select(Forum)).one()


def test_home_tells_staff_what_needs_doing(client, login_as):
    login_as(Role.ORGANIZER)
    page = client.get("/").get_data(as_text=True)
    assert 'data-testid="nothing-to-do"' in page and 'href="/forums/"' in page


def test_empty_list_invites_to_plan_the_first_forum(client, login_as):
    login_as(Role.ORGANIZER)
    page = client.get("/forums/").get_data(as_text=True)
    assert "วางแผนเวทีแรก" in page and 'href="/forums/new"' in page


def test_plan_a_forum_with_the_form_in_bangkok_time(client, login_as):
    user = login_as(Role.ORGANIZER)
    response = client.post("/forums/new", data={**FORM, "organizers": [str(user.id)]})
    forum = only_forum()
    assert response.headers["Location"] == f"/forums/{forum.id}"
    assert (forum.starts_at, forum.ends_at) == (datetime(2018, 10, 25, 3, 0), datetime(2018, 10, 25, 9, 0))
    assert forum.status == ForumStatus.DRAFT and forum.organizers == [user]
    assert forum.target_kinds == ["public_benefit", "community_welfare"]
    page = client.get(f"/forums/{forum.id}").get_data(as_text=True)
    assert "วันพฤหัสบดีที่ 25 ตุลาคม 2561 เวลา 10.00–16.00 น." in page
    assert "ปีงบประมาณ 2562" in page and 'data-testid="section-missing"' in page


def test_a_buddhist_era_year_typed_into_the_date_is_understood(client, login_as):
    login_as(Role.ORGANIZER)
    client.post("/forums/new", data={**FORM, "starts_on": "2561-10-25"})
    assert only_forum().starts_at == datetime(2018, 10, 25, 3, 0)


def test_form_shows_the_rule_that_was_broken(client, login_as):
    login_as(Role.ORGANIZER)
    response = client.post("/forums/new", data={**FORM, "ends_time": "09:00", "map_url": "maps"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "เวลาสิ้นสุดของเวทีต้องอยู่หลังเวลาเริ่ม" in page
    assert "ลิงก์แผนที่ต้องเป็นที่อยู่เว็บ" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Forum)) == 0


def test_edit_shows_bangkok_times_and_the_be_date(client, login_as, create_forum):
    forum = create_forum()
    login_as(Role.ORGANIZER)
    page = client.get(f"/forums/{forum.id}/edit").get_data(as_text=True)
    assert 'value="2018-10-25"' in page and 'value="10:00"' in page
    assert "วันพฤหัสบดีที่ 25 ตุลาคม 2561" in page


def test_the_letters_reference_is_set_beside_its_number_and_can_be_emptied(client, login_as, create_forum):
    forum = create_forum()
    login_as(Role.ORGANIZER)
    reference = "หนังสือจังหวัดพิษณุโลก ที่ พล ๐๐๒๓/ว ๔๕๖ ลงวันที่ ๑ ตุลาคม ๒๕๖๑"
    edit = f"/forums/{forum.id}/edit"

    client.post(edit, data={**FORM, "letter_number": "123", "letter_reference": f"  {reference} "})
    assert (forum.letter_number, forum.letter_reference) == (123, reference)
    page = client.get(edit).get_data(as_text=True)
    assert "อ้างถึง (หนังสือเชิญ)" in page and f'value="{reference}"' in page

    refused = client.post(edit, data={**FORM, "letter_reference": "ก" * 301})
    assert refused.status_code == 200 and forum.letter_reference == reference
    client.post(edit, data={**FORM, "letter_reference": ""})
    assert forum.letter_reference == ""


def _chosen_rule(page):
    [value] = re.findall(r'<input checked [^>]*name="certificate_rule" [^>]*value="(\w+)"', page)
    return value


def test_the_certificate_rule_is_chosen_in_the_form_and_kept_on_clone(client, login_as, create_forum):
    forum = create_forum(ends_at=datetime(2018, 10, 27, 9, 0))
    assert forum.certificate_rule == CertificateRule.ANY_DAY
    login_as(Role.ORGANIZER)
    page = client.get(f"/forums/{forum.id}/edit").get_data(as_text=True)
    assert _chosen_rule(page) == "any_day" and "เช็กอินครบทุกวันของเวที" in page
    form = {**FORM, "ends_on": "2018-10-27", "certificate_rule": "every_day"}
    assert client.post(f"/forums/{forum.id}/edit", data=form).status_code == 302
    forum = db.session.get(Forum, forum.id)
    assert forum.certificate_rule == CertificateRule.EVERY_DAY
    assert _chosen_rule(client.get(f"/forums/{forum.id}/edit").get_data(as_text=True)) == "every_day"
    refused = client.post(f"/forums/{forum.id}/edit", data={**form, "certificate_rule": "half"})
    assert refused.status_code == 200 and db.session.get(Forum, forum.id).certificate_rule == "every_day"
    copy = client.post(f"/forums/{forum.id}/clone")
    assert db.session.get(Forum, int(copy.headers["Location"].split("/")[2])).certificate_rule == "every_day"


def test_list_groups_by_fiscal_year_with_counts(client, login_as, create_forum, organization):
    forum = create_forum(title="เวทีปี 62", status="open")
    create_forum(
        title="เวทีปี 61", status="finished", starts_at=datetime(2018, 5, 1, 2), ends_at=datetime(2018, 5, 1, 9)
    )
    inv.invite_organizations(forum, [organization])
    db.session.commit()
    login_as(Role.ORGANIZER)
    page = client.get("/forums/?when=all").get_data(as_text=True)
    groups = page[page.index('<h2 class="h6 text-muted mt-3">') :]
    assert (
        groups.index("ปีงบประมาณ 2562")
        < groups.index("เวทีปี 62")
        < groups.index("ปีงบประมาณ 2561")
        < groups.index("เวทีปี 61")
    )
    assert 'data-testid="count-invited">1<' in page
    only_61 = client.get("/forums/?when=all&fy=2561").get_data(as_text=True)
    assert "เวทีปี 61" in only_61 and "เวทีปี 62" not in only_61


#: The fiscal year (BE) current on the Bangkok days of the pinned moments: it turns at midnight on
#: 1 October in Bangkok, not at the Buddhist year's turn, and not at UTC's midnight.
CURRENT_FISCAL_YEAR = {ORDINARY_DAY: 2569, date(2026, 9, 30): 2569, date(2026, 12, 31): 2570}


@at_every_pinned_moment
def test_the_fiscal_year_choice_offers_the_current_year_with_no_forum_in_it(client, login_as, clock):
    login_as(Role.ORGANIZER)
    page = client.get("/forums/?when=all").get_data(as_text=True)
    offered = [int(year) for year in re.findall(r'<option value="(\d{4})"', page)]
    assert offered == [CURRENT_FISCAL_YEAR[clock.today]]


def test_status_buttons_move_the_forum_or_say_why_not(client, login_as, create_forum):
    forum = create_forum()
    login_as(Role.ORGANIZER)
    response = client.post(f"/forums/{forum.id}/status", data={"action": "open"}, follow_redirects=True)
    assert "เปิดเวทีแล้ว" in response.get_data(as_text=True)
    assert db.session.get(Forum, forum.id).status == ForumStatus.OPEN
    client.post(f"/forums/{forum.id}/status", data={"action": "finish"})
    response = client.post(f"/forums/{forum.id}/status", data={"action": "close"}, follow_redirects=True)
    assert "เปลี่ยนเป็น" in response.get_data(as_text=True)
    assert db.session.get(Forum, forum.id).status == ForumStatus.FINISHED
    assert client.post(f"/forums/{forum.id}/status", data={"action": "explode"}).status_code == 400


def test_cancel_page_lists_who_has_no_e_mail_and_cancels(client, login_as, forum, create_organization):
    reachable = create_organization(name="มีอีเมล", email="a@example.org")
    unreachable = create_organization(name="ไม่มีอีเมล", phone="055-000000")
    inv.mark_sent(inv.invite_organizations(forum, [reachable, unreachable]), "letter")
    db.session.commit()
    login_as(Role.ORGANIZER)
    page = client.get(f"/forums/{forum.id}/cancel").get_data(as_text=True)
    assert "<li>ไม่มีอีเมล · 055-000000</li>" in page and "<li>มีอีเมล" not in page
    client.post(f"/forums/{forum.id}/cancel", data={"reason": "พายุเข้า"})
    forum = db.session.get(Forum, forum.id)
    assert forum.status == ForumStatus.CANCELLED and forum.cancel_reason == "พายุเข้า"
    page = client.get(f"/forums/{forum.id}").get_data(as_text=True)
    assert "พายุเข้า" in page and 'data-testid="unreachable"' in page


def test_postpone_through_the_page(client, login_as, forum):
    login_as(Role.ORGANIZER)
    old = forum.starts_at
    response = client.post(
        f"/forums/{forum.id}/postpone",
        data={"starts_on": "2031-01-15", "starts_time": "09:00", "ends_time": "12:00", "reason": "ติดเลือกตั้ง"},
    )
    assert response.status_code == 302
    forum = db.session.get(Forum, forum.id)
    assert forum.starts_at == datetime(2031, 1, 15, 2, 0) and forum.postponed_from == old
    page = client.get(f"/f/{forum.public_code}").get_data(as_text=True)
    assert "วันพุธที่ 15 มกราคม 2574" in page and 'data-testid="postponed-banner"' in page


def test_agenda_through_the_forum_page(client, login_as, forum):
    login_as(Role.ORGANIZER)
    client.post(f"/forums/{forum.id}/agenda", data={"day": "1", "start_time": "13:00", "title": "สรุปผล"})
    client.post(
        f"/forums/{forum.id}/agenda",
        data={
            "day": "1",
            "start_time": "10:00",
            "end_time": "10:30",
            "title": "พิธีเปิด",
            "speaker": "นายก",
            "speaker_role": "chair",
        },
    )
    items = db.session.get(Forum, forum.id).agenda
    assert [i.title for i in items] == ["พิธีเปิด", "สรุปผล"]
    client.post(f"/forums/{forum.id}/agenda/{items[1].id}/move", data={"direction": "up"})
    assert [i.title for i in db.session.get(Forum, forum.id).agenda] == ["สรุปผล", "พิธีเปิด"]
    item = db.session.get(Forum, forum.id).agenda[0]
    client.post(
        f"/forums/{forum.id}/agenda/{item.id}",
        data={"day": "1", "start_time": "15:00", "title": "ปิดงาน", "speaker_role": ""},
    )
    assert db.session.get(type(item), item.id).start_time == time(15)
    bad = client.post(
        f"/forums/{forum.id}/agenda",
        data={"day": "1", "start_time": "11:00", "end_time": "10:00", "title": "x"},
    )
    assert bad.status_code == 422 and "เวลาสิ้นสุดต้องอยู่หลังเวลาเริ่ม" in bad.get_data(as_text=True)
    client.post(f"/forums/{forum.id}/agenda/{item.id}/delete")
    assert [i.title for i in db.session.get(Forum, forum.id).agenda] == ["พิธีเปิด"]
    page = client.get(f"/forums/{forum.id}").get_data(as_text=True)
    assert "พิธีเปิด" in page and "นายก" in page


def test_agenda_item_of_another_forum_is_not_found(client, login_as, forum, create_forum):
    other = create_forum()
    item = agenda.add_agenda_item(other, {"start_time": time(9), "title": "x"})
    db.session.commit()
    login_as(Role.ORGANIZER)
    assert client.get(f"/forums/{forum.id}/agenda/{item.id}").status_code == 404


def test_clone_opens_the_copy_to_set_its_date(client, login_as, forum):
    login_as(Role.ORGANIZER)
    response = client.post(f"/forums/{forum.id}/clone")
    copy = db.session.scalars(db.select(Forum).where(Forum.id != forum.id)).one()
    assert response.headers["Location"] == f"/forums/{copy.id}/edit"
    assert copy.status == ForumStatus.DRAFT


def test_chooser_starts_from_the_forums_target_kinds_and_invites(
    client, login_as, create_forum, create_organization
):
    forum = create_forum(target_kinds=["community_welfare"], seats_per_organization=2)
    wanted = [create_organization(name=f"กองทุน {i}", kind="community_welfare") for i in range(3)]
    create_organization(name="อบต. อื่น", kind="local_government")
    login_as(Role.ORGANIZER)
    page = client.get(f"/forums/{forum.id}/invitations/new").get_data(as_text=True)
    assert "พบ 3 องค์กร" in page and "อบต. อื่น" not in page and "เชิญ 3 องค์กร" in page
    response = client.post(
        f"/forums/{forum.id}/invitations/new?filtered=1&kind=community_welfare",
        data={"organization_ids": [str(o.id) for o in wanted[:2]], "seats": "2"},
        follow_redirects=True,
    )
    assert "เชิญแล้ว 2 องค์กร" in response.get_data(as_text=True)
    assert sorted(i.organization.name for i in db.session.get(Forum, forum.id).invitations) == [
        "กองทุน 0",
        "กองทุน 1",
    ]
    page = client.get(f"/forums/{forum.id}/invitations/new").get_data(as_text=True)
    assert "เชิญแล้ว 2 แห่ง" in page and "เชิญ 1 องค์กร" in page


def test_chooser_refuses_a_quota_above_the_capacity(client, login_as, create_forum, organization):
    forum = create_forum(capacity=5)
    login_as(Role.ORGANIZER)
    response = client.post(
        f"/forums/{forum.id}/invitations/new", data={"organization_ids": [str(organization.id)], "seats": "9"}
    )
    assert response.status_code == 200 and "องค์กรหนึ่งมีที่นั่งเกินจำนวนที่นั่งของเวที (5)" in response.get_data(
        as_text=True
    )
    assert db.session.get(Forum, forum.id).invitations == []


def test_invitations_table_bulk_actions(client, login_as, forum, create_organization):
    a, b, c = inv.invite_organizations(forum, [create_organization(name=n) for n in ("ก", "ข", "ค")])
    db.session.commit()
    login_as(Role.ORGANIZER)
    page = client.get(f"/forums/{forum.id}/invitations").get_data(as_text=True)
    assert page.count('data-testid="invitation-row"') == 3
    assert f"http://localhost/i/{a.token}" in page  # the link to copy for LINE

    def bulk(action, ids, **extra):
        data = {"action": action, "invitation_ids": [str(i.id) for i in ids], **extra}
        return client.post(f"/forums/{forum.id}/invitations/bulk", data=data, follow_redirects=True).get_data(
            as_text=True
        )

    assert "เปลี่ยนจำนวนที่นั่งแล้ว 1 รายการ" in bulk("quota", [b], seats="3")
    assert "บันทึกว่าส่งแล้ว 2 รายการ" in bulk("sent", [a, b], channel="letter")
    assert "บันทึกการเตือนแล้ว 1 รายการ" in bulk("reminder", [a, c], channel="phone")
    assert "นำออกแล้ว 1 รายการ" in bulk("remove", [a, c])
    assert "กรุณาเลือกรายการเชิญก่อน" in bulk("sent", [])
    rows = {i.organization.name: i for i in db.session.get(Forum, forum.id).invitations}
    assert set(rows) == {"ก", "ข"}
    assert (
        rows["ข"].seats == 3 and rows["ก"].status == InvitationStatus.SENT and len(rows["ก"].reminders) == 1
    )


def test_marking_sent_before_the_forum_is_open_is_refused(client, login_as, create_forum, organization):
    forum = create_forum()
    invitation = inv.invite_organizations(forum, [organization])[0]
    db.session.commit()
    login_as(Role.ORGANIZER)
    page = client.get(f"/forums/{forum.id}/invitations").get_data(as_text=True)
    assert 'data-testid="draft-warning"' in page
    response = client.post(
        f"/forums/{forum.id}/invitations/bulk",
        data={"action": "sent", "invitation_ids": [str(invitation.id)], "channel": "line"},
        follow_redirects=True,
    )
    assert "กรุณาเปิดเวทีก่อน" in response.get_data(as_text=True)
    assert db.session.get(type(invitation), invitation.id).status == InvitationStatus.NOT_SENT


def test_delete_a_draft(client, login_as, create_forum):
    forum = create_forum()
    login_as(Role.ORGANIZER)
    assert client.post(f"/forums/{forum.id}/delete").headers["Location"] == "/forums/"
    assert db.session.scalar(db.select(db.func.count()).select_from(Forum)) == 0
