"""Pages participants see without an account: the forum's page, card and calendar file, invitations."""

import re

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.extensions import db, limiter
from app.forums import invitations, links, service
from app.forums.calendar import forum_calendar
from app.forums.card import render_card
from app.forums.forms import DeclineForm
from app.registration import service as registration_service

bp = Blueprint("forums_public", __name__)

#: Link previewers (LINE, Facebook, X, Slack, WhatsApp, Telegram, search engines) fetch a pasted
#: link to draw its card; that is not the organization opening its invitation.
LINK_PREVIEWERS = re.compile(
    r"bot|crawler|spider|preview|facebookexternalhit|line-poker|whatsapp|telegram|slack|discord", re.I
)


def _public_limit():
    return current_app.config["PUBLIC_RATE_LIMIT"]


def get_public_forum_or_404(code):
    forum = service.find_public_forum(code)
    if forum is None:
        abort(404)
    return forum


def render_forum_page(forum, preview=False):
    counts = service.forum_counts(forum)
    return render_template(
        "forums/public.html", forum=forum, seats_left=service.seats_left(forum, counts), preview=preview
    )


@bp.get("/f/<code>")
def forum(code):
    return render_forum_page(get_public_forum_or_404(code))


@bp.get("/f/<code>/card.png")
def card(code):
    forum = get_public_forum_or_404(code)
    address = links.public_url(forum).split("://", 1)[-1]
    png = render_card(forum, current_app.config["OFFICE_NAME"], _("Register online: %(url)s", url=address))
    return Response(png, mimetype="image/png", headers={"Cache-Control": "public, max-age=3600"})


@bp.get("/f/<code>/calendar.ics")
def calendar(code):
    forum = get_public_forum_or_404(code)
    url = links.public_url(forum)
    body = forum_calendar(forum, url, host=url.split("://", 1)[-1].split("/", 1)[0])
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="forum-{forum.public_code}.ics"'},
    )


def get_invitation_or_404(token):
    invitation = invitations.find_invitation(token)
    if invitation is None:
        abort(404)
    return invitation


@bp.get("/i/<token>")
@limiter.limit(_public_limit)
def invitation(token):
    invitation = get_invitation_or_404(token)
    if not LINK_PREVIEWERS.search(request.headers.get("User-Agent", "")):
        invitations.mark_opened(invitation)
        db.session.commit()
    return render_template(
        "forums/invitation.html",
        invitation=invitation,
        forum=invitation.forum,
        form=DeclineForm(),
        delegates=registration_service.delegates_of(invitation),
        seats_remaining=registration_service.seats_remaining(invitation),
    )


@bp.post("/i/<token>/decline")
@limiter.limit(_public_limit)
def decline(token):
    invitation = get_invitation_or_404(token)
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            invitations.decline(invitation, form.reason.data)
        except service.ForumError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Thank you for letting us know. We hope to see you at another forum."), "success")
    return redirect(url_for("forums_public.invitation", token=token))
