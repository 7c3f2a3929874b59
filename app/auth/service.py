"""Account rules: creating users, passwords, tokens."""

import hashlib
import secrets
from datetime import timedelta
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select, update

from app.auth.models import ApiToken, Role, User
from app.extensions import db
from app.timeutil import utcnow

MIN_PASSWORD_LENGTH = 8
#: How precisely a token's last use is kept.
TOKEN_USE_PRECISION = timedelta(minutes=1)


class AccountError(Exception):
    """An account change that the rules refuse."""


def find_user_by_email(email):
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def generate_password():
    """A one-time password that is easy to read out and type."""
    return secrets.token_urlsafe(9)


def create_user(email, role, password=None, name=""):
    """Add a staff account; without a password one is generated and must be changed.

    Returns the user and the password to hand over (None when it was given).
    """
    email = email.strip().lower()
    if find_user_by_email(email):
        raise AccountError(_l("A user with the e-mail %(email)s already exists.", email=email))
    role = Role(role)
    user = User(email=email, role=role, name=name.strip())
    generated = None
    if password is None:
        generated = password = generate_password()
        user.must_change_password = True
    check_password_rules(password)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user, generated


def check_password_rules(password):
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(_l("A password needs at least %(count)d characters.", count=MIN_PASSWORD_LENGTH))


def change_password(user, new_password):
    """Set the user's own new password; every session and remember-me cookie of theirs ends."""
    check_password_rules(new_password)
    user.set_password(new_password)
    user.must_change_password = False
    user.end_sessions()


def reset_password(user):
    """Give the user a new one-time password and return it; their sessions end."""
    password = generate_password()
    user.set_password(password)
    user.must_change_password = True
    user.end_sessions()
    return password


def authenticate(email, password):
    """The active user with these credentials, or None."""
    user = find_user_by_email(email or "")
    if user is None or not user.check_password(password or ""):
        return None
    if not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def ensure_admin(email=None, password=None):
    """Create the first admin when there is none; return (user, generated password) or None."""
    if db.session.scalar(select(User).where(User.role == Role.ADMIN).limit(1)):
        return None
    return create_user(email or "admin@localhost", Role.ADMIN, password=password, name="Admin")


def _hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user, name=""):
    """Make an API token for the user; the returned text is the only copy of it."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=_hash_token(token), name=name))
    db.session.flush()
    return token


def revoke_token(token_row):
    token_row.revoked_at = utcnow()


@cache
def _token_statement():
    """The active user of a standing token, with the token's id and last use (built once, on first use)."""
    return (
        select(User, ApiToken.id, ApiToken.last_used_at)
        .select_from(ApiToken)
        .join(ApiToken.user)
        .where(ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None), User.active)
    )


def user_for_token(token):
    """The active user a bearer token belongs to, or None (the token and its user in one query)."""
    row = db.session.execute(_token_statement(), {"token_hash": _hash_token(token)}).first()
    if row is None:
        return None
    user, token_id, last_used_at = row
    now = utcnow()
    # A phone scanning tickets sends a request a second: a write per request would only say the same.
    if last_used_at is None or now - last_used_at >= TOKEN_USE_PRECISION:
        tokens = ApiToken.__table__
        db.session.execute(update(tokens).where(tokens.c.id == token_id).values(last_used_at=now))
    return user


def set_role(user, role, acting_user):
    role = Role(role)
    if user.id == acting_user.id and role != Role.ADMIN:
        raise AccountError(_l("You cannot remove your own admin role."))
    user.role = role


def set_active(user, active, acting_user):
    if user.id == acting_user.id and not active:
        raise AccountError(_l("You cannot deactivate your own account."))
    user.active = active
