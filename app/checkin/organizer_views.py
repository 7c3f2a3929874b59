"""The organizers' check-in pages: live attendance, who has not come, and the scan log with its exports."""

from flask import Response, render_template, request

from app.auth.access import STAFF, role_required
from app.checkin import attendance, scanlog, service
from app.checkin.forms import UndoForm
from app.checkin.views import bp
from app.directory import labels as directory_labels
from app.forums.views import get_forum_or_404
from app.params import page_number

LOG_PER_PAGE = 100
#: How often the live page asks for new figures (ms): often enough to watch the door, light on the server.
POLL_MS = 5000


@bp.get("/<int:forum_id>/attendance")
@role_required(*STAFF)
def attendance_page(forum_id):
    forum = get_forum_or_404(forum_id)
    return render_template(
        "checkin/attendance.html",
        forum=forum,
        figures=attendance.attendance(forum),
        day=service.current_day(forum),
        absent=attendance.not_arrived(forum),
        walk_ins=attendance.walk_ins(forum),
        conflicts=attendance.conflicts(forum),
        undo_form=UndoForm(),
        poll_ms=POLL_MS,
        kind_labels=directory_labels.KIND_LABELS,
    )


@bp.get("/<int:forum_id>/attendance/absent")
@role_required(*STAFF)
def absent(forum_id):
    """The list of who has not arrived yet, for the live page to refresh in place."""
    forum = get_forum_or_404(forum_id)
    return render_template("checkin/_absent.html", forum=forum, absent=attendance.not_arrived(forum))


@bp.get("/<int:forum_id>/checkin/log")
@role_required(*STAFF)
def log(forum_id):
    forum = get_forum_or_404(forum_id)
    page = request.args.get("page", 1, type=page_number)
    scans, total = scanlog.list_scans(forum, page, LOG_PER_PAGE)
    return render_template(
        "checkin/log.html",
        forum=forum,
        scans=scans,
        total=total,
        page=page,
        pages=max(1, -(-total // LOG_PER_PAGE)),
    )


@bp.get("/<int:forum_id>/checkin/log.<any(xlsx, csv):fmt>")
@role_required(*STAFF)
def export_log(forum_id, fmt):
    forum = get_forum_or_404(forum_id)
    if fmt == "xlsx":
        body = scanlog.export_xlsx(forum)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, mimetype = scanlog.export_csv(forum), "text/csv; charset=utf-8"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="scan-log-{forum.id}.{fmt}"'},
    )
