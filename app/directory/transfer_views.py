"""The directory in and out of spreadsheets: export, and import by upload → preview → import."""

import io

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app.auth.access import STAFF, role_required
from app.directory import exporting, importing
from app.directory.columns import BY_FIELD, COLUMNS
from app.directory.forms import ImportUploadForm
from app.directory.spreadsheets import FileProblem
from app.directory.views import filter_from_request
from app.errors import drain_request_body
from app.extensions import db

bp = Blueprint("transfer", __name__, url_prefix="/directory")


def send(content, file_type, name):
    return send_file(
        io.BytesIO(content),
        mimetype=exporting.MIMETYPES[file_type],
        as_attachment=True,
        download_name=exporting.file_name(name, file_type),
    )


def size_limit_message():
    megabytes = current_app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024)
    return _("The file is larger than %(size)s MB. Split it into smaller files.", size=f"{megabytes:g}")


@bp.get("/export.<any(xlsx, csv):file_type>")
@role_required(*STAFF)
def export(file_type):
    organizations = exporting.organizations_to_export(filter_from_request())
    return send(exporting.FORMATS[file_type](organizations), file_type, exporting.EXPORT_NAME)


@bp.get("/import/template.xlsx")
@role_required(*STAFF)
def import_template():
    content = exporting.template_xlsx(current_app.config["OFFICE_PROVINCE_CODE"])
    return send(content, "xlsx", exporting.TEMPLATE_NAME)


def render_upload(form, status=200):
    return render_template(
        "directory/import_upload.html",
        form=form,
        max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
        max_rows=current_app.config["IMPORT_MAX_ROWS"],
        columns=COLUMNS,
    ), status


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """Too large to be read at all: say so on the upload page rather than on a bare error page."""
    drain_request_body()
    form = ImportUploadForm(formdata=None)
    form.file.errors = [size_limit_message()]
    return render_upload(form, 413)


@bp.route("/import", methods=["GET", "POST"])
@role_required(*STAFF)
def import_upload():
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return render_upload(form, 400 if form.errors else 200)
    try:
        upload = importing.accept_upload(
            current_user,
            form.file.data.filename,
            form.file.data.read(),
            current_app.config["IMPORT_MAX_ROWS"],
        )
    except FileProblem as problem:
        form.file.errors.append(problem.message)
        return render_upload(form, problem.status)
    db.session.commit()
    return redirect(url_for("transfer.import_preview", token=upload.token))


def planned_upload(token, values):
    """The user's upload and its plan with the mapping in `values`, or (None, None) and a message."""
    upload = importing.find_upload(token, current_user)
    if upload is None:
        flash(_("This upload has expired or was already imported. Please upload the file again."), "warning")
        return None, None
    try:
        plan = importing.plan_upload(
            upload,
            values.getlist("map"),
            values.get("default_kind", ""),
            current_app.config["OFFICE_PROVINCE_CODE"],
            current_app.config["IMPORT_MAX_ROWS"],
        )
    except FileProblem as problem:
        flash(problem.message, "error")
        return None, None
    return upload, plan


@bp.get("/import/<token>")
@role_required(*STAFF)
def import_preview(token):
    upload, plan = planned_upload(token, request.args)
    if upload is None:
        return redirect(url_for("transfer.import_upload"))
    return render_template(
        "directory/import_preview.html", upload=upload, plan=plan, columns=COLUMNS, columns_by_field=BY_FIELD
    )


@bp.post("/import/<token>")
@role_required(*STAFF)
def import_run(token):
    if request.form.get("mode") not in set(importing.ImportMode):
        abort(400)
    upload, plan = planned_upload(token, request.form)
    if upload is None:
        return redirect(url_for("transfer.import_upload"))
    if plan.problems:
        # Only a form sent past the preview gets here: the preview names the problems.
        return redirect(url_for("transfer.import_preview", token=token, map=plan.mapping_values))
    try:
        result = importing.run_import(plan, importing.ImportMode(request.form["mode"]), current_user)
    except importing.ImportConflict:
        db.session.rollback()
        flash(_("The directory was changed by someone else meanwhile. Please check and try again."), "error")
        return redirect(url_for("transfer.import_preview", token=token))
    if result.written:
        importing.discard_upload(upload)
    db.session.commit()
    return render_template("directory/import_result.html", upload=upload, plan=plan, result=result)


@bp.post("/import/<token>/cancel")
@role_required(*STAFF)
def import_cancel(token):
    upload = importing.find_upload(token, current_user)
    if upload is not None:
        importing.discard_upload(upload)
        db.session.commit()
    flash(_("Nothing was imported."), "info")
    return redirect(url_for("directory.index"))
