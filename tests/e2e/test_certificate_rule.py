"""The certificate rule on the forum's edit form, on a phone."""

from datetime import datetime

from app.auth.models import Role
from app.extensions import db
from app.forums.models import CertificateRule, Forum
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_fits, log_in


def test_an_organizer_asks_for_every_day_of_a_training_on_a_phone(
    live_server, phone, create_user, create_forum, screenshot
):
    forum = create_forum(
        kind="training", starts_at=datetime(2018, 10, 24, 2, 0), ends_at=datetime(2018, 10, 26, 9, 0)
    )
    user = create_user(Role.ORGANIZER)
    log_in(phone, live_server, user.email, PASSWORD)
    phone.goto(f"{live_server}/forums/{forum.id}/edit")
    rule = phone.get_by_test_id("certificate-rule")
    rule.scroll_into_view_if_needed()
    assert rule.is_visible() and phone.is_checked("input[value=any_day]")
    screenshot(phone, "certificate-rule-form-phone")
    screenshot(phone, "certificate-rule-field-phone", full_page=False)
    assert_fits(phone)
    phone.get_by_label("มอบให้เฉพาะผู้ที่เช็กอินครบทุกวันของเวที").check()
    phone.get_by_test_id("save-forum").click()
    phone.wait_for_url(f"{live_server}/forums/{forum.id}")
    db.session.expire_all()
    assert db.session.get(Forum, forum.id).certificate_rule == CertificateRule.EVERY_DAY
