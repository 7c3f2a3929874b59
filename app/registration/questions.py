"""The organizer's extra questions on a forum's registration form."""

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.registration.models import Question, QuestionKind
from app.thai import clean_text

MAX_OPTIONS = 30


class QuestionDataError(ValueError):
    """Field errors ({field: message}) in a question."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def questions_of(forum):
    """The forum's questions in the order the form asks them."""
    return db.session.scalars(
        select(Question).where(Question.forum_id == forum.id).order_by(Question.position, Question.id)
    ).all()


def _clean(data):
    errors = {}
    label = clean_text(data.get("label"))[:300]
    if not label:
        errors["label"] = _("Write the question.")
    try:
        kind = QuestionKind(data.get("kind"))
    except ValueError:
        errors["kind"] = _("Choose the kind of answer.")
        kind = QuestionKind.TEXT
    options = []
    if kind in (QuestionKind.CHOICE, QuestionKind.CHOICES):
        raw = data.get("options") or []
        lines = raw.splitlines() if isinstance(raw, str) else raw
        options = list(dict.fromkeys(clean_text(o)[:200] for o in lines if clean_text(o)))
        if len(options) < 2:
            errors["options"] = _("Give at least two choices, one per line.")
        elif len(options) > MAX_OPTIONS:
            errors["options"] = _("Give at most %(n)d choices.", n=MAX_OPTIONS)
    if errors:
        raise QuestionDataError(errors)
    return {"label": label, "kind": kind, "options": options, "required": bool(data.get("required"))}


def add_question(forum, data):
    """Add a question at the end of the form."""
    question = Question(forum_id=forum.id, position=len(questions_of(forum)), **_clean(data))
    db.session.add(question)
    db.session.flush()
    return question


def update_question(question, data):
    """Change a question; answers already given stay as they were written."""
    for field, value in _clean(data).items():
        setattr(question, field, value)
    db.session.flush()
    return question


def delete_question(question):
    """Take a question off the form; answers already given stay in the registrations."""
    forum_questions = [q for q in questions_of(question.forum) if q.id != question.id]
    db.session.delete(question)
    for position, other in enumerate(forum_questions):
        other.position = position
    db.session.flush()


def move_question(question, offset):
    """Swap the question with its neighbour above (-1) or below (+1); at either end nothing moves."""
    ordered = list(questions_of(question.forum))
    index = ordered.index(question)
    other = index + offset
    if offset not in (-1, 1) or not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered):
        item.position = position
    db.session.flush()
