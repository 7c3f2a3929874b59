"""The scanner page at /forums/<id>/checkin: a phone's camera at the door (static/js/scanner.js).

The page itself only hands the script its settings and words; scans go to the check-in API
(POST /api/v1/checkin) and the roster the phone keeps offline comes from
GET /api/v1/forums/<id>/roster.
"""

import os

from flask import Response, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import pgettext
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from app.auth.access import DOOR, STAFF, role_required
from app.checkin.views import bp
from app.extensions import db
from app.forums.models import Forum
from app.registration.fields import PREFIXES
from app.registration.questions import questions_of
from app.registration.service import notice_context


def scanner_text():
    """The scanner's words, translated here for the script; {name} marks what it fills in."""
    return {
        # Titles of their own (a context), short enough for one line in large type on a phone.
        "titles": {
            "ok": pgettext("scanner answer", "Checked in"),
            "already_checked_in": pgettext("scanner answer", "Already checked in"),
            "unknown": pgettext("scanner answer", "Ticket not found"),
            "wrong_forum": pgettext("scanner answer", "Ticket for another event"),
            "cancelled": pgettext("scanner answer", "Registration cancelled"),
            "waitlisted": pgettext("scanner answer", "On the waiting list"),
            "door_closed": pgettext("scanner answer", "Check-in is closed"),
            "error": pgettext("scanner answer", "Could not check this ticket"),
        },
        "hints": {
            "unknown": _(
                "This code is not a ticket of this event. Ask for the person's name and find them by name."
            ),
            "wrong_forum": _(
                "This ticket is for a different event. Check the event's name and date with the person."
            ),
            "cancelled": _(
                "This registration was cancelled. Please send the person to the registration desk."
            ),
            "waitlisted": _(
                "This person has no confirmed seat yet. Please send them to the registration desk."
            ),
            "door_closed": _(
                "This event takes check-ins only on its days. An organizer can correct the record afterwards."
            ),
            "error": _("Try again, or type the code below."),
        },
        "search_checked_in": _("Checked in %(time)s", time="{time}"),
        "walk_in_queued": _("Registered on this phone; it will be sent when the network is back."),
        "walk_in_existing": _(
            "Already registered: %(name)s (%(organization)s).", name="{name}", organization="{organization}"
        ),
        "checked_in_at_by": _("at %(time)s by %(staff)s", time="{time}", staff="{staff}"),
        "checked_in_at": _("at %(time)s", time="{time}"),
        "clock": _("%(hours)s:%(minutes)s", hours="{hours}", minutes="{minutes}"),
        "answered_offline": _(
            "Answered from the list on this phone; it will be sent when the network is back."
        ),
        "online": _("Online"),
        "offline": _("Offline"),
        "waiting": _("Waiting to be sent: %(count)s", count="{count}"),
        "all_sent": _("All scans sent"),
        "none_waiting": _("Nothing waiting to be sent"),
        "refused": _("Refused by the server: %(count)s", count="{count}"),
        "answered_refused": _(
            "Answered from the list on this phone, but the server did not take this scan: "
            "see the refused scans below."
        ),
        "history_refused": _("Not recorded"),
        "discard_all": _(
            "Discard all %(count)s scans? Nobody in this list will be checked in from them.",
            count="{count}",
        ),
        "unknown_code": _("Unknown code %(code)s", code="{code}"),
        # Why the server refused a scan, by HTTP status, in words a volunteer acts on.
        "reasons": {
            "login": _(
                "Your login may have expired, or you may no longer be allowed to check people in. "
                "Log in again, then retry."
            ),
            "404": _("This event is no longer on the server. Please ask the organizer."),
            "walk_in_422": _(
                "The server needs more details for this walk-in (the forum's questions, a valid phone "
                "number). Register the person with the full walk-in form."
            ),
            "409": _(
                "Already registered with this phone number, or no seat is left. "
                "Find the person by name, or ask an organizer."
            ),
            "422": _(
                "The server could not read this code as a ticket. "
                "Find the person by name and check them in there."
            ),
            "other": _(
                "The server did not take this scan (error %(status)s). "
                "Retry later; if it is refused again, find the person by name.",
                status="{status}",
            ),
        },
        "roster": _("List of %(count)s people, updated %(time)s", count="{count}", time="{time}"),
        "no_roster": _("No list on this phone yet: it loads when the network is there."),
        "starting_camera": _("Starting the camera…"),
        "pause": _("Pause"),
        "sound_on": _("Sound on"),
        "sound_off": _("Sound off"),
        "resume": _("Scan again"),
    }


@bp.route("/<int:forum_id>/checkin")
@role_required(*DOOR)
def scanner(forum_id):
    forum = db.get_or_404(Forum, forum_id)
    settings = {
        "forum_id": forum.id,
        "checkin_url": f"{request.script_root}/api/v1/checkin",
        "roster_url": f"{request.script_root}/api/v1/forums/{forum.id}/roster",
        "walk_in_url": f"{request.script_root}/api/v1/forums/{forum.id}/walk-ins",
        "wasm_base": url_for("static", filename="vendor/barcode-detector/"),
        "worker_url": url_for("checkin.scanner_worker"),
        "csrf_token": generate_csrf(),
        "staff_name": current_user.display_name,
        "text": scanner_text(),
    }
    back_url = (
        url_for("forums.show", forum_id=forum.id)
        if current_user.has_role(*STAFF)
        else url_for("checkin.forums")
    )
    # Logging in again brings the volunteer back here, to a page that matches the new login.
    login_url = url_for("auth.login", next=url_for("checkin.scanner", forum_id=forum.id))
    return render_template(
        "checkin/scanner.html",
        forum=forum,
        settings=settings,
        back_url=back_url,
        login_url=login_url,
        prefixes=PREFIXES,
        # The phone's walk-in form asks no questions: it says so when the forum has some it requires.
        walk_in_questions=any(q.required for q in questions_of(forum)),
        **notice_context(),
    )


@bp.route("/checkin-worker.js")
@role_required(*DOOR)
def scanner_worker():
    """The scanner's service worker, served from /forums/ so that its scope covers every forum's scanner."""
    # Read whole (it is small) rather than streamed from an open file.
    with open(os.path.join(current_app.static_folder, "js", "scanner-worker.js"), "rb") as script:
        body = script.read()
    return Response(body, mimetype="text/javascript", headers={"Cache-Control": "no-cache"})
