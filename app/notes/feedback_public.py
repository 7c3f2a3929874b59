"""The participant's side of the feedback survey: no account, a phone in one hand.

Two doors lead in: the survey's link for everybody (the QR on the last slide),
where the person gives the phone number they registered with, and a personal
link made of the ticket code (on the ticket page and in the message after the
forum). Either way the survey learns the registration only to let that person
answer once; an anonymous survey stores nothing that ties the answer to it.
"""

from dataclasses import asdict

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db, limiter
from app.notes import feedback, participants
from app.notes.forms import FeedbackForm, IdentifyForm
from app.notes.links import personal_feedback_url
from app.notes.models import FeedbackSurvey

bp = Blueprint("feedback_public", __name__)
#: The session key under which the door with the phone number remembers who came in.
SESSION_KEY = "feedback_participant"


@bp.app_template_global()
def ticket_feedback(registration):
    """What a ticket page shows of the survey: {"url", "answered"}, or None when there is none to offer."""
    survey = feedback.survey_to_offer(registration)
    if survey is None:
        return None
    participant = participants.Participant(registration.id, registration.organization_id)
    return {
        "url": personal_feedback_url(survey, registration),
        "answered": feedback.has_answered(survey, participant),
    }


def _public_limit():
    return current_app.config["PUBLIC_RATE_LIMIT"]


def get_survey_or_404(token):
    survey = db.session.scalar(select(FeedbackSurvey).where(FeedbackSurvey.token == token))
    if survey is None or not survey.forum.is_public:
        abort(404)
    return survey


def _scores(survey):
    return {q.id: request.form.get(f"q{q.id}", "") for q in survey.questions}


def _answer(survey, participant):
    """The survey form for a known participant: show it, take the answer, or say thank you."""
    if feedback.has_answered(survey, participant):
        return render_template("notes/feedback_thanks.html", survey=survey, forum=survey.forum, again=True)
    if not survey.is_open:
        return render_template("notes/feedback_closed.html", survey=survey, forum=survey.forum)
    form = FeedbackForm()
    error = None
    if form.validate_on_submit():
        try:
            feedback.submit_feedback(survey, _scores(survey), form.comment.data, participant)
        except feedback.FeedbackError as problem:
            db.session.rollback()
            if isinstance(problem, feedback.AlreadyAnswered):
                return render_template(
                    "notes/feedback_thanks.html", survey=survey, forum=survey.forum, again=True
                )
            error = str(problem)
        else:
            db.session.commit()
            session.pop(SESSION_KEY, None)
            return render_template(
                "notes/feedback_thanks.html", survey=survey, forum=survey.forum, again=False
            )
    return render_template(
        "notes/feedback_form.html",
        survey=survey,
        forum=survey.forum,
        form=form,
        chosen=_scores(survey) if request.method == "POST" else {},
        error=error,
        scale=feedback.SCALE,
    ), (422 if error else 200)


@bp.route("/feedback/<token>", methods=["GET", "POST"])
@limiter.limit(_public_limit, methods=["POST"])
def answer(token):
    survey = get_survey_or_404(token)
    remembered = session.get(SESSION_KEY)
    if remembered and remembered.get("survey") == survey.id:
        return _answer(survey, participants.Participant(**remembered["participant"]))
    form = IdentifyForm()
    if form.validate_on_submit():
        participant = participants.participant_by_phone(survey.forum, form.phone.data, form.short_code.data)
        if participant is not None:
            session[SESSION_KEY] = {"survey": survey.id, "participant": asdict(participant)}
            return redirect(url_for("feedback_public.answer", token=token))
        form.short_code.errors = [
            _(
                "This number and ticket code do not match a registration for this forum. Check both on"
                " your ticket."
            )
        ]
    return render_template("notes/feedback_identify.html", survey=survey, forum=survey.forum, form=form)


@bp.route("/feedback/<token>/<code>", methods=["GET", "POST"])
@limiter.limit(_public_limit, methods=["POST"])
def personal(token, code):
    survey = get_survey_or_404(token)
    participant = participants.participant_by_code(survey.forum, code)
    if participant is None:
        abort(404)
    return _answer(survey, participant)
