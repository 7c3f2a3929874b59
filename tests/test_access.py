"""Every route × every role: who gets in, and who gets 302, 401 or 403.

A new route fails here until it is given its place in ACCESS or PUBLIC.
"""

from datetime import date

import pytest

from app.auth.models import Role
from app.extensions import db
from app.forums import mailing
from app.jobs import service as jobs
from tests.clock import in_bangkok

ANYONE_LOGGED_IN = {Role.ADMIN, Role.ORGANIZER, Role.CHECKIN}
STAFF = {Role.ADMIN, Role.ORGANIZER}
ADMIN = {Role.ADMIN}
#: The door staff: check-in is the one thing the checkin role may do besides its own profile.
DOOR = {Role.ADMIN, Role.ORGANIZER, Role.CHECKIN}

#: Endpoints anybody may open, logged in or not.
PUBLIC = {
    "static",
    "main.home",
    "main.set_language",
    "main.health",
    "auth.login",
    "api.openapi_document",
    # A forum's public page, card, calendar file and registration link, and an invitation's page:
    # reachable by anybody holding the link (drafts are 404, see tests/forums/test_public.py).
    "forums_public.forum",
    "forums_public.card",
    "forums_public.calendar",
    "forums_public.invitation",
    "forums_public.decline",
    # The self-update link: the token in the URL is the key (tested in tests/directory/test_self_update.py).
    "self_update.edit",
    "self_update.confirm",
    "self_update.places",
    # The organization's yearly report form behind the same link (tests/network/test_public_report.py).
    "self_update.report",
    # The feedback survey: its link for everybody (who then gives their phone number) and the
    # personal link made of a ticket code (tests/notes/test_feedback_views.py).
    "feedback_public.answer",
    "feedback_public.personal",
    # Registration without an account: the form and its organization search, a ticket (its code is the
    # secret), a person's manage link, and an invited organization's delegates (its token is the secret).
    "registration_public.register",
    "registration_public.organizations",
    "registration_public.ticket",
    "registration_public.qr",
    "registration_public.pdf",
    "registration_public.calendar",
    "registration_public.manage",
    "registration_public.cancel",
    "registration_public.replace",
    "registration_public.cancel_delegate",
    # Asking the organization's contact to confirm a delegate's cancelling or replacing, and the
    # contact's signed link (tests/registration/test_delegate_changes.py).
    "registration_public.ask_change",
    "registration_public.confirm_change",
    # A certificate's verify page (its random code is the key) and the participant's own certificate from
    # the ticket's page (the ticket code is the key): tests/reports/test_certificates.py.
    "certificates_public.verify",
    "certificates_public.download",
}

#: The roles that may use each endpoint (by endpoint name or blueprint prefix).
ACCESS = {
    "auth.logout": ANYONE_LOGGED_IN,
    "auth.logout_everywhere": ANYONE_LOGGED_IN,
    "auth.password": ANYONE_LOGGED_IN,
    "auth.profile": ANYONE_LOGGED_IN,
    "auth.revoke_token": ANYONE_LOGGED_IN,
    "admin.": ADMIN,
    "directory.booklet": STAFF,
    "directory.": STAFF,
    # Network health: the dashboard, its lists, the losing-touch list, the annual report (tests/network/).
    "network.": STAFF,
    # Queue invitation or reminder e-mails, and follow a forum's e-mail job.
    "forums.email_all": STAFF,
    "forums.mailing_page": STAFF,
    "forums.": STAFF,
    # The forum summary report (tests/reports/test_summary.py).
    "transfer.": STAFF,
    "jobs.": STAFF,
    "registration.": STAFF,
    # A note's photo is open to anybody only when its forum says so (tests/notes/test_views.py).
    "notes.": STAFF,
    "actions.": STAFF,
    "feedback.": STAFF,
    # The door: find and check in, walk-ins, undo; the forums of the week to start from.
    "checkin.forums": DOOR,
    "checkin.search": DOOR,
    "checkin.check_in": DOOR,
    "checkin.walk_in": DOOR,
    "checkin.organization_search": DOOR,
    "checkin.undo": DOOR,
    # Live attendance and the scan log are the organizers'.
    "checkin.": STAFF,
    "api.check_in": DOOR,
    "api.forum_attendance": DOOR,
    "api.forum_roster": DOOR,
    "api.create_walk_in": DOOR,
    # A forum's printed documents: sign-in sheet, badges, certificates (tests/reports/test_documents.py).
    "documents.": STAFF,
    # The contract's paths of three of them (shared/API.md), redirecting to the documents.
    "document_paths.": STAFF,
    "api.": STAFF,
    # The scanner page: door staff and organizers (tests/e2e/scanner/test_scanner.py).
    "checkin.scanner": ANYONE_LOGGED_IN,
    "checkin.scanner_worker": ANYONE_LOGGED_IN,
}


def allowed_roles(endpoint):
    if endpoint in ACCESS:
        return ACCESS[endpoint]
    for prefix, roles in ACCESS.items():
        if prefix.endswith(".") and endpoint.startswith(prefix):
            return roles
    return None


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


@pytest.fixture
def url_values(organization, create_organization, create_user, forum):
    from datetime import time

    from app.checkin import service as checkin_service
    from app.forums import agenda, invitations
    from app.registration import questions, service
    from app.registration.fields import parse_registration

    user = create_user(Role.CHECKIN)
    other = create_organization(name="องค์กรอื่นสำหรับทดสอบสิทธิ์")
    item = agenda.add_agenda_item(forum, {"start_time": time(10), "title": "เปิดงาน"})
    (invitation,) = invitations.invite_organizations(forum, [other])
    # A forum's e-mail job: the jobs pages show it, and so does the forum's own mailing page.
    parameters = {"forum_id": forum.id, "invitation_ids": [], "base_url": ""}
    job = jobs.create_job(mailing.INVITATIONS, parameters=parameters, in_background=False)
    question = questions.add_question(forum, {"label": "ขนาดเสื้อ", "kind": "text"})
    person = parse_registration({"first_name": "สมชาย", "last_name": "ใจดี", "phone": "0812345678"})
    registration = service.register(forum, person)
    note, action, _survey = notes_for_access(forum, organization)
    # Checked in on the forum's day: the door is closed on any other.
    checkin = checkin_service.check_in(forum.id, registration.ticket_code, user, now=forum.starts_at).checkin
    attachment = report_attachment_for_access(organization)
    db.session.commit()
    return {
        "note_id": note.id,
        "photo_id": note.photos[0].id,
        "filename": note.photos[0].filename,
        "action_id": action.id,
        "organization_id": organization.id,
        "other_id": other.id,
        "user_id": user.id,
        "token_id": 1,
        "forum_id": forum.id,
        "item_id": item.id,
        "invitation_id": invitation.id,
        "token": "no-such-upload",
        "file_type": "csv",
        "job_id": job.id,
        "question_id": question.id,
        "registration_id": registration.id,
        "fmt": "csv",
        "checkin_id": checkin.id,
        "attachment_id": attachment.id,
        "report_id": attachment.report_id,
        "name": "sign-in-sheet",
    }


def report_attachment_for_access(organization):
    """A yearly report with a PDF attached, for the network routes."""
    import io

    from app.network import reports
    from app.network.models import AnnualReport

    report = AnnualReport(organization_id=organization.id, fiscal_year=2562)
    db.session.add(report)
    db.session.flush()
    return reports.add_attachment(report, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "report.pdf")


def notes_for_access(forum, organization):
    """A note with a photo, an action item and a feedback survey, for the notes routes."""
    import io

    from PIL import Image

    from app.notes import actions, feedback, photos
    from app.notes import service as notes_service

    picture = io.BytesIO()
    Image.new("RGB", (8, 8)).save(picture, "PNG")
    picture.seek(0)
    note = notes_service.create_note(
        forum, {"category": "other", "body": "x"}, None, [photos.store_photo(picture, "a.png")]
    )
    action = actions.create_action_item(forum, {"description": "y", "owner_organization": organization})
    return note, action, feedback.ensure_survey(forum)


def test_every_route_has_an_access_rule(app):
    missing = sorted({rule.endpoint for rule, _ in routes(app) if allowed_roles(rule.endpoint) is None})
    assert missing == []


#: The forum's morning, an hour before it starts: the door is open (the roster and check-in follow
#: its window) and registration still is.
ON_THE_FORUMS_DAY = in_bangkok(date(2099, 10, 25), 9)


@pytest.mark.parametrize("clock", [ON_THE_FORUMS_DAY], ids=["forum-day"], indirect=True)
@pytest.mark.parametrize("role", [None, Role.ADMIN, Role.ORGANIZER, Role.CHECKIN])
def test_role_matrix(app, clock, client, login_as, url_values, role):
    if role is not None:
        login_as(role)
    wrong = []
    for rule, method in routes(app):
        url = rule.build({k: url_values[k] for k in rule.arguments}, append_unknown=False)[1]
        allowed = allowed_roles(rule.endpoint)
        is_api = url.startswith("/api/")
        if role is None:
            expected = {401} if is_api else {302}
        elif role not in allowed:
            expected = {403}
        elif method == "GET":
            expected = {200, 302}
        else:
            continue  # writes by permitted roles are tested where their rules are
        # Closed at once: a file sent from disk (a report's attachment) stays open until then.
        with client.open(url, method=method, json={} if is_api and method != "GET" else None) as response:
            status = response.status_code
        if status not in expected:
            wrong.append(f"{method} {url}: {status}, expected {sorted(expected)}")
        if role is None and not is_api and status == 302:
            location = client.open(url, method=method).headers["Location"]
            if not location.startswith("/login"):
                wrong.append(f"{method} {url}: redirects to {location}, not to the login page")
    assert wrong == []
