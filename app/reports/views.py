"""The printed documents of a forum, for its organizers: the summary report."""

from flask import Blueprint, abort
from flask_babel import force_locale

from app.auth.access import STAFF, role_required
from app.extensions import db
from app.forums.models import Forum
from app.reports.pdf import pdf_response
from app.reports.summary import REPORT_TITLES, render_summary_report
from app.thai import be_year, to_bangkok

bp = Blueprint("reports", __name__, url_prefix="/forums")


@bp.get("/<int:forum_id>/summary.pdf")
@role_required(*STAFF)
def forum_summary(forum_id):
    """The forum summary report (สรุปผลการจัดเวที) as a PDF to print or send on."""
    forum = db.session.get(Forum, forum_id)
    if forum is None:
        abort(404)
    pdf = render_summary_report(forum)
    start = to_bangkok(forum.starts_at)
    with force_locale("th"):
        filename = f"{REPORT_TITLES[forum.kind]}-{be_year(start)}-{start:%m-%d}.pdf"
    return pdf_response(pdf, filename)
