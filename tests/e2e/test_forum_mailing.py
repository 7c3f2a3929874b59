"""Sending invitations by e-mail in a real browser: the button, the progress, who was not reached."""

# ruff: noqa: F811  (the fixtures imported from tests/forums/conftest.py are parameters here)

from app.auth.models import Role
from tests.conftest import PASSWORD, wait_for_background_jobs
from tests.e2e.conftest import assert_fits, log_in
from tests.forums.conftest import invited, smtp  # noqa: F401 (fixtures)


def test_send_invitations_by_e_mail_and_see_who_was_not_reached(
    live_server,
    phone,
    desktop,
    screenshot,
    create_user,
    smtp,
    forum,
    invited,
):
    user = create_user(Role.ORGANIZER, name="สมศรี ใจดี")
    log_in(desktop, live_server, user.email, PASSWORD)
    desktop.goto(f"{live_server}/forums/{forum.id}/invitations")
    screenshot(desktop, "forum-email-invitations-desktop")
    desktop.click("[data-testid=email-all]")
    desktop.locator("[data-job-field=status_label]").filter(has_text="เสร็จแล้ว").wait_for(timeout=30000)
    wait_for_background_jobs()
    desktop.reload()
    rows = desktop.locator("[data-testid=unreached-row]")
    assert rows.count() == 2
    screenshot(desktop, "forum-mailing-desktop")
    assert len(smtp.received) == 2

    log_in(phone, live_server, user.email, PASSWORD)
    phone.goto(desktop.url)
    screenshot(phone, "forum-mailing-phone")
    assert_fits(phone)
    phone.goto(f"{live_server}/forums/{forum.id}/invitations")
    assert_fits(phone)
    screenshot(phone, "forum-email-invitations-phone")
