"""Action items: what is to be done after a forum, by whom, by when; lists across all forums."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.auth.access import STAFF
from app.auth.models import User
from app.directory.models import Organization
from app.extensions import db
from app.forums.models import Forum
from app.forums.service import fiscal_year_range
from app.notes.models import ActionItem, ActionStatus, today_in_bangkok
from app.notes.service import NoteDataError
from app.params import is_record_id
from app.thai import clean_text
from app.timeutil import utcnow

DESCRIPTION_LIMIT = 2000
#: What a list of action items shows of each: loaded together, not one query per row.
EAGER = (
    selectinload(ActionItem.forum),
    selectinload(ActionItem.owner_organization),
    selectinload(ActionItem.owner_user),
)


def owner_key(item):
    """The owner as the lists' filter writes it: ``org:<id>``, ``user:<id>`` or ""."""
    if item.owner_organization_id:
        return f"org:{item.owner_organization_id}"
    if item.owner_user_id:
        return f"user:{item.owner_user_id}"
    return ""


def find_owner(key):
    """(organization, user) for an owner key; (None, None) for none. Unknown keys raise NoteDataError."""
    kind, _sep, number = (key or "").partition(":")
    if not key:
        return None, None
    # isascii: "²" is a digit to isdigit() but no number to int(); is_record_id: no overflow in the query.
    if number.isascii() and number.isdigit() and is_record_id(int(number)):
        if kind == "org" and (org := db.session.get(Organization, int(number))) is not None:
            return org, None
        user = db.session.get(User, int(number)) if kind == "user" else None
        if user is not None and user.active and user.has_role(*STAFF):
            return None, user
    raise NoteDataError({"owner": _("Choose an organization of the directory or a staff member.")})


def _apply(item, data):
    errors = {}
    if "description" in data:
        description = clean_text(data["description"])
        if not description:
            errors["description"] = _("Say what is to be done.")
        elif len(description) > DESCRIPTION_LIMIT:
            errors["description"] = _("At most %(n)d characters.", n=DESCRIPTION_LIMIT)
        item.description = description
    organization, user = data.get("owner_organization"), data.get("owner_user")
    if organization is not None and user is not None:
        errors["owner"] = _("An action item has one owner: an organization or a staff member.")
    note = data.get("note")
    if note is not None and note.forum_id != item.forum_id:
        errors["note_id"] = _("The note must be from the same forum.")
    if errors:
        raise NoteDataError(errors)
    if "owner_organization" in data or "owner_user" in data:
        item.owner_organization, item.owner_user = organization, user
    for field in ("due_on", "note"):
        if field in data:
            setattr(item, field, data[field])
    if "status" in data:
        _set_status(item, ActionStatus(data["status"]))
    item.refresh_search_fields()


def _set_status(item, status, now=None):
    if status == item.status:
        return
    item.status = status
    item.done_at = (now or utcnow()) if status == ActionStatus.DONE else None


def create_action_item(forum, data, actor=None):
    """Record what is to be done after the forum: description, owner, due date, the note it came from.

    :raise NoteDataError: no description, two owners, or a note of another forum.
    """
    item = ActionItem(forum_id=forum.id, status=ActionStatus.OPEN, created_by=actor)
    _apply(item, {"description": "", **data})
    db.session.add(item)
    db.session.flush()
    return item


def update_action_item(item, data):
    _apply(item, data)
    db.session.flush()
    return item


def set_action_status(item, status, now=None):
    """Mark an action item done (with when) or open again."""
    _set_status(item, ActionStatus(status), now)
    db.session.flush()
    return item


def delete_action_item(item):
    db.session.delete(item)
    db.session.flush()


@dataclass
class ActionItemFilter:
    """Which action items a list shows; the same filter serves the page and the API.

    `fiscal_year` is the fiscal year (BE) of the forum the item came from.
    """

    owner: str = ""
    status: str = ""
    fiscal_year: int | None = None
    overdue: bool = False
    forum_id: int | None = None

    def statement(self, today=None):
        stmt = select(ActionItem).join(Forum, ActionItem.forum_id == Forum.id)
        kind, _sep, number = self.owner.partition(":")
        if kind == "org" and number.isdigit():
            stmt = stmt.where(ActionItem.owner_organization_id == int(number))
        elif kind == "user" and number.isdigit():
            stmt = stmt.where(ActionItem.owner_user_id == int(number))
        elif self.owner == "none":
            stmt = stmt.where(ActionItem.owner_organization_id.is_(None), ActionItem.owner_user_id.is_(None))
        if self.status in set(ActionStatus):
            stmt = stmt.where(ActionItem.status == ActionStatus(self.status))
        if self.overdue:
            stmt = stmt.where(
                ActionItem.status == ActionStatus.OPEN, ActionItem.due_on < (today or today_in_bangkok())
            )
        if self.fiscal_year:
            first, end = fiscal_year_range(self.fiscal_year)
            stmt = stmt.where(Forum.starts_at >= first, Forum.starts_at < end)
        if self.forum_id:
            stmt = stmt.where(ActionItem.forum_id == self.forum_id)
        # Open before done; the most urgent first, items without a due date after those with one.
        return stmt.order_by(
            ActionItem.status == ActionStatus.DONE,
            ActionItem.due_on.is_(None),
            ActionItem.due_on,
            ActionItem.id,
        )


def list_action_items(item_filter, page=1, per_page=50, today=None):
    """One page of the filtered action items: (items, total)."""
    stmt = item_filter.statement(today)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    items = db.session.scalars(stmt.options(*EAGER).limit(per_page).offset((page - 1) * per_page)).all()
    return items, total


def action_items_of_forum(forum):
    return db.session.scalars(ActionItemFilter(forum_id=forum.id).statement().options(*EAGER)).all()


def action_items_of_organization(organization):
    """The organization's action items across all forums, open ones first."""
    stmt = ActionItemFilter(owner=f"org:{organization.id}").statement()
    return db.session.scalars(stmt.options(*EAGER)).all()


def owners_in_use():
    """The organizations and staff members that own at least one action item, for the list's filter."""
    organizations = db.session.scalars(
        select(Organization)
        .where(Organization.id.in_(select(ActionItem.owner_organization_id)))
        .order_by(Organization.name_sort)
    ).all()
    users = db.session.scalars(
        select(User).where(User.id.in_(select(ActionItem.owner_user_id))).order_by(User.name, User.email)
    ).all()
    return organizations, users
