"""Account rules: creating users, passwords, tokens."""

import hashlib
import os
import secrets
from datetime import timedelta
from functools import cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

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


@cache
def common_passwords():
    """The commonest passwords (app/auth/common_passwords.txt), lower-case."""
    path = os.path.join(os.path.dirname(__file__), "common_passwords.txt")
    with open(path, encoding="utf-8") as lines:
        return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def check_password_rules(password):
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(_l("A password needs at least %(count)d characters.", count=MIN_PASSWORD_LENGTH))
    if password.lower() in common_passwords():
        raise AccountError(_l("This password is among the most common ones. Choose another."))


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
    if user is None:
        # As long as for a known address, so the answer's time does not tell which addresses exist.
        check_password_hash(_unknown_user_hash(current_app.config["PASSWORD_HASH_METHOD"]), password or "")
        return None
    if not user.check_password(password or ""):
        return None
    if not user.active:
        return None
    user.last_login_at = utcnow()
    return user


@cache
def _unknown_user_hash(method):
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def ensure_admin(email=None, password=None):
    """Create the first admin when there is none; return (user, generated password) or None."""
    if db.session.scalar(select(User).where(User.role == Role.ADMIN).limit(1)):
        return None
    return create_user(email or "admin@localhost", Role.ADMIN, password=password, name="Admin")


def token_hash(token):
    """What is kept of a token: its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user, name=""):
    """Make an API token for the user; the returned text is the only copy of it."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=token_hash(token), name=name))
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
        .where(standing_token_of(bindparam("token_hash")), User.active)
    )


def user_for_token(token):
    """The active user a bearer token belongs to, or None (the token and its user in one query)."""
    row = db.session.execute(_token_statement(), {"token_hash": token_hash(token)}).first()
    if row is None:
        return None
    user, token_id, last_used_at = row
    note_token_use(token_id, last_used_at)
    return user


def standing_token_of(hash_):
    """The condition on ApiToken for a standing token with this hash (its user must be active too):
    for a view that looks the token up in its own statement (app.auth.loaders.looks_up_token_with)."""
    return and_(ApiToken.token_hash == hash_, ApiToken.revoked_at.is_(None))


def note_token_use(token_id, last_used_at):
    """Keep when a token was last used, to the minute."""
    now = utcnow()
    # A phone scanning tickets sends a request a second: a write per request would only say the same.
    if last_used_at is None or now - last_used_at >= TOKEN_USE_PRECISION:
        tokens = ApiToken.__table__
        db.session.execute(update(tokens).where(tokens.c.id == token_id).values(last_used_at=now))


def set_role(user, role, acting_user):
    role = Role(role)
    if user.id == acting_user.id and role != Role.ADMIN:
        raise AccountError(_l("You cannot remove your own admin role."))
    user.role = role


def set_active(user, active, acting_user):
    if user.id == acting_user.id and not active:
        raise AccountError(_l("You cannot deactivate your own account."))
    user.active = active
