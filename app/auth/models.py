"""Staff accounts and their API tokens."""

import enum
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.timeutil import utcnow


def password_hash_of(password):
    """The stored form of a password, by the configured method (each hash names its own method,
    so one made by any method is still checked after the setting changes)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


class Role(enum.StrEnum):
    ADMIN = "admin"
    ORGANIZER = "organizer"
    CHECKIN = "checkin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(
        db.Enum(
            Role,
            native_enum=False,
            length=20,
            create_constraint=True,
            values_callable=lambda members: [m.value for m in members],
        )
    )
    #: An inactive user can neither log in nor use a token.
    active: Mapped[bool] = mapped_column(default=True)
    #: Set for a generated or reset password: the user must choose a new one.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    #: Part of the id in every session and remember-me cookie: raising it ends them all
    #: (logging out everywhere, a password changed or reset).
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")

    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        """Flask-Login's alternative id: "<id>:<session version>", see app.auth.loaders."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self):
        """Make every session and remember-me cookie of this user stop working."""
        self.session_version = (self.session_version or 1) + 1

    @property
    def display_name(self):
        return self.name or self.email

    def set_password(self, password):
        self.password_hash = password_hash_of(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles):
        return self.role in roles

    def __repr__(self):
        return f"<User {self.email} {self.role}>"


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the token; the token itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")
