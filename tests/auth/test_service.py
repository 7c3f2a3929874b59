import pytest

from app.auth import service
from app.auth.models import Role
from app.extensions import db


def test_created_user_without_password_gets_a_one_time_password():
    user, password = service.create_user("New@Example.org", Role.ORGANIZER)
    assert user.email == "new@example.org"
    assert user.must_change_password
    assert service.authenticate("new@example.org", password) is user


def test_duplicate_email_is_refused():
    service.create_user("a@example.org", Role.CHECKIN, password="longenough")
    with pytest.raises(service.AccountError):
        service.create_user("A@example.org", Role.ADMIN, password="longenough")


def test_short_password_is_refused():
    with pytest.raises(service.AccountError):
        service.create_user("b@example.org", Role.CHECKIN, password="short")


def test_inactive_user_cannot_authenticate(create_user):
    user = create_user(Role.ORGANIZER, active=False)
    assert service.authenticate(user.email, "correct-horse-42") is None


def test_token_is_stored_hashed_and_resolves_to_its_user(create_user):
    user = create_user(Role.CHECKIN)
    token = service.create_token(user, "scanner")
    assert token not in {t.token_hash for t in user.tokens}
    assert service.user_for_token(token) is user
    service.revoke_token(user.tokens[0])
    assert service.user_for_token(token) is None


def test_token_of_inactive_user_does_not_work(create_user):
    user = create_user(Role.ORGANIZER)
    token = service.create_token(user)
    user.active = False
    assert service.user_for_token(token) is None


def test_ensure_admin_only_once():
    user, password = service.ensure_admin("boss@example.org", None)
    db.session.commit()
    assert user.role == Role.ADMIN and password
    assert service.ensure_admin("other@example.org", "longenough") is None


def test_admin_cannot_demote_or_deactivate_themselves(create_user):
    admin = create_user(Role.ADMIN)
    with pytest.raises(service.AccountError):
        service.set_role(admin, Role.ORGANIZER, admin)
    with pytest.raises(service.AccountError):
        service.set_active(admin, False, admin)
