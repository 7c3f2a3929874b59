from datetime import date

import pytest

from app.auth.models import Role
from app.directory import service
from app.directory.history import display_value, history_entries
from app.directory.models import ChangeSource, OrganizationStatus


@pytest.fixture
def thai_request(app):
    with app.test_request_context():
        yield


def test_each_save_is_one_entry_and_the_first_one_added_the_organization(
    thai_request, organization, create_user
):
    staff = create_user(Role.ORGANIZER, name="นางสาวพิมพ์ชนก แก้วประเสริฐ")
    service.update_organization(
        organization, {"status": OrganizationStatus.INACTIVE, "phone": "055-999999"}, staff
    )
    service.confirm_organization(organization, source=ChangeSource.SELF_UPDATE, today=date(2026, 1, 5))

    confirmed, edited, created = history_entries(organization)
    assert confirmed.by_the_organization and confirmed.user is None
    assert [(c.label, c.new) for c in confirmed.changes] == [("ยืนยันข้อมูลล่าสุด", "5 มกราคม 2569")]
    assert edited.user == staff and not edited.created
    assert [(c.label, c.old, c.new) for c in edited.changes] == [
        ("สถานะ", "ดำเนินการอยู่", "ไม่ได้ดำเนินการ"),
        ("โทรศัพท์", "055-123456", "055-999999"),
    ]
    assert created.created and not confirmed.created


def test_stored_codes_are_shown_in_words(thai_request):
    assert display_value("kind", "community_welfare") == "องค์กรสวัสดิการชุมชน"
    assert display_value("fields_of_work", "health, education") == "สุขภาพอนามัย, การศึกษา"
    assert display_value("district_code", "6508") == "วังทอง"
    assert display_value("certified_on", "2018-10-25") == "25 ตุลาคม 2561"
    assert display_value("phone", "055-123456") == "055-123456"
    assert display_value("kind", "") == ""
