"""Who created, changed or deleted each forum, and when: offices are small, so any organizer may
edit any forum, and this log is what an admin reads afterwards (/admin/forum-changes)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import utcnow

#: The actions a line of the log records.
ACTIONS = ("created", "edited", "status", "deleted")


class ForumChange(db.Model):
    __tablename__ = "forum_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: None once the forum is deleted; its title stays below.
    forum_id: Mapped[int | None] = mapped_column(ForeignKey("forums.id", ondelete="SET NULL"), index=True)
    forum_title: Mapped[str] = mapped_column(String(300))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: One of ACTIONS.
    action: Mapped[str] = mapped_column(String(20))
    #: The names of the fields an edit changed; the new status of a status change.
    fields: Mapped[list] = mapped_column(JSON, default=list)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    user = relationship("User")


def record(forum, user, action, fields=()):
    """Add a line to the log (the caller commits); `user` None for a command or a job."""
    db.session.add(
        ForumChange(
            forum_id=forum.id,
            forum_title=forum.title[:300],
            user_id=getattr(user, "id", None),
            action=action,
            fields=sorted(str(name) for name in fields),
        )
    )


def list_changes(page=1, per_page=100):
    """One page of the log, newest first: (changes, total)."""
    total = db.session.scalar(select(func.count()).select_from(ForumChange))
    rows = db.session.scalars(
        select(ForumChange)
        .order_by(ForumChange.changed_at.desc(), ForumChange.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return rows, total
