"""Agenda rules: the programme of a forum, item by item, in the order people will see it."""

from flask_babel import gettext as _

from app.extensions import db
from app.forums.models import AgendaItem
from app.forums.service import ForumDataError
from app.thai import clean_text


def _check_agenda_item(forum, item):
    errors = {}
    if not item.title:
        errors["title"] = _("The title is missing.")
    if item.start_time is None:
        errors["start_time"] = _("The time is missing.")
    elif item.end_time is not None and item.end_time <= item.start_time:
        errors["end_time"] = _("The end must be after the start.")
    if not 1 <= (item.day or 0) <= len(forum.days):
        errors["day"] = _("Choose one of the forum's days.")
    return errors


def _set_item(item, data):
    for field, value in data.items():
        if field in ("title", "speaker"):
            value = clean_text(value)[:300]
        setattr(item, field, value)


def _renumber(forum):
    for position, item in enumerate(forum.agenda):
        item.position = position


def add_agenda_item(forum, data):
    """Put an item on the programme where its day and time belong."""
    item = AgendaItem(day=1)
    _set_item(item, data)
    errors = _check_agenda_item(forum, item)
    if errors:
        raise ForumDataError(errors)
    index = sum(1 for other in forum.agenda if (other.day, other.start_time) <= (item.day, item.start_time))
    forum.agenda.insert(index, item)
    _renumber(forum)
    db.session.flush()
    return item


def update_agenda_item(item, data):
    before = {field: getattr(item, field) for field in data}
    _set_item(item, data)
    errors = _check_agenda_item(item.forum, item)
    if errors:
        for field, value in before.items():
            setattr(item, field, value)
        raise ForumDataError(errors)
    db.session.flush()
    return item


def delete_agenda_item(item):
    forum = item.forum
    forum.agenda.remove(item)
    _renumber(forum)
    db.session.flush()


def move_agenda_item(item, offset):
    """Swap the item with its neighbour above (-1) or below (+1); at either end nothing moves."""
    agenda = item.forum.agenda
    index = agenda.index(item)
    other = index + offset
    if offset not in (-1, 1) or not 0 <= other < len(agenda):
        return
    # Swap positions rather than list slots: replacing a slot would orphan (and delete) the item.
    neighbour = agenda[other]
    item.position, neighbour.position = neighbour.position, item.position
    agenda.sort(key=lambda i: i.position)
    db.session.flush()
