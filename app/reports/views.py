"""The organizer's forum documents: download, or follow a big one being made in the background."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import STAFF, role_required
from app.extensions import db
from app.forums.models import Forum
from app.reports import generated
from app.reports.certificate_mail import CertificateMailError, email_certificates
from app.reports.certificates import eligible_registrations, forum_is_over
from app.reports.documents import DESCRIPTIONS, FORUM_DOCUMENTS
from app.reports.pdf import pdf_response

bp = Blueprint("documents", __name__, url_prefix="/forums/<int:forum_id>/documents")
#: The documents' addresses in the API contract (shared/API.md), kept for links other systems hold.
contract_bp = Blueprint("document_paths", __name__, url_prefix="/forums/<int:forum_id>")
#: Contract path → the document kind it names.
CONTRACT_PATHS = {"report": "summary-report", "sign-in-sheet": "sign-in-sheet", "badges": "badges"}


def get_forum_or_404(forum_id):
    forum = db.session.get(Forum, forum_id)
    if forum is None:
        abort(404)
    return forum


def get_kind_or_404(name):
    kind = generated.get(name)
    if kind is None:
        abort(404)
    return kind


@bp.app_template_global()
def forum_documents(forum):
    """The forum's documents as its page links them: [(status, description)]."""
    return [(generated.status(kind, forum), DESCRIPTIONS.get(kind.name, "")) for kind in FORUM_DOCUMENTS]


@bp.app_template_global()
def signer_is_set():
    """Whether letters and certificates have a signer's name to print (setting SIGNER_NAME)."""
    return bool((current_app.config.get("SIGNER_NAME") or "").strip())


@bp.get("/<name>.pdf")
@role_required(*STAFF)
def download(forum_id, name):
    forum, kind = get_forum_or_404(forum_id), get_kind_or_404(name)
    if not generated.in_background(kind, forum):
        pdf = generated.render_now(kind, forum)
        db.session.commit()  # certificates printed for the first time are issued now
        return pdf_response(pdf, kind.filename(forum))
    record = generated.current_record(kind, forum)
    if not generated.is_ready(record):
        return redirect(url_for("documents.show", forum_id=forum.id, name=name))
    with open(generated.file_path(record), "rb") as kept:
        return pdf_response(kept.read(), kind.filename(forum))


@bp.get("/<name>")
@role_required(*STAFF)
def show(forum_id, name):
    forum, kind = get_forum_or_404(forum_id), get_kind_or_404(name)
    return render_template(
        "reports/document.html",
        forum=forum,
        document=generated.status(kind, forum),
        description=DESCRIPTIONS.get(kind.name, ""),
    )


@bp.post("/<name>")
@role_required(*STAFF)
def prepare(forum_id, name):
    forum, kind = get_forum_or_404(forum_id), get_kind_or_404(name)
    generated.prepare(kind, forum, created_by=current_user)
    db.session.commit()
    return redirect(url_for("documents.show", forum_id=forum.id, name=name))


@bp.get("/certificates/email")
@role_required(*STAFF)
def certificates_email_page(forum_id):
    forum = get_forum_or_404(forum_id)
    eligible = eligible_registrations(forum)
    return render_template(
        "reports/certificates_email.html",
        forum=forum,
        eligible=eligible,
        with_address=[r for r in eligible if r.email],
        is_over=forum_is_over(forum),
    )


@bp.post("/certificates/email")
@role_required(*STAFF)
def email(forum_id):
    forum = get_forum_or_404(forum_id)
    try:
        job = email_certificates(forum, created_by=current_user)
    except CertificateMailError as error:
        flash(str(error), "warning")
        return redirect(url_for("documents.certificates_email_page", forum_id=forum.id))
    db.session.commit()
    if job is None:
        flash(_("Every participant with an e-mail address already has their certificate."), "info")
        return redirect(url_for("documents.certificates_email_page", forum_id=forum.id))
    return redirect(url_for("jobs.show", job_id=job.id))


@contract_bp.get('/<any("report", "sign-in-sheet", "badges"):name>.pdf')
@role_required(*STAFF)
def contract_path(forum_id, name):
    """The contract's /forums/{id}/report.pdf (and the sheet's and badges') lead to the document."""
    forum = get_forum_or_404(forum_id)
    return redirect(url_for("documents.download", forum_id=forum.id, name=CONTRACT_PATHS[name]))
