"""/api/v1/organizations/import and /export: the directory in and out of spreadsheets."""

import io

from flask import current_app, request, send_file
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app.api import bp, query
from app.api.common import ApiError, api_roles
from app.api.organizations import FILTER, filter_from_args
from app.auth.access import STAFF
from app.directory import exporting, importing
from app.directory.columns import guess_mapping
from app.directory.spreadsheets import FileProblem, read_table
from app.errors import drain_request_body
from app.extensions import db


def _uploaded_file():
    try:
        if not request.mimetype.startswith("multipart/form-data"):
            raise ApiError(415, "unsupported_media_type", "Send multipart/form-data with the file in `file`.")
        upload = request.files.get("file")
    except RequestEntityTooLarge as error:
        drain_request_body()
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        raise ApiError(413, "too_large", f"The file is larger than the limit of {limit} bytes.") from error
    if upload is None or not upload.filename:
        raise ApiError(400, "missing_file", "Send the file in the multipart field `file`.")
    return upload


@bp.post("/organizations/import")
@api_roles(*STAFF)
def import_organizations():
    upload = _uploaded_file()
    mode = request.form.get("mode") or importing.ImportMode.ALL_OR_NOTHING
    if mode not in set(importing.ImportMode):
        message = "mode is all_or_nothing or good_rows."
        raise ApiError(400, "bad_mode", message, {"mode": message})
    try:
        table = read_table(upload.filename, upload.read(), current_app.config["IMPORT_MAX_ROWS"])
    except FileProblem as problem:
        raise ApiError(problem.status, problem.code, problem.message) from problem
    plan = importing.plan_import(
        table,
        guess_mapping(table.headers),
        current_app.config["OFFICE_PROVINCE_CODE"],
        importing.read_default_kind(request.form.get("default_kind", "")),
    )
    if plan.problems:
        raise ApiError(422, "missing_column", " ".join(plan.problems))
    try:
        result = importing.run_import(plan, importing.ImportMode(mode), current_user)
    except importing.ImportConflict as error:
        db.session.rollback()
        message = "The directory changed during the import; nothing was kept."
        raise ApiError(409, "conflict", message) from error
    db.session.commit()
    return result.as_dict(), 200 if result.written else 422


FORMAT = query.Choice("format", tuple(exporting.FORMATS), "xlsx")


@bp.get("/organizations/export")
@api_roles(*STAFF)
@query.takes(FORMAT, *FILTER)
def export_organizations():
    file_type = FORMAT.read()
    organizations = exporting.organizations_to_export(filter_from_args())
    return send_file(
        io.BytesIO(exporting.FORMATS[file_type](organizations)),
        mimetype=exporting.MIMETYPES[file_type],
        as_attachment=True,
        download_name=exporting.file_name(exporting.EXPORT_NAME, file_type),
    )
