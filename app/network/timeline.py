"""An organization's timeline: everything the office and the organization did together, newest first.

Forums it was invited to, registered for and took part in (the one rule of attendance:
checked in at least once, not undone), its yearly reports and the support it received,
the action items it owns, and the changes to its details from the directory's history.
Each entry is plain data: the template only phrases and links it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from app.checkin.participation import registrations_took_part
from app.directory.history import history_events
from app.extensions import db
from app.forums.models import Forum, Invitation, InvitationStatus
from app.network.figures import SUPPORT_KIND_LABELS, SUPPORT_STATUS_LABELS
from app.network.models import AnnualReport, FollowUpCall, Support
from app.notes.actions import action_items_of_organization
from app.registration.models import Registration, RegistrationStatus
from app.templating import date_filter
from app.thai import to_bangkok

#: The entries shown at first; the older ones open on demand.
FIRST_SHOWN = 12


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened: when (a Bangkok date, and a moment to order a day by), what, where to look."""

    on: date
    kind: str
    title: str
    details: tuple[str, ...] = ()
    url_endpoint: str = ""
    url_values: dict = field(default_factory=dict)
    #: Orders entries of the same day; naive UTC.
    at: datetime | None = None

    @property
    def sort_key(self):
        return (self.on, self.at or datetime.combine(self.on, time.min))


def _local_date(moment):
    return to_bangkok(moment).date()


def _forum_link(forum):
    return {"url_endpoint": "forums.show", "url_values": {"forum_id": forum.id}}


def _invitation_entries(organization):
    invitations = db.session.scalars(
        select(Invitation).join(Invitation.forum).where(Invitation.organization_id == organization.id)
    ).all()
    for invitation in invitations:
        moment = invitation.sent_at or invitation.created_at
        details = []
        if invitation.status == InvitationStatus.DECLINED:
            reason = f": {invitation.decline_reason}" if invitation.decline_reason else ""
            details.append(_("Declined") + reason)
        yield TimelineEntry(
            _local_date(moment),
            "invited",
            _("Invited to %(forum)s", forum=invitation.forum.title),
            tuple(details),
            at=moment,
            **_forum_link(invitation.forum),
        )


def _others(count):
    return (_("%(n)d cancelled or waiting", n=count),) if count else ()


def _registration_entries(organization):
    registrations = db.session.scalars(
        select(Registration).where(Registration.organization_id == organization.id).order_by(Registration.id)
    ).all()
    by_forum = defaultdict(list)
    for registration in registrations:
        by_forum[registration.forum_id].append(registration)
    forums = {f.id: f for f in db.session.scalars(select(Forum).where(Forum.id.in_(by_forum)))}
    for forum_id, people in by_forum.items():
        forum = forums[forum_id]
        confirmed = [r for r in people if r.status == RegistrationStatus.CONFIRMED]
        first = min(r.created_at for r in people)
        yield TimelineEntry(
            _local_date(first),
            "registered",
            _("Registered for %(forum)s", forum=forum.title),
            (
                ngettext("%(num)d person with a seat", "%(num)d people with a seat", len(confirmed)),
                *_others(len(people) - len(confirmed)),
            ),
            at=first,
            **_forum_link(forum),
        )
        attended = registrations_took_part(forum_id)
        came = [r for r in people if r.id in attended]
        if came:
            yield TimelineEntry(
                _local_date(forum.starts_at),
                "took_part",
                _("Took part in %(forum)s", forum=forum.title),
                (ngettext("%(num)d person came", "%(num)d people came", len(came)),),
                at=forum.starts_at,
                **_forum_link(forum),
            )


def _report_entries(organization):
    reports = db.session.scalars(select(AnnualReport).where(AnnualReport.organization_id == organization.id))
    for report in reports:
        if report.asked_on:
            due = (_("due %(date)s", date=date_filter(report.due_on)),) if report.due_on else ()
            yield TimelineEntry(
                report.asked_on,
                "report",
                _("Asked for its report of fiscal year %(year)d", year=report.fiscal_year),
                due,
            )
        if report.received_on:
            yield TimelineEntry(
                report.received_on,
                "report",
                _("Sent its report of fiscal year %(year)d", year=report.fiscal_year),
            )


def _baht(amount):
    return _("%(amount)s baht", amount=f"{amount:,.0f}")


def _support_entries(organization):
    supports = db.session.scalars(select(Support).where(Support.organization_id == organization.id))
    for support in supports:
        details = [_("fiscal year %(year)d", year=support.fiscal_year)]
        if support.status:
            details.append(str(SUPPORT_STATUS_LABELS[support.status]))
        if support.amount_approved is not None:
            details.append(_("approved %(amount)s", amount=_baht(support.amount_approved)))
        elif support.amount_requested is not None:
            details.append(_("asked %(amount)s", amount=_baht(support.amount_requested)))
        yield TimelineEntry(
            support.date or _local_date(support.created_at),
            "support",
            f"{SUPPORT_KIND_LABELS[support.kind]}: {support.title}",
            tuple(details),
            at=support.created_at,
        )


def _follow_up_entries(organization):
    calls = db.session.scalars(select(FollowUpCall).where(FollowUpCall.organization_id == organization.id))
    for call in calls:
        yield TimelineEntry(
            call.called_on,
            "follow_up",
            _("Follow-up call"),
            (call.note,) if call.note else (),
            at=call.created_at,
        )


def _action_item_entries(organization):
    for item in action_items_of_organization(organization):
        details = [_("Forum: %(forum)s", forum=item.forum.title)]
        if item.is_done:
            details.append(_("Done"))
        elif item.due_on:
            details.append(_("Open, due %(date)s", date=date_filter(item.due_on)))
        yield TimelineEntry(
            _local_date(item.created_at),
            "action_item",
            _("Action item: %(what)s", what=item.description),
            tuple(details),
            "actions.edit",
            {"action_id": item.id},
            at=item.created_at,
        )


def _change_entries(organization):
    for event in history_events(organization):
        title = _("Added to the directory") if event.is_creation else _("Details changed")
        fields = () if event.is_creation else (", ".join(dict.fromkeys(item.label for item in event.items)),)
        yield TimelineEntry(
            _local_date(event.at),
            "changed",
            title,
            (_("by %(who)s", who=event.who), *fields),
            at=event.at,
        )


#: The sources of the timeline, each a function of the organization that yields entries.
SOURCES = [
    _invitation_entries,
    _registration_entries,
    _report_entries,
    _support_entries,
    _follow_up_entries,
    _action_item_entries,
    _change_entries,
]


def organization_timeline(organization):
    """Everything on the organization's timeline, newest first."""
    entries = [entry for source in SOURCES for entry in source(organization)]
    entries.sort(key=lambda entry: entry.sort_key, reverse=True)
    return entries
