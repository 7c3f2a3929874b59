"""One search over every forum's notes, action items and feedback comments, in Thai.

Each kind keeps its text by app.thai.search_key (no spaces, Thai digits as Arabic,
lower case), so a substring match finds Thai words however they were spaced.
"""

from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.extensions import db
from app.forums.models import Forum
from app.notes.models import ActionItem, FeedbackResponse, FeedbackSurvey, LessonNote
from app.thai import search_key


def _like(column, key):
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape="\\")


@dataclass
class Hits:
    """The first hits of one kind, and how many there are in all."""

    items: list = field(default_factory=list)
    total: int = 0


@dataclass
class SearchResults:
    notes: Hits
    action_items: Hits
    comments: Hits

    @property
    def total(self):
        return self.notes.total + self.action_items.total + self.comments.total


def _hits(stmt, limit):
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    return Hits(db.session.execute(stmt.limit(limit)).all() if total else [], total)


def search_everything(query, per_kind=50):
    """Notes, action items and comments whose text contains the query, newest forum first.

    Notes and action items come as (item, forum); comments as (response, forum).
    """
    key = search_key(query)
    if not key:
        return SearchResults(Hits(), Hits(), Hits())
    notes = (
        select(LessonNote, Forum)
        .join(Forum, LessonNote.forum_id == Forum.id)
        .where(_like(LessonNote.search_text, key))
        .order_by(Forum.starts_at.desc(), LessonNote.id)
    )
    items = (
        select(ActionItem, Forum)
        .join(Forum, ActionItem.forum_id == Forum.id)
        .where(_like(ActionItem.search_text, key))
        .order_by(Forum.starts_at.desc(), ActionItem.id)
    )
    comments = (
        select(FeedbackResponse, Forum)
        .join(FeedbackSurvey, FeedbackResponse.survey_id == FeedbackSurvey.id)
        .join(Forum, FeedbackSurvey.forum_id == Forum.id)
        .where(_like(FeedbackResponse.search_text, key))
        .order_by(Forum.starts_at.desc(), FeedbackResponse.id)
    )
    return SearchResults(_hits(notes, per_kind), _hits(items, per_kind), _hits(comments, per_kind))
