"""A new organizer plans the Phitsanulok forum of 25 October 2561 and invites the 134 certified organizations;
what participants see of an open forum."""

from datetime import UTC, datetime

import pytest
import time_machine

from app.auth.models import Role
from app.directory import service as directory_service
from app.directory.models import OrganizationKind, OrganizationStatus
from app.extensions import db
from app.forums.models import Forum, InvitationStatus
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, assert_fits, log_in

TITLE = "เวทีสมัชชาองค์กรสาธารณประโยชน์และองค์กรสวัสดิการชุมชน จังหวัดพิษณุโลก ประจำปี 2562"
DISTRICTS = ("6501", "6502", "6503", "6504", "6505", "6506", "6507", "6508", "6509")


@pytest.fixture
def phitsanulok_network():
    """42 certified public-benefit and 92 community welfare organizations, and some not to invite."""

    def add(name, kind, number, status=OrganizationStatus.ACTIVE):
        directory_service.create_organization(
            {
                "name": name,
                "kind": kind,
                "status": status,
                "province_code": "65",
                "district_code": DISTRICTS[number % len(DISTRICTS)],
            }
        )

    for n in range(42):
        add(f"มูลนิธิเพื่อการพัฒนาสังคม แห่งที่ {n + 1}", OrganizationKind.PUBLIC_BENEFIT, n)
    for n in range(92):
        add(f"กองทุนสวัสดิการชุมชนตำบล แห่งที่ {n + 1}", OrganizationKind.COMMUNITY_WELFARE, n)
    for n in range(5):
        add(f"องค์การบริหารส่วนตำบล แห่งที่ {n + 1}", OrganizationKind.LOCAL_GOVERNMENT, n)
    for n in range(3):
        add(f"สมาคมที่ถูกเพิกถอน แห่งที่ {n + 1}", OrganizationKind.PUBLIC_BENEFIT, n, OrganizationStatus.REVOKED)
    db.session.commit()


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_new_organizer_plans_the_phitsanulok_forum_and_invites_134_organizations(
    request, live_server, create_user, phitsanulok_network, screenshot, device
):
    page = request.getfixturevalue(device)
    user = create_user(Role.ORGANIZER, name="นางสาวพิมพ์ใจ ผู้จัด")
    # The office's clock (the server runs in this process) at 1 October 2561: the forum is weeks ahead.
    with time_machine.travel(datetime(2018, 10, 1, 3, 0, tzinfo=UTC), tick=True):
        plan_and_invite(page, live_server, user, screenshot, device)


def plan_and_invite(page, live_server, user, screenshot, device):
    log_in(page, live_server, user.email, PASSWORD)

    # Home says what needs doing: no forum yet, and a directory nobody has confirmed.
    page.wait_for_url(f"{live_server}/")
    assert "139 องค์กร" in page.inner_text("[data-testid=todo-stale]")
    assert_accessible(page)
    screenshot(page, f"forums-1-home-{device}")
    page.click("[data-testid=new-forum]")
    # Loaded, so the page's script that writes the Buddhist-era date listens before the date is typed.
    page.wait_for_url(f"{live_server}/forums/new")

    # The planning form: the browser's Gregorian date widget, the Buddhist-era date shown beside it.
    page.fill("#title", TITLE)
    page.fill("#starts_on", "2018-10-25")
    assert page.inner_text("[data-be-date-for=starts_on]") == "วันพฤหัสบดีที่ 25 ตุลาคม 2561"
    page.fill("#starts_time", "10:00")
    page.fill("#ends_time", "16:00")
    page.fill("#venue_name", "โรงแรมเรือนแพ รอยัล ปาร์ค")
    page.fill("#venue_address", "83/1 ถนนวังจันทน์ ตำบลในเมือง อำเภอเมืองพิษณุโลก จังหวัดพิษณุโลก 65000")
    page.fill("#capacity", "110")
    page.fill("#seats_per_organization", "1")
    page.check("input[name=target_kinds][value=public_benefit]")
    page.check("input[name=target_kinds][value=community_welfare]")
    page.fill("#letter_number", "123")  # the invitation letter's circular number (ที่ …/ว 123)
    assert_fits(page)
    assert_accessible(page)
    screenshot(page, f"forums-2-form-{device}")
    page.click("[data-testid=save-forum]")

    # The forum page: a draft, with the date in the Buddhist era and the next steps in view.
    page.wait_for_selector("[data-testid=section-missing]")
    assert (
        page.inner_text("[data-testid=forum-when]").strip() == "วันพฤหัสบดีที่ 25 ตุลาคม 2561 เวลา 10.00–16.00 น."
    )
    page.fill("[data-testid=agenda-form] input[name=start_time]", "10:00")
    page.fill("[data-testid=agenda-form] input[name=end_time]", "10:30")
    page.fill("[data-testid=agenda-form] input[name=title]", "พิธีเปิดและบรรยายพิเศษ")
    page.fill("[data-testid=agenda-form] input[name=speaker]", "ผู้ว่าราชการจังหวัดพิษณุโลก")
    page.select_option("[data-testid=agenda-form] select[name=speaker_role]", "chair")
    page.click("[data-testid=agenda-form] button[type=submit]")
    page.wait_for_selector("[data-testid=agenda-row]")
    page.fill("[data-testid=agenda-form] input[name=start_time]", "10:30")
    page.fill("[data-testid=agenda-form] input[name=title]", "ถอดบทเรียนการทำงานเครือข่าย")
    page.click("[data-testid=agenda-form] button[type=submit]")
    page.wait_for_function("document.querySelectorAll('[data-testid=agenda-row]').length === 2")
    assert_fits(page)
    assert_accessible(page)
    screenshot(page, f"forums-3-draft-page-{device}")

    # Inviting: the chooser starts from the forum's kinds and has every one of them ticked.
    page.click("[data-testid=invite-organizations]")
    assert "พบ 134 องค์กร" in page.inner_text("[data-testid=found-count]")
    assert page.inner_text("[data-testid=chosen-count]") == "134"
    assert page.inner_text("[data-testid=invite-button]").strip() == "เชิญ 134 องค์กร"
    assert page.input_value("#seats") == "1"
    assert_fits(page)
    screenshot(page, f"forums-4-choose-{device}")
    # 134 seats for 110: the chooser says so as soon as the boxes are ticked, and asks again.
    assert "134" in page.inner_text("[data-over-seats]")
    page.evaluate("window.scrollTo(0, 1500)")  # halfway down the list the invite bar stays in view
    screenshot(page, f"forums-4b-choose-scrolled-{device}", full_page=False)
    page.click("[data-testid=invite-button]")
    warning = page.wait_for_selector("[data-testid=over-seats-warning]")
    assert "134" in warning.inner_text() and "110" in warning.inner_text()
    assert_accessible(page)
    page.click("[data-testid=invite-button]")

    # The invitations: 134 rows, one seat each, and a warning that the links work once the forum is open.
    page.wait_for_selector("[data-testid=draft-warning]")
    assert page.locator("[data-testid=invitation-row]").count() == 134
    assert "เชิญแล้ว 134 องค์กร" in page.inner_text("main")
    assert_fits(page)
    screenshot(page, f"forums-5-invitations-{device}")
    page.get_by_role("link", name="ไปที่หน้าเวทีเพื่อเปิด").click()

    page.click("[data-testid=action-open]")
    page.wait_for_selector("[data-testid=forum-status][data-status=open]")
    assert page.inner_text("[data-testid=count-invited]") == "134"
    public_url = page.input_value("[data-testid=public-url]")
    screenshot(page, f"forums-6-open-page-{device}")

    forum = db.session.scalars(db.select(Forum)).one()
    assert (forum.capacity, forum.starts_at.isoformat()) == (110, "2018-10-25T03:00:00")
    invited = forum.invitations
    assert len(invited) == 134 and {i.seats for i in invited} == {1}
    assert {i.organization.kind for i in invited} == {
        OrganizationKind.PUBLIC_BENEFIT,
        OrganizationKind.COMMUNITY_WELFARE,
    }
    assert {i.status for i in invited} == {InvitationStatus.NOT_SENT}

    # What participants see: the public page and an organization's own invitation.
    page.goto(public_url)
    assert page.inner_text("[data-testid=public-when]") == "วันพฤหัสบดีที่ 25 ตุลาคม 2561 เวลา 10.00–16.00 น."
    assert page.locator("[data-testid=agenda-item]").count() == 2
    assert_fits(page)
    screenshot(page, f"forums-7-public-{device}")
    page.goto(f"{live_server}/i/{invited[0].token}")
    assert invited[0].organization.name in page.inner_text("[data-testid=invited-organization]")
    assert_fits(page)
    screenshot(page, f"forums-8-invitation-{device}")


def test_participant_sees_an_open_forum_and_the_organizer_copies_a_line_message(
    live_server, phone, desktop, create_user, forum, organization, screenshot
):
    from datetime import time

    from app.forums import agenda, invitations

    agenda.add_agenda_item(forum, {"start_time": time(10), "end_time": time(12), "title": "เสวนาเครือข่าย"})
    invitation = invitations.invite_organizations(forum, [organization], seats=2)[0]
    db.session.commit()

    phone.goto(f"{live_server}/f/{forum.public_code}")
    assert phone.inner_text("[data-testid=seats-left]") == "เหลือ 110 ที่นั่ง"
    assert phone.get_attribute("[data-testid=register-button]", "href") == f"/f/{forum.public_code}/register"
    assert_fits(phone)
    screenshot(phone, "forums-9-public-open-phone")
    phone.goto(f"{live_server}/i/{invitation.token}")
    phone.click("[data-testid=decline] summary")
    assert_fits(phone)
    screenshot(phone, "forums-10-invitation-open-phone")

    user = create_user(Role.ORGANIZER)
    desktop.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    log_in(desktop, live_server, user.email, PASSWORD)
    desktop.wait_for_url(f"{live_server}/")
    screenshot(desktop, "forums-11-list-desktop")
    desktop.goto(f"{live_server}/forums/{forum.id}/invitations")
    desktop.click("[data-testid=copy-link]")
    desktop.wait_for_selector("[data-testid=copy-link].btn-success")
    copied = desktop.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f"ขอเรียนเชิญ {organization.name} เข้าร่วม")
    assert copied.endswith(f"{live_server}/i/{invitation.token}") and "(จำนวน 2 ที่นั่ง)" in copied
