"""Pages participants use without an account: the registration form, tickets and their own manage page."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import DOOR
from app.checkin import service as checkin_service
from app.extensions import db, limiter
from app.forums import invitations as forum_invitations
from app.forums.public_views import get_public_forum_or_404
from app.qr import qr_png, qr_png_uri
from app.registration import capacity, labels, notices, service, tickets
from app.registration.fields import RegistrationDataError
from app.registration.forms import PublicRegistrationForm, form_for
from app.registration.models import Source
from app.registration.organizations import search_organization_names
from app.registration.questions import questions_of

bp = Blueprint("registration_public", __name__)
#: Manage tokens of the registrations made in this browser, so their ticket pages offer the manage link.
SESSION_KEY = "registrations"
SESSION_LIMIT = 20


@bp.app_context_processor
def registration_helpers():
    return {"registration_labels": labels, "is_mine": is_mine}


def _public_limit():
    return current_app.config["PUBLIC_RATE_LIMIT"]


def remember(registration):
    tokens = [t for t in session.get(SESSION_KEY, []) if t != registration.manage_token]
    session[SESSION_KEY] = [registration.manage_token, *tokens][:SESSION_LIMIT]


def is_mine(registration):
    return registration.manage_token in session.get(SESSION_KEY, [])


def invitation_of_request(forum):
    """The invitation named by ?invitation=<token>, if it is one of this forum's."""
    invitation = forum_invitations.find_invitation(request.values.get("invitation", ""))
    return invitation if invitation is not None and invitation.forum_id == forum.id else None


def render_form(forum, form, invitation, questions, status=200):
    return (
        render_template(
            "registration/register.html",
            forum=forum,
            form=form,
            invitation=invitation,
            questions=form.question_fields(questions),
            closed_reason=service.closed_reason(forum),
            seats_remaining=service.seats_remaining(invitation) if invitation else None,
            forum_full=not capacity.free_seats(forum),
            **service.notice_context(),
        ),
        status,
    )


def _registered(registration):
    remember(registration)
    if registration.has_ticket:
        flash(_("You are registered. Show this QR code at the door."), "success")
    else:
        flash(
            _("The forum is full: you are on the waitlist. We will tell you when a seat is yours."), "warning"
        )
    return redirect(url_for("registration_public.ticket", code=registration.ticket_code))


@bp.route("/f/<code>/register", methods=["GET", "POST"])
@limiter.limit(_public_limit, methods=["POST"])
def register(code):
    forum = get_public_forum_or_404(code)
    invitation = invitation_of_request(forum)
    questions = questions_of(forum)
    form = form_for(PublicRegistrationForm, questions)
    if request.method == "GET" or service.closed_reason(forum):
        return render_form(forum, form, invitation, questions)
    if form.homepage.data:
        abort(400)
    data = form.registration_data(questions)
    if data is None:
        return render_form(forum, form, invitation, questions, 422)
    try:
        registration = service.register(
            forum, data, invitation, Source.INVITATION if invitation else Source.PUBLIC
        )
    except RegistrationDataError as error:
        form.show_errors(error.errors)
        return render_form(forum, form, invitation, questions, 422)
    except service.AlreadyRegistered as error:
        return _already_registered(forum, form, invitation, questions, error)
    except service.RegistrationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return render_form(forum, form, invitation, questions, 409)
    notices.queue("ticket", [registration])
    db.session.commit()
    return _registered(registration)


def _already_registered(forum, form, invitation, questions, error):
    """The same person again gets their ticket back; someone else's number only a pointer to it."""
    db.session.rollback()
    existing = error.registration
    if error.same_person:
        flash(_("You were already registered for this forum: here is your ticket."), "info")
        return redirect(url_for("registration_public.ticket", code=existing.ticket_code))
    form.phone.errors = [
        *form.phone.errors,
        _(
            "This phone number or e-mail address is already registered for this forum under another name. "
            "If it is yours, open the link in your confirmation e-mail, or call %(office)s.",
            office=current_app.config["OFFICE_NAME"],
        ),
    ]
    return render_form(forum, form, invitation, questions, 409)


@bp.get("/f/<code>/organizations")
@limiter.limit(_public_limit)
def organizations(code):
    """Names of the directory's active organizations for the form's type-ahead (nothing else about them)."""
    get_public_forum_or_404(code)
    return {"items": search_organization_names(request.args.get("q", ""))}


def _ticket_key():
    return "ticket:" + str((request.view_args or {}).get("code", ""))[:100]


def ticket_limited(view):
    """The ticket pages' rate limits: per ticket, so a venue behind one address can open many
    tickets; per address only for codes that name no ticket, so guessing stays slow."""
    per_ticket = limiter.limit(_public_limit, key_func=_ticket_key)
    guesses = limiter.limit(_public_limit, deduct_when=lambda response: response.status_code == 404)
    return guesses(per_ticket(view))


def get_ticket_or_404(code):
    registration = service.find_by_ticket(code)
    if registration is None or not registration.forum.is_public:
        abort(404)
    return registration


@bp.get("/t/<code>")
@ticket_limited
def ticket(code):
    registration = get_ticket_or_404(code)
    url = tickets.ticket_url(registration)
    return render_template(
        "registration/ticket.html",
        registration=registration,
        forum=registration.forum,
        url=url,
        qr=qr_png_uri(url) if registration.has_ticket else None,
        is_mine=is_mine(registration),
        door=door_state(registration),
    )


def door_state(registration):
    """For door staff who opened the ticket with any camera app: (refusal, today's check-in); else None."""
    if not (current_user.is_authenticated and current_user.has_role(*DOOR)):
        return None
    return checkin_service.door_state(registration)


@bp.get("/t/<code>/qr.png")
@ticket_limited
def qr(code):
    registration = get_ticket_or_404(code)
    if not registration.has_ticket:
        abort(404)
    return Response(qr_png(tickets.ticket_url(registration)), mimetype="image/png")


@bp.get("/t/<code>/ticket.pdf")
@ticket_limited
def pdf(code):
    registration = get_ticket_or_404(code)
    return Response(
        tickets.ticket_pdf(registration),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="ticket-{registration.forum.public_code}.pdf"'},
    )


@bp.get("/t/<code>/ticket.ics")
@ticket_limited
def calendar(code):
    registration = get_ticket_or_404(code)
    return Response(
        tickets.ticket_calendar(registration),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="forum-{registration.forum.public_code}.ics"'},
    )


from app.registration import change_views, manage_views  # noqa: E402,F401  (routes register on bp)
