"""The organizer's e-mail sending of a forum: invitations and reminders queued as jobs, and their progress."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import STAFF, role_required
from app.extensions import db
from app.forums import invitations as service
from app.forums import mailing
from app.forums.forms import BulkForm
from app.forums.service import ForumError
from app.forums.views import bp, get_forum_or_404
from app.jobs.models import Job
from app.urls import link_base


def queue_mail(forum, chosen, action):
    """Queue invitations ("email") or reminders ("email_reminder") for the chosen invitations,
    then show the job's progress; back to the invitations with the reason when nothing can go."""
    send = mailing.send_invitations if action == "email" else mailing.send_reminders
    try:
        job = send(forum, chosen, current_user, link_base())
    except ForumError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("forums.invitations", forum_id=forum.id))
    db.session.commit()
    flash(_("The e-mails are being sent. You can leave this page: sending goes on."), "success")
    return redirect(url_for("forums.mailing_page", forum_id=forum.id, job_id=job.id))


@bp.post("/<int:forum_id>/invitations/email")
@role_required(*STAFF)
def email_all(forum_id):
    """Every invitation not sent yet ("email"), or every one waiting for an answer ("email_reminder")."""
    forum = get_forum_or_404(forum_id)
    form = BulkForm()
    if not form.validate_on_submit() or form.action.data not in ("email", "email_reminder"):
        abort(400)
    if form.action.data == "email":
        chosen = service.invitations_of(forum, "not_sent")
    else:
        chosen = service.reminder_candidates(forum)
    return queue_mail(forum, chosen, form.action.data)


@bp.get("/<int:forum_id>/mailings/<int:job_id>")
@role_required(*STAFF)
def mailing_page(forum_id, job_id):
    forum = get_forum_or_404(forum_id)
    job = db.session.get(Job, job_id)
    if job is None or mailing.forum_of(job) != forum:
        abort(404)
    return render_template("forums/mailing.html", forum=forum, job=job, unreached=mailing.unreached(job))
