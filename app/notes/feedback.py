"""The participants' feedback survey of a forum: questions, one answer per participant, results.

One answer per participant holds through a FeedbackReceipt (survey, registration)
whose primary key refuses a second one. In a named survey the answer also carries
the registration; in an anonymous one it carries nothing about the person (no
registration, no organization, the day but not the time), and the receipt carries
nothing about the answer, so nothing in the data joins the two.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.notes import participants
from app.notes.models import (
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackReceipt,
    FeedbackResponse,
    FeedbackSurvey,
    today_in_bangkok,
)
from app.thai import clean_text, search_key
from app.timeutil import utcnow

DEFAULT_QUESTIONS = (
    _l("Content of the forum"),
    _l("Speakers"),
    _l("Venue and timing"),
    _l("Usefulness for your organization's work"),
    _l("Overall satisfaction"),
)
#: The 5-level scale, highest first, as the form shows it.
SCALE = {
    5: _l("Very high"),
    4: _l("High"),
    3: _l("Moderate"),
    2: _l("Low"),
    1: _l("Very low"),
}
#: A mean (rounded to 2 decimals) from this value up reads as this level of the scale.
BANDS = ((Decimal("4.51"), 5), (Decimal("3.51"), 4), (Decimal("2.51"), 3), (Decimal("1.51"), 2))
QUESTION_LIMIT = 300
COMMENT_LIMIT = 5000
MAX_QUESTIONS = 20
TWO_PLACES = Decimal("0.01")


class FeedbackError(Exception):
    """An answer or a change the survey refuses; the message is for people."""


class AlreadyAnswered(FeedbackError):
    def __init__(self):
        super().__init__(_("You have already answered this survey. Thank you!"))


class SurveyClosed(FeedbackError):
    def __init__(self):
        super().__init__(_("This survey is closed."))


# The organizer's side


def survey_of(forum):
    return db.session.scalar(select(FeedbackSurvey).where(FeedbackSurvey.forum_id == forum.id))


def ensure_survey(forum):
    """The forum's survey, made with the default questions (in Thai) the first time."""
    survey = survey_of(forum)
    if survey is None:
        with force_locale("th"):
            texts = [str(text) for text in DEFAULT_QUESTIONS]
        survey = FeedbackSurvey(forum_id=forum.id, anonymous=False, is_open=True)
        survey.questions = [FeedbackQuestion(position=i, text=t) for i, t in enumerate(texts)]
        db.session.add(survey)
        db.session.flush()
    return survey


def response_count(survey):
    return db.session.scalar(select(func.count()).where(FeedbackResponse.survey_id == survey.id))


def can_change_design(survey):
    """Questions and anonymity are settled by the first answer: changing them would mix two surveys."""
    return response_count(survey) == 0


def update_survey(survey, questions, anonymous):
    """Set the questions (in order) and whether answers are anonymous.

    :raise FeedbackError: answers exist already, or the questions are empty or too many.
    """
    texts = [t for t in (clean_text(q)[:QUESTION_LIMIT] for q in questions) if t]
    if not texts:
        raise FeedbackError(_("Keep at least one question."))
    if len(texts) > MAX_QUESTIONS:
        raise FeedbackError(_("At most %(n)d questions.", n=MAX_QUESTIONS))
    current = [q.text for q in survey.questions]
    if (texts != current or bool(anonymous) != survey.anonymous) and not can_change_design(survey):
        raise FeedbackError(_("People have answered already: questions and anonymity can no longer change."))
    if texts != current:
        survey.questions = [FeedbackQuestion(position=i, text=t) for i, t in enumerate(texts)]
    survey.anonymous = bool(anonymous)
    db.session.flush()
    return survey


def set_open(survey, is_open):
    survey.is_open = bool(is_open)
    db.session.flush()


# The participant's side


def has_answered(survey, participant):
    return db.session.get(FeedbackReceipt, (survey.id, participant.registration_id)) is not None


def submit_feedback(survey, scores, comment, participant, today=None):
    """Record one participant's answers: {question id: 1–5} (questions may be skipped) and a comment.

    :raise SurveyClosed, AlreadyAnswered: as named. When AlreadyAnswered comes
        from the flush (two answers at the same moment), roll the session back.
    :raise FeedbackError: a score off the scale, or nothing answered at all.
    """
    if not survey.is_open:
        raise SurveyClosed()
    if has_answered(survey, participant):
        raise AlreadyAnswered()
    question_ids = {q.id for q in survey.questions}
    answers = {}
    for question_id, score in scores.items():
        if score in (None, ""):
            continue
        if question_id not in question_ids or str(score) not in {"1", "2", "3", "4", "5"}:
            raise FeedbackError(_("Choose one of 5, 4, 3, 2 or 1 for each question."))
        answers[question_id] = int(score)
    comment = (comment or "").strip()[:COMMENT_LIMIT]
    if not answers and not comment:
        raise FeedbackError(_("Answer at least one question or write a comment."))
    named = not survey.anonymous
    db.session.add(FeedbackReceipt(survey_id=survey.id, registration_id=participant.registration_id))
    response = FeedbackResponse(
        survey=survey,
        registration_id=participant.registration_id if named else None,
        organization_id=participant.organization_id if named else None,
        submitted_on=today or today_in_bangkok(),
        comment=comment,
        search_text=search_key(comment),
        answers=[FeedbackAnswer(question_id=q, score=s) for q, s in answers.items()],
    )
    db.session.add(response)
    try:
        db.session.flush()
    except IntegrityError as error:
        raise AlreadyAnswered() from error
    return response


# Results


def _decimal(value):
    return Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else value


def rounded(value, places=TWO_PLACES):
    """A Fraction or Decimal to 2 decimals, halves up (as reports print them)."""
    return _decimal(value).quantize(places, rounding=ROUND_HALF_UP)


def band(mean):
    """The scale level (5 … 1) a mean reads as: 4.51–5.00 is 5 (มากที่สุด) … 1.00–1.50 is 1 (น้อยที่สุด)."""
    if mean is None:
        return None
    mean = rounded(Decimal(str(mean)))
    return next((level for floor, level in BANDS if mean >= floor), 1)


@dataclass
class ScoreSummary:
    """Mean, S.D. and distribution of a set of 1–5 scores.

    The S.D. is the sample standard deviation (divided by n − 1), as Thai survey
    reports give it; it is None for fewer than two scores.
    """

    text: str
    #: How many scores; for the overall row that is people × questions answered.
    n: int = 0
    #: For the overall row, how many people gave those scores (None for a single question's row).
    people: int | None = None
    mean: Decimal | None = None
    sd: Decimal | None = None
    level: int | None = None
    distribution: dict = field(default_factory=lambda: dict.fromkeys((5, 4, 3, 2, 1), 0))

    @classmethod
    def of(cls, text, scores):
        summary = cls(text=text, n=len(scores))
        for score in scores:
            summary.distribution[score] += 1
        if scores:
            mean = Fraction(sum(scores), len(scores))
            summary.mean = rounded(mean)
            summary.level = band(summary.mean)
            if len(scores) > 1:
                variance = sum((s - mean) ** 2 for s in scores) / (len(scores) - 1)
                summary.sd = rounded(_decimal(variance).sqrt())
        return summary

    @property
    def level_label(self):
        return SCALE[self.level] if self.level else ""

    def percentage(self, score):
        return round(100 * self.distribution[score] / self.n, 1) if self.n else 0

    def as_dict(self):
        with force_locale("th"):
            label = str(self.level_label)
        return {
            "question": self.text,
            "n": self.n,
            **({"people": self.people} if self.people is not None else {}),
            "mean": float(self.mean) if self.mean is not None else None,
            "sd": float(self.sd) if self.sd is not None else None,
            "level": self.level,
            "level_label_th": label,
            "distribution": {str(k): v for k, v in self.distribution.items()},
        }


@dataclass
class FeedbackResults:
    """What the results page and the summary report (issue 7) show of a forum's survey."""

    anonymous: bool
    responses: int
    #: Confirmed registrations, when the forum takes registrations; None otherwise.
    confirmed: int | None
    questions: list
    #: Every score of every question together (the "overall" row of a report).
    overall: ScoreSummary
    #: [(comment, organization or None)], in the order they came.
    comments: list

    @property
    def response_rate(self):
        """Answers per confirmed registration, in per cent (1 decimal); None without registrations."""
        if not self.confirmed:
            return None
        return rounded(Fraction(100 * self.responses, self.confirmed), Decimal("0.1"))

    def as_dict(self):
        return {
            "anonymous": self.anonymous,
            "responses": self.responses,
            "confirmed": self.confirmed,
            "response_rate": float(self.response_rate) if self.response_rate is not None else None,
            "sd_kind": "sample",
            "questions": [q.as_dict() for q in self.questions],
            "overall": self.overall.as_dict(),
            "comments": [
                {"text": text, "organization": org.name if org else None} for text, org in self.comments
            ],
        }


def feedback_results(forum):
    """The survey's results, ready for the page and the summary report; None when there is no survey."""
    survey = survey_of(forum)
    if survey is None:
        return None
    scores = {q.id: [] for q in survey.questions}
    rows = db.session.execute(
        select(FeedbackAnswer.response_id, FeedbackAnswer.question_id, FeedbackAnswer.score)
        .join(FeedbackResponse)
        .where(FeedbackResponse.survey_id == survey.id)
    )
    answered = set()
    for response_id, question_id, score in rows:
        scores[question_id].append(score)
        answered.add(response_id)
    responses = db.session.scalars(
        select(FeedbackResponse).where(FeedbackResponse.survey_id == survey.id).order_by(FeedbackResponse.id)
    ).all()
    with force_locale("th"):
        overall_text = str(_l("Overall"))
    overall = ScoreSummary.of(overall_text, [s for values in scores.values() for s in values])
    overall.people = len(answered)
    return FeedbackResults(
        anonymous=survey.anonymous,
        responses=len(responses),
        confirmed=participants.confirmed_count(forum),
        questions=[ScoreSummary.of(q.text, scores[q.id]) for q in survey.questions],
        overall=overall,
        comments=[(r.comment, r.organization) for r in responses if r.comment],
    )


def survey_to_offer(registration, now=None):
    """The survey a ticket page offers: an open one, to a confirmed seat, once the forum has begun."""
    if not registration.is_confirmed or registration.forum.starts_at > (now or utcnow()):
        return None
    survey = survey_of(registration.forum)
    return survey if survey is not None and survey.is_open else None
