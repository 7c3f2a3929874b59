"""Who created, changed or deleted each forum, and when: offices are small, so any organizer may
edit any forum, and this log is what an admin reads afterwards (/admin/forum-changes).

Every change is caught where it is written, at the session's flush, whichever view, API call or
command made it; the person is the logged-in user of the request (none for a command or a job).
"""

from datetime import datetime

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, String, event, func, inspect, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

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
    forum = relationship("Forum")


#: Columns whose change is no one's edit.
UNLOGGED = {"updated_at"}


def _actor_id():
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


def _changed_fields(forum):
    state = inspect(forum)
    return [
        attr.key
        for attr in state.mapper.column_attrs
        if attr.key not in UNLOGGED and state.attrs[attr.key].history.has_changes()
    ]


@event.listens_for(Session, "before_flush")
def _log_forum_changes(session, _context, _instances):
    from app.forums.models import Forum

    actor = _actor_id()
    lines = []
    for forum in session.new:
        if isinstance(forum, Forum):
            lines.append((forum, "created", []))
    for forum in session.dirty:
        if isinstance(forum, Forum) and session.is_modified(forum) and (fields := _changed_fields(forum)):
            lines.append((forum, "status" if fields == ["status"] else "edited", fields))
    for forum in session.deleted:
        if isinstance(forum, Forum):
            session.execute(update(ForumChange).where(ForumChange.forum_id == forum.id).values(forum_id=None))
            lines.append((forum, "deleted", []))
    for forum, action, fields in lines:
        change = ForumChange(
            forum_title=(forum.title or "")[:300],
            user_id=actor,
            action=action,
            fields=[str(forum.status)] if action == "status" else sorted(fields),
        )
        if action != "deleted":
            change.forum = forum
        session.add(change)


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
