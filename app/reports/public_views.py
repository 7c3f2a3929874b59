"""Certificates for people without an account: a certificate's verify page, the participant's own copy."""

from flask import Blueprint, abort, current_app, render_template

from app.extensions import db, limiter
from app.registration.public_views import ticket_limited
from app.registration.service import find_by_ticket
from app.reports.certificates import available_to_participant, certificate_pdf, find_certificate
from app.reports.pdf import pdf_response

bp = Blueprint("certificates_public", __name__)


def _public_limit():
    return current_app.config["PUBLIC_RATE_LIMIT"]


@bp.app_template_global()
def certificate_available(registration):
    return available_to_participant(registration)


def get_ticket_or_404(code):
    registration = find_by_ticket(code)
    if registration is None or not registration.forum.is_public:
        abort(404)
    return registration


@bp.get("/certificates/<code>")
@limiter.limit(_public_limit)
def verify(code):
    """Says whether a certificate is genuine, and whose; nothing to list or search."""
    certificate = find_certificate(code)
    status = 200 if certificate is not None else 404
    return render_template("reports/certificate_verify.html", certificate=certificate), status


@bp.get("/t/<code>/certificate.pdf")
@ticket_limited
def download(code):
    registration = get_ticket_or_404(code)
    if not available_to_participant(registration):
        abort(404)
    pdf = certificate_pdf(registration)
    db.session.commit()
    return pdf_response(pdf, f"เกียรติบัตร-{registration.forum.public_code}.pdf")
