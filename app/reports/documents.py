"""The printed documents of a forum that organizers download: the kinds app.reports.generated knows."""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.directory.models import Organization
from app.extensions import db
from app.forums import invitations, letters
from app.forums.models import AgendaItem, Invitation
from app.notes.models import ActionItem, FeedbackResponse, FeedbackSurvey, LessonNote
from app.registration.models import Registration, RegistrationStatus
from app.reports import generated
from app.reports.badges import build_badges
from app.reports.certificates import build_certificates
from app.reports.generated import DocumentKind, forum_data, whole
from app.reports.signin import build_sign_in_sheet
from app.reports.summary import REPORT_TITLES, render_summary_report
from app.reports.summary_photos import photo_data
from app.thai import be_year, to_bangkok


def confirmed_count(forum):
    """The rows of the sign-in sheets: one per confirmed seat."""
    return db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.forum_id == forum.id, Registration.status == RegistrationStatus.CONFIRMED
        )
    )


def agenda_rows(forum):
    return db.session.execute(
        select(*AgendaItem.__table__.columns).where(AgendaItem.forum_id == forum.id).order_by(AgendaItem.id)
    ).all()


def invitation_count(forum):
    return db.session.scalar(select(func.count(Invitation.id)).where(Invitation.forum_id == forum.id))


def letters_data(forum):
    """A letter tells the forum, its agenda, the organization's address and its invitation's link."""
    organizations = db.session.execute(
        select(func.max(Invitation.id), func.max(Organization.updated_at))
        .join(Organization, Organization.id == Invitation.organization_id)
        .where(Invitation.forum_id == forum.id)
    ).one()
    prefix = current_app.config.get("OFFICE_DOCUMENT_PREFIX")
    return [*forum_data(forum), agenda_rows(forum), invitation_count(forum), *organizations, prefix]


def letters_filename(forum):
    with force_locale("th"):
        return f"{_('Invitation letters')}-{forum.public_code}.pdf"


def summary_data(forum):
    """The summary report also tells the agenda, the invitations, the notes and their photos, action items
    and feedback."""
    agenda = agenda_rows(forum)
    changes = [
        db.session.execute(
            select(func.count(model.id), func.max(stamp)).where(model.forum_id == forum.id)
        ).one()
        for model, stamp in (
            (Invitation, Invitation.id),
            (LessonNote, LessonNote.updated_at),
            (ActionItem, ActionItem.updated_at),
        )
    ]
    feedback = db.session.execute(
        select(func.count(FeedbackResponse.id), func.max(FeedbackResponse.id))
        .join(FeedbackSurvey, FeedbackSurvey.id == FeedbackResponse.survey_id)
        .where(FeedbackSurvey.forum_id == forum.id)
    ).one()
    return [*forum_data(forum), agenda, *changes, feedback, *photo_data(forum)]


def summary_filename(forum):
    start = to_bangkok(forum.starts_at)
    with force_locale("th"):
        return f"{REPORT_TITLES[forum.kind]}-{be_year(start)}-{start:%m-%d}.pdf"


SUMMARY_REPORT = DocumentKind(
    "summary-report",
    _l("Summary report"),
    filename=summary_filename,
    build=whole(render_summary_report),
    # An attendee's row in the appendix is the bulk of a big report.
    size=confirmed_count,
    fingerprint=summary_data,
)
INVITATION_LETTERS = DocumentKind(
    "invitation-letters",
    _l("Invitation letters"),
    filename=letters_filename,
    build=whole(lambda forum: letters.letters_pdf(forum, invitations.invitations_of(forum))),
    # A letter with its agenda page is about ten sheet rows' work (bench/letters.py).
    size=lambda forum: 10 * invitation_count(forum),
    fingerprint=letters_data,
)
SIGN_IN_SHEET = DocumentKind(
    "sign-in-sheet",
    _l("Sign-in sheet"),
    filename=lambda forum: f"แบบลงทะเบียน-{forum.public_code}.pdf",
    build=build_sign_in_sheet,
    size=confirmed_count,
)
ATTENDANCE_SHEET = DocumentKind(
    "attendance-sheet",
    _l("Sign-in sheet with attendance"),
    filename=lambda forum: f"ผู้เข้าร่วม-{forum.public_code}.pdf",
    build=lambda forum: build_sign_in_sheet(forum, attendance=True),
    size=confirmed_count,
)
BADGES = DocumentKind(
    "badges",
    _l("Name badges"),
    filename=lambda forum: f"ป้ายชื่อ-{forum.public_code}.pdf",
    build=build_badges,
    # A badge takes about twice the work of a sheet's row, a certificate three times (bench/documents.py).
    size=lambda forum: 2 * confirmed_count(forum),
)
CERTIFICATES = DocumentKind(
    "certificates",
    _l("Certificates of participation"),
    filename=lambda forum: f"เกียรติบัตร-{forum.public_code}.pdf",
    build=build_certificates,
    size=lambda forum: 3 * confirmed_count(forum),
    # Making it issues the certificates: one request must give the file it filed.
    fingerprint=lambda forum: forum_data(forum, certificates=False),
)
FORUM_DOCUMENTS = (SUMMARY_REPORT, INVITATION_LETTERS, SIGN_IN_SHEET, ATTENDANCE_SHEET, BADGES, CERTIFICATES)

DESCRIPTIONS = {
    SUMMARY_REPORT.name: _l(
        "Details, agenda, participation, lessons learned, action items and feedback, to print or send on."
    ),
    INVITATION_LETTERS.name: _l(
        "One letter for each invited organization, with its own QR link, to print at once."
    ),
    SIGN_IN_SHEET.name: _l(
        "To sign at the door: everyone with a seat, by kind of organization, and empty rows."
    ),
    ATTENDANCE_SHEET.name: _l("After the forum: the same list with who checked in marked."),
    BADGES.name: _l("Eight to an A4 sheet with crop marks, with the ticket's QR code."),
    CERTIFICATES.name: _l("One for each participant who checked in, with a QR code to verify it."),
}


def register_document_kinds():
    for kind in FORUM_DOCUMENTS:
        generated.register(kind)
