"""The organizer's pages of a forum's invitations: choosing organizations, the table and its bulk actions."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.auth.access import STAFF, role_required
from app.directory import geography
from app.directory import labels as directory_labels
from app.extensions import db
from app.forums import invitations as service
from app.forums import mailing
from app.forums.forms import EMAIL_ACTIONS, BulkForm, InviteForm
from app.forums.mailing_views import queue_mail
from app.forums.models import InvitationStatus
from app.forums.seat_offers import seat_offer
from app.forums.service import ForumDataError, ForumError
from app.forums.views import bp, get_forum_or_404
from app.thai import fiscal_year_of


def filter_from_request(forum):
    """The chooser's filter; a first visit starts from the kinds of organization the forum is meant for."""
    args = request.args
    return service.InvitationFilter(
        kinds=args.getlist("kind") if "filtered" in args else list(forum.target_kinds or []),
        district=args.get("district", ""),
        status=args.get("status", "active") if "filtered" in args else "active",
        fields_of_work=args.getlist("field"),
        participation=args.get("participation", ""),
        q=args.get("q", "")[:200],
    )


@bp.route("/<int:forum_id>/invitations")
@role_required(*STAFF)
def invitations(forum_id):
    forum = get_forum_or_404(forum_id)
    status = request.args.get("status", "")
    summary = service.invitation_summary(forum)
    return render_template(
        "forums/invitations.html",
        forum=forum,
        invitations=service.invitations_of(forum, status),
        summary=summary,
        unanswered=sum(summary[s] for s in service.UNANSWERED),
        not_sent=summary[InvitationStatus.NOT_SENT],
        status=status,
        bulk_form=BulkForm(),
        mail_jobs=mailing.jobs_of(forum, (mailing.INVITATIONS, mailing.REMINDERS))[:5],
        offer=seat_offer(forum),
    )


@bp.route("/<int:forum_id>/invitations/new", methods=["GET", "POST"])
@role_required(*STAFF)
def invite(forum_id):
    forum = get_forum_or_404(forum_id)
    form = InviteForm()
    offer = None
    if form.validate_on_submit():
        organizations, _missing = service.find_organizations(form.organization_ids.data)
        offer = seat_offer(forum, len(organizations), form.seats.data)
        try:
            created = service.invite_organizations(forum, organizations, form.seats.data, current_user)
        except ForumDataError as error:
            form.seats.errors = list(error.errors.values())
        except ForumError as error:
            flash(str(error), "error")
        else:
            # A choice the rules accept but that offers more seats than are left is asked once more.
            if offer.is_over and request.form.get("over_seats_ok") != "1":
                db.session.rollback()
                return _invite_page(forum, form, offer)
            db.session.commit()
            flash(
                ngettext(
                    "%(num)d organization is invited.", "%(num)d organizations are invited.", len(created)
                ),
                "success",
            )
            return redirect(url_for("forums.invitations", forum_id=forum.id))
    elif request.method == "GET":
        form.seats.data = forum.seats_per_organization
    return _invite_page(forum, form, offer)


def _invite_page(forum, form, offer=None):
    """The chooser; `offer` set when the seats chosen are more than the forum has left, to confirm."""
    invitation_filter = filter_from_request(forum)
    organizations, invited = service.choose_organizations(forum, invitation_filter)
    return render_template(
        "forums/invite.html",
        forum=forum,
        form=form,
        filter=invitation_filter,
        organizations=organizations,
        invited=invited,
        districts=geography.districts_of(current_app.config["OFFICE_PROVINCE_CODE"]),
        welfare_fields=directory_labels.WELFARE_FIELDS,
        fiscal_year=fiscal_year_of(forum.starts_at),
        offer=offer,
        pending=seat_offer(forum),
    )


def _bulk(forum, form):
    chosen = service.pick(forum, form.invitation_ids.data)
    action = form.action.data
    if action == "quota":
        service.change_quota(chosen, form.seats.data)
        return ngettext(
            "Seats changed for %(num)d invitation.", "Seats changed for %(num)d invitations.", len(chosen)
        )
    if action == "sent":
        done = service.mark_sent(chosen, form.channel.data)
        return ngettext(
            "%(num)d invitation marked as sent.", "%(num)d invitations marked as sent.", len(done)
        )
    if action == "reminder":
        done = service.record_reminders(chosen, form.channel.data, current_user)
        return ngettext(
            "Reminder recorded for %(num)d invitation.",
            "Reminder recorded for %(num)d invitations.",
            len(done),
        )
    removed = service.remove_invitations(chosen)
    message = ngettext("%(num)d invitation removed.", "%(num)d invitations removed.", len(removed))
    kept = len(chosen) - len(removed)
    if kept:
        message += " " + ngettext(
            "%(num)d was kept because the organization already has it.",
            "%(num)d were kept because the organizations already have them.",
            kept,
        )
    return message


@bp.post("/<int:forum_id>/invitations/bulk")
@role_required(*STAFF)
def bulk(forum_id):
    forum = get_forum_or_404(forum_id)
    form = BulkForm()
    back = url_for("forums.invitations", forum_id=forum.id, status=request.args.get("status") or None)
    if not form.validate_on_submit() or not form.invitation_ids.data:
        errors = [e for field in form for e in field.errors]
        flash(errors[0] if errors else _("Tick the invitations first."), "error")
        return redirect(back)
    if form.action.data in EMAIL_ACTIONS:
        return queue_mail(forum, service.pick(forum, form.invitation_ids.data), form.action.data)
    try:
        message = _bulk(forum, form)
    except (ForumError, ForumDataError) as error:
        db.session.rollback()
        flash(str(error) if isinstance(error, ForumError) else "; ".join(error.errors.values()), "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(back)
