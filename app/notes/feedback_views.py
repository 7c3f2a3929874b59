"""The organizers' side of a forum's feedback survey: questions, the link and its QR, the results."""

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from app.auth.access import STAFF, role_required
from app.extensions import db
from app.forums.views import get_forum_or_404
from app.notes import feedback
from app.notes.forms import SurveyForm
from app.notes.links import feedback_url
from app.qr import qr_png

bp = Blueprint("feedback", __name__)


@bp.route("/forums/<int:forum_id>/feedback")
@role_required(*STAFF)
def results(forum_id):
    forum = get_forum_or_404(forum_id)
    survey = feedback.survey_of(forum)
    return render_template(
        "notes/feedback_results.html",
        forum=forum,
        survey=survey,
        results=feedback.feedback_results(forum),
        link=feedback_url(survey) if survey else None,
        scale=feedback.SCALE,
    )


@bp.route("/forums/<int:forum_id>/feedback/setup", methods=["GET", "POST"])
@role_required(*STAFF)
def setup(forum_id):
    forum = get_forum_or_404(forum_id)
    survey = feedback.survey_of(forum)
    form = SurveyForm()
    if request.method == "GET":
        form.fill_from(survey)
    elif form.validate_on_submit():
        try:
            feedback.update_survey(feedback.ensure_survey(forum), form.question_texts(), form.anonymous.data)
        except feedback.FeedbackError as error:
            db.session.rollback()
            form.questions.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("The survey is saved. Share its link or show its QR code."), "success")
            return redirect(url_for("feedback.results", forum_id=forum.id))
    locked = survey is not None and not feedback.can_change_design(survey)
    return render_template("notes/feedback_setup.html", forum=forum, form=form, locked=locked)


@bp.post("/forums/<int:forum_id>/feedback/state")
@role_required(*STAFF)
def set_state(forum_id):
    forum = get_forum_or_404(forum_id)
    survey = feedback.ensure_survey(forum)
    feedback.set_open(survey, request.form.get("open") == "1")
    db.session.commit()
    flash(_("The survey is open for answers.") if survey.is_open else _("The survey is closed."), "success")
    return redirect(url_for("feedback.results", forum_id=forum.id))


@bp.get("/forums/<int:forum_id>/feedback/qr.png")
@role_required(*STAFF)
def qr(forum_id):
    """The QR code of the survey's link, for the last slide and the printed programme."""
    forum = get_forum_or_404(forum_id)
    survey = feedback.survey_of(forum) or abort(404)
    return send_file(
        io.BytesIO(qr_png(feedback_url(survey), module_px=12)),
        mimetype="image/png",
        download_name=f"feedback-qr-{forum.id}.png",
        as_attachment=request.args.get("download") == "1",
    )


@bp.get("/forums/<int:forum_id>/feedback/slide")
@role_required(*STAFF)
def slide(forum_id):
    """A full-screen page with the QR code, to show on the projector at the end of the forum."""
    forum = get_forum_or_404(forum_id)
    survey = feedback.survey_of(forum) or abort(404)
    return render_template("notes/feedback_slide.html", forum=forum, survey=survey, link=feedback_url(survey))
