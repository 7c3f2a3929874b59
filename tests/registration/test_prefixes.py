"""The title (คำนำหน้า): the same list on every form, nothing chosen beforehand, "other" typed."""

import re

import pytest

from app.checkin.forms import WalkInForm
from app.registration.forms import PublicRegistrationForm, StaffRegistrationForm, form_for
from tests.registration.test_public_views import count, form

TITLES = ["นาย", "นาง", "นางสาว", "ดร.", "other"]


@pytest.mark.parametrize("form_class", [PublicRegistrationForm, StaffRegistrationForm, WalkInForm])
def test_every_form_offers_the_same_titles_and_chooses_none(app, form_class):
    with app.test_request_context():
        prefix = form_for(form_class, [], meta={"csrf": False}).prefix
        assert [value for value, _label, *_ in prefix.iter_choices() if value] == TITLES
        assert not any(selected for _value, _label, selected, *_ in prefix.iter_choices() if _value)


def test_the_public_form_has_no_title_ticked(client, forum):
    page = client.get(f"/f/{forum.public_code}/register").get_data(as_text=True)
    radios = re.findall(r'<input[^>]*name="prefix"[^>]*>', page)
    assert [re.search(r'value="([^"]*)"', r).group(1) for r in radios] == TITLES
    assert not [r for r in radios if "checked" in r]


def test_no_title_chosen_is_asked_for_and_nothing_is_saved(client, forum):
    response = client.post(f"/f/{forum.public_code}/register", data=form(prefix=""))
    assert response.status_code == 422 and "เลือกคำนำหน้า" in response.get_data(as_text=True)
    assert count() == 0


def test_other_needs_the_title_typed(client, forum):
    response = client.post(f"/f/{forum.public_code}/register", data=form(prefix="other", prefix_other=" "))
    assert response.status_code == 422 and count() == 0
    response = client.post(
        f"/f/{forum.public_code}/register", data=form(prefix="other", prefix_other="ว่าที่ร้อยตรี")
    )
    assert response.status_code == 302 and count() == 1
