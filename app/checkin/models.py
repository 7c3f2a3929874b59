"""Check-ins (one per registration and forum day) and the log of every scan, good or bad."""

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.directory.models import _enum_column
from app.extensions import db
from app.timeutil import utcnow

#: Check-ins that count: an undone one stays as history but no longer holds the day.
STANDING_WHERE = text("undone_at IS NULL")


class ScanResult(enum.StrEnum):
    """The answer to a scan, as the API's `result` gives it."""

    OK = "ok"
    ALREADY_CHECKED_IN = "already_checked_in"
    UNKNOWN = "unknown"
    WRONG_FORUM = "wrong_forum"
    CANCELLED = "cancelled"
    WAITLISTED = "waitlisted"
    #: Outside the door's window (app.checkin.service.door_is_open): nobody is named.
    DOOR_CLOSED = "door_closed"


class Method(enum.StrEnum):
    """How staff found the person at the door."""

    SCAN = "scan"
    SEARCH = "search"
    TICKET_PAGE = "ticket_page"
    WALK_IN = "walk_in"


class Action(enum.StrEnum):
    """What a line of the scan log records."""

    CHECK_IN = "check_in"
    UNDO = "undo"
    WALK_IN = "walk_in"


class CheckIn(db.Model):
    """A person's arrival on one day of a forum: at most one standing check-in per registration and day."""

    __tablename__ = "checkins"
    __table_args__ = (
        # The rule "a check-in happens once" held by the database, for every process at once.
        Index(
            "uq_checkins_registration_day_standing",
            "registration_id",
            "day",
            unique=True,
            sqlite_where=STANDING_WHERE,
            postgresql_where=STANDING_WHERE,
        ),
        Index("ix_checkins_forum_day", "forum_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    #: The forum day (Bangkok calendar) this arrival counts for.
    day: Mapped[date] = mapped_column(Date)
    #: When the person arrived: the scanning device's time for a scan sent later from offline.
    checked_in_at: Mapped[datetime]
    #: When the server learnt of it; a scan made before this on another device could not have known.
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    device: Mapped[str] = mapped_column(String(60), default="")
    method: Mapped[Method] = mapped_column(_enum_column(Method), default=Method.SCAN)
    undone_at: Mapped[datetime | None]
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    undo_reason: Mapped[str] = mapped_column(String(500), default="")

    registration = relationship("Registration")
    checked_in_by = relationship("User", foreign_keys=[checked_in_by_id])
    undone_by = relationship("User", foreign_keys=[undone_by_id])

    @property
    def is_standing(self):
        return self.undone_at is None


class Scan(db.Model):
    """One line of the scan log: every scan, search tap, walk-in and undo, with its answer; never edited
    except to mark an offline conflict found later."""

    __tablename__ = "checkin_scans"
    __table_args__ = (
        # A queued scan sent twice is the same scan: the nonce comes from the device.
        Index("uq_checkin_scans_user_nonce", "user_id", "nonce", unique=True),
        Index("ix_checkin_scans_forum_received", "forum_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))
    #: The registration the scan named, when it named one (also one of another forum).
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="SET NULL"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[Action] = mapped_column(_enum_column(Action), default=Action.CHECK_IN)
    method: Mapped[Method] = mapped_column(_enum_column(Method), default=Method.SCAN)
    result: Mapped[ScanResult] = mapped_column(_enum_column(ScanResult))
    #: What the scanner read, cut to a sane length (a code, a ticket URL or anything a QR holds).
    scan_text: Mapped[str] = mapped_column(String(500), default="")
    device: Mapped[str] = mapped_column(String(60), default="")
    nonce: Mapped[str | None] = mapped_column(String(64))
    #: The device's clock when it scanned; None for a scan answered online at once.
    scanned_at: Mapped[datetime | None]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    day: Mapped[date | None] = mapped_column(Date)
    #: The check-in the scan made, or found already made.
    checkin_id: Mapped[int | None] = mapped_column(ForeignKey("checkins.id", ondelete="SET NULL"), index=True)
    #: Set when two devices let the same person in without knowing of each other (offline).
    conflict: Mapped[bool] = mapped_column(default=False)
    #: Set on a scan that had answered ok until an earlier offline scan of the same person arrived.
    superseded: Mapped[bool] = mapped_column(default=False)
    #: Why: the reason for an undo, or for admitting a walk-in over capacity.
    note: Mapped[str] = mapped_column(String(500), default="")

    user = relationship("User")
    registration = relationship("Registration")
    checkin = relationship("CheckIn")
