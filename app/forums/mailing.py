"""Invitations, reminders and cancel/postpone notices by e-mail, as background jobs.

A request only queues a job (`send_invitations`, `send_reminders`, `send_notice`) naming the
invitations it is about; the job composes one Thai e-mail per organization when it starts and
sends it to each of the organization's addresses (`organization_emails`), one job item per
address. Each item records its consequence (the invitation marked sent, the reminder's date,
the notice's sent_at) in the same transaction as its delivery, so a job interrupted and
resumed neither sends twice nor forgets what went (see app/jobs/runner.py).
"""

from dataclasses import dataclass

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db
from app.forums import display, links
from app.forums.invitations import UNANSWERED, notice_recipients, organization_emails, record_reminder
from app.forums.invitations import mark_sent as mark_invitations_sent
from app.forums.models import Channel, Forum, ForumNotice, Invitation, InvitationStatus, NoticeKind
from app.forums.service import ForumError
from app.jobs import service as jobs
from app.jobs.models import ItemState, Job, JobItem
from app.jobs.registry import ItemFailed, JobKind, TryAgainLater
from app.mail.message import message_id_for
from app.mail.models import MailMessage
from app.mail.service import MailError, deliver, prepare_message
from app.mail.transport import open_transport
from app.templating import date_filter
from app.timeutil import utcnow
from app.urls import links_based_on

INVITATIONS = "forums.invitations"
REMINDERS = "forums.reminders"
NOTICE = "forums.notice"
KINDS = (INVITATIONS, REMINDERS, NOTICE)
#: The last item of a notice job: records the notice as sent once every message is handled.
FINISH = "finish"


# Queuing (services: they flush, the caller commits, and the job starts after the commit)


def _queue(kind, forum, invitations, title, actor, base_url, in_background, **parameters):
    parameters |= {
        "forum_id": forum.id,
        "invitation_ids": [i.id for i in invitations],
        "base_url": base_url,
    }
    return jobs.create_job(kind, title, parameters, actor, in_background)


def send_invitations(forum, invitations, actor=None, base_url="", in_background=True):
    """Queue a job e-mailing the invitations not sent yet; the others are left alone.

    base_url: where the links in the messages lead (app.urls.link_base() of the request).
    in_background=False leaves the job for `flask run-job` (see app.jobs.service.create_job).
    """
    if not forum.can_send_invitations:
        raise ForumError(_("Open the forum first: its invitation links do not work before that."))
    chosen = [i for i in invitations if i.status == InvitationStatus.NOT_SENT]
    if not chosen:
        raise ForumError(_("Every chosen invitation has already been sent."))
    title = _("E-mail invitations: %(title)s", title=forum.title)
    return _queue(INVITATIONS, forum, chosen, title, actor, base_url, in_background)


def send_reminders(forum, invitations, actor=None, base_url="", in_background=True):
    """Queue a job e-mailing a reminder to the invitations still waiting for an answer."""
    if not forum.can_send_invitations:
        raise ForumError(_("Reminders go only while the forum is open."))
    chosen = [i for i in invitations if i.status in UNANSWERED]
    if not chosen:
        raise ForumError(_("None of these invitations is waiting for an answer."))
    title = _("E-mail reminders: %(title)s", title=forum.title)
    return _queue(REMINDERS, forum, chosen, title, actor, base_url, in_background)


def send_notice(notice, actor=None, base_url="", in_background=True):
    """Queue a job e-mailing a cancellation or postponement to everybody who must be told.

    Registered participants are not among them yet: registration does not exist so far
    (notice_recipients will bring them). None when nobody is to be told; the notice is then done.
    """
    forum = notice.forum
    recipients = notice_recipients(forum, notice.kind)
    if not recipients:
        notice.sent_at = utcnow()
        db.session.flush()
        return None
    if notice.kind == NoticeKind.CANCELLED:
        title = _("E-mail the cancellation: %(title)s", title=forum.title)
    else:
        title = _("E-mail the postponement: %(title)s", title=forum.title)
    invitations = [r.invitation for r in recipients]
    return _queue(NOTICE, forum, invitations, title, actor, base_url, in_background, notice_id=notice.id)


# What the organizer sees


def jobs_of(forum, kinds=KINDS):
    """The forum's mail jobs, latest first."""
    return db.session.scalars(
        select(Job)
        .where(Job.kind.in_(kinds), Job.parameters["forum_id"].as_integer() == forum.id)
        .order_by(Job.id.desc())
    ).all()


def notice_job(notice):
    return next(
        (job for job in jobs_of(notice.forum, (NOTICE,)) if job.parameters.get("notice_id") == notice.id),
        None,
    )


def forum_of(job):
    """The forum a mail job of this area is about, or None for another job."""
    if job.kind not in KINDS:
        return None
    return db.session.get(Forum, job.parameters["forum_id"])


@dataclass
class Unreached:
    """An organization the job could not reach by e-mail, and why."""

    invitation: Invitation
    emails: list[str]
    error: str = ""

    @property
    def has_address(self):
        return bool(self.emails)


def _scope(job):
    ids = job.parameters["invitation_ids"]
    found = db.session.scalars(select(Invitation).where(Invitation.id.in_(ids))).all()
    by_id = {i.id: i for i in found}
    return [by_id[i] for i in ids if i in by_id]


def unreached(job):
    """The organizations of the job that got no message: no address, or every address failed.

    Those still being sent are not among them; neither are, for reminders, those that
    answered in the meantime.
    """
    items = dict(db.session.execute(select(JobItem.key, JobItem).where(JobItem.job_id == job.id)).all())
    by_invitation = {}
    for message in db.session.scalars(select(MailMessage).where(MailMessage.job_id == job.id)):
        by_invitation.setdefault(message.reference, []).append((message, items.get(str(message.id))))
    result = []
    for invitation in _scope(job):
        messages = by_invitation.get(_reference(invitation))
        if job.kind == REMINDERS and invitation.status not in UNANSWERED:
            continue
        if not messages:
            if job.items_listed or not organization_emails(invitation.organization):
                result.append(Unreached(invitation, []))
        elif all(m.sent_at is None and item and item.state == ItemState.FAILED for m, item in messages):
            errors = "; ".join(dict.fromkeys(item.error for _m, item in messages if item.error))
            result.append(Unreached(invitation, [m.recipient for m, _item in messages], errors))
    return result


# The job


def _reference(invitation):
    return f"invitation:{invitation.id}"


def _compose(job, forum, invitation):
    """The subject and text of the job's message to one organization, in Thai."""
    when = display.when_text(forum)
    if job.kind == NOTICE:
        notice = db.session.get(ForumNotice, job.parameters["notice_id"])
        previous = f"{date_filter(notice.previous_starts_at, 'full')} {_('at')} " + display.time_range(
            notice.previous_starts_at, notice.previous_ends_at
        )
        text = render_template(
            "forums/mail/notice.txt",
            forum=forum,
            notice=notice,
            invitation=invitation,
            when=when,
            previous_when=previous,
            url=links.invitation_url(invitation),
        )
        if notice.kind == NoticeKind.CANCELLED:
            return _("Cancelled: %(title)s", title=forum.title), text
        return _("Postponed to a new date: %(title)s", title=forum.title), text
    reminder = job.kind == REMINDERS
    text = render_template(
        "forums/mail/invitation.txt",
        forum=forum,
        invitation=invitation,
        when=when,
        url=links.invitation_url(invitation),
        reminder=reminder,
    )
    if reminder:
        return _("Reminder: you are invited to %(title)s", title=forum.title), text
    return _("Invitation: %(title)s", title=forum.title), text


def _list_messages(job):
    """Compose and store every message of the job (once, when it first runs); their ids."""
    forum = db.session.get(Forum, job.parameters["forum_id"])
    keys = []
    with links_based_on(job.parameters["base_url"]), force_locale("th"):
        for invitation in _scope(job):
            if job.kind == REMINDERS and invitation.status not in UNANSWERED:
                continue
            addresses = organization_emails(invitation.organization)
            if not addresses:
                continue
            subject, text = _compose(job, forum, invitation)
            for address in addresses:
                try:
                    message = prepare_message(
                        address,
                        subject,
                        text,
                        recipient_name=invitation.organization.name,
                        reference=_reference(invitation),
                        message_id=message_id_for(job.kind, job.id, invitation.token, address),
                    )
                except MailError:
                    continue  # a malformed address: the organization may be listed as unreached
                message.job_id = job.id
                keys.append(message.id)
    if job.kind == NOTICE:
        keys.append(FINISH)
    return keys


def _first_sent_of_organization(job, message):
    """No other message of this job to the same organization has gone yet."""
    return not db.session.scalar(
        select(func.count(MailMessage.id)).where(
            MailMessage.job_id == job.id,
            MailMessage.reference == message.reference,
            MailMessage.id != message.id,
            MailMessage.sent_at.is_not(None),
        )
    )


def _finish_notice(job, item):
    waiting = db.session.scalar(
        select(func.count(JobItem.id)).where(
            JobItem.job_id == job.id,
            JobItem.id != item.id,
            JobItem.state.in_((ItemState.PENDING, ItemState.SENDING)),
        )
    )
    if waiting:
        raise TryAgainLater(_("Waiting for the other messages of the notice."))
    notice = db.session.get(ForumNotice, job.parameters["notice_id"])
    notice.sent_at = utcnow()


def _handle(job, item, transport):
    if item.key == FINISH:
        _finish_notice(job, item)
        return
    message = db.session.get(MailMessage, int(item.key))
    if message is None:
        raise ItemFailed(_("The message was deleted before it was sent."))
    invitation = db.session.get(Invitation, int(message.reference.partition(":")[2]))
    if invitation is None:
        raise ItemFailed(_("The invitation was removed before its message was sent."))
    if job.kind == INVITATIONS and not invitation.forum.can_send_invitations:
        raise ItemFailed(_("The forum is no longer open, so the invitation was not sent."))
    if job.kind == REMINDERS and invitation.status not in UNANSWERED:
        return  # answered since the reminder was queued: nothing to remind of
    remind = job.kind == REMINDERS and _first_sent_of_organization(job, message)
    if message.sent_at is None:
        deliver(message, transport)
    if job.kind == INVITATIONS:
        mark_invitations_sent([invitation], Channel.EMAIL)
    elif remind:
        record_reminder(invitation, Channel.EMAIL, job.created_by)


def _describe(job, keys):
    ids = [int(key) for key in keys if key.isdigit()]
    rows = db.session.execute(
        select(MailMessage.id, MailMessage.recipient_name, MailMessage.recipient).where(
            MailMessage.id.in_(ids)
        )
    )
    described = {str(id_): f"{name} <{address}>" for id_, name, address in rows}
    return described | {FINISH: _("Recording that the notice went out")}


def _kind(name, label):
    return JobKind(
        name=name,
        label=label,
        items=_list_messages,
        handle=_handle,
        resource=lambda job: open_transport(),
        describe=_describe,
    )


JOB_KINDS = (
    _kind(INVITATIONS, _l("E-mailing invitations")),
    _kind(REMINDERS, _l("E-mailing reminders")),
    _kind(NOTICE, _l("E-mailing a cancellation or postponement")),
)
