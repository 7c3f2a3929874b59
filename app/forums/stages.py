"""What a forum's page offers first at each of its stages (Forum.stage_at decides the stage).

The page is made of sections (templates/forums/sections/<name>.html). `FIRST` are the actions a
stage calls for, shown at the top; `SIDE` the rest beside the details and the agenda.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.forums.models import ForumStage

FIRST = {
    ForumStage.DRAFT: ("missing",),
    ForumStage.BEFORE: ("share", "registrations", "invitations"),
    ForumStage.UNDER_WAY: ("checkin", "registrations"),
    ForumStage.FINISHED: ("notes", "documents"),
    ForumStage.CANCELLED: ("notices",),
}
SIDE = {
    ForumStage.DRAFT: ("invitations", "registrations", "notices"),
    ForumStage.BEFORE: ("documents", "checkin", "notes", "notices"),
    ForumStage.UNDER_WAY: ("share", "documents", "notes", "invitations", "notices"),
    ForumStage.FINISHED: ("registrations", "invitations", "notices"),
    ForumStage.CANCELLED: ("invitations", "registrations"),
}


@dataclass(frozen=True)
class Missing:
    """Something to settle before a draft is opened, and the page (endpoint, anchor) that settles it."""

    key: str
    message: str
    endpoint: str
    anchor: str | None = None


def missing_before_opening(forum, now, invited=0):
    """What a draft still lacks before its public page goes online; empty when it is ready.

    `invited` is the number of organizations invited so far.
    """
    missing = []
    if forum.starts_at <= now:
        missing.append(Missing("date", _l("The forum's date has passed: set the new date."), "forums.edit"))
    elif forum.effective_registration_closes_at <= now:
        missing.append(
            Missing("window", _l("Registration would already be closed: change its dates."), "forums.edit")
        )
    if not forum.description and not forum.objectives:
        missing.append(
            Missing("description", _l("Say what the forum is about and its objectives."), "forums.edit")
        )
    if not forum.agenda:
        missing.append(
            Missing("agenda", _l("Add the agenda: it appears on the public page."), "forums.show", "agenda")
        )
    if not invited:
        missing.append(
            Missing(
                "invitations",
                _l("Choose the organizations to invite (sent once the forum is open)."),
                "forums.invite",
            )
        )
    return missing
