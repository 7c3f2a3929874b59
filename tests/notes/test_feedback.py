import statistics
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import event, inspect, select

from app.extensions import db
from app.notes import feedback
from app.notes.models import FeedbackReceipt, FeedbackResponse, FeedbackSurvey
from app.notes.participants import participant_by_code, participant_by_phone


def answer_all(survey, score):
    return {q.id: score for q in survey.questions}


def test_a_new_survey_has_the_five_usual_questions_in_thai(survey):
    assert [q.text for q in survey.questions] == [
        "ด้านเนื้อหาสาระของเวที",
        "ด้านวิทยากร",
        "ด้านสถานที่และระยะเวลา",
        "ด้านประโยชน์ต่อการทำงานขององค์กร",
        "ความพึงพอใจในภาพรวม",
    ]
    assert survey.anonymous is False and survey.is_open is True
    assert len(survey.token) >= 22


def test_the_organizer_picks_the_questions(survey):
    feedback.update_survey(survey, ["ความรู้ที่ได้รับ", "  ", "การนำไปใช้"], anonymous=True)
    db.session.commit()
    assert [q.text for q in survey.questions] == ["ความรู้ที่ได้รับ", "การนำไปใช้"]
    assert survey.anonymous is True
    with pytest.raises(feedback.FeedbackError):
        feedback.update_survey(survey, ["", " "], anonymous=True)


def test_questions_and_anonymity_are_settled_by_the_first_answer(survey, create_participant):
    _registration, participant = create_participant()
    feedback.submit_feedback(survey, answer_all(survey, 5), "", participant)
    db.session.commit()
    with pytest.raises(feedback.FeedbackError):
        feedback.update_survey(survey, ["คำถามใหม่"], anonymous=False)
    with pytest.raises(feedback.FeedbackError):
        feedback.update_survey(survey, [q.text for q in survey.questions], anonymous=True)
    # Saving what is there already is no change.
    feedback.update_survey(survey, [q.text for q in survey.questions], anonymous=False)


def test_a_participant_is_found_by_ticket_code_manage_token_or_phone_and_short_code_only_when_confirmed(
    forum, create_forum, create_participant, organization
):
    registration, participant = create_participant(phone="0812345678", organization=organization)
    assert participant_by_code(forum, registration.ticket_code) == participant
    assert participant_by_code(forum, registration.manage_token) == participant
    code = registration.short_code
    typed = f"{code[:3].lower()}-{code[3:]}"
    assert participant_by_phone(forum, "+66 81 234 5678", code) == participant
    assert participant_by_phone(forum, "๐๘๑-๒๓๔-๕๖๗๘", typed) == participant
    assert participant.organization_id == organization.id
    assert participant_by_code(forum, "nope") is None
    assert participant_by_phone(forum, "0899999999", code) is None
    # The number alone, or with another ticket's code, lets nobody in.
    assert participant_by_phone(forum, "0812345678", "") is None
    other, _other = create_participant(phone="0833333333")
    assert participant_by_phone(forum, "0812345678", other.short_code) is None
    other_forum = create_forum(status="open")
    assert participant_by_code(other_forum, registration.ticket_code) is None
    waiting, _p = create_participant(phone="0811111111", status="waitlisted")
    assert participant_by_code(forum, waiting.ticket_code) is None
    cancelled, _c = create_participant(phone="0822222222", status="cancelled")
    assert participant_by_phone(forum, "0822222222", cancelled.short_code) is None


def test_a_named_answer_names_its_registration_and_organization(survey, create_participant, organization):
    registration, participant = create_participant(organization=organization)
    response = feedback.submit_feedback(survey, answer_all(survey, 4), "  อยากให้จัดอีก  ", participant)
    db.session.commit()
    assert response.registration_id == registration.id
    assert response.organization_id == organization.id
    assert response.comment == "อยากให้จัดอีก"
    assert sorted(a.score for a in response.answers) == [4] * 5


def test_each_participant_answers_once(survey, create_participant):
    _registration, participant = create_participant()
    feedback.submit_feedback(survey, answer_all(survey, 5), "", participant)
    db.session.commit()
    with pytest.raises(feedback.AlreadyAnswered):
        feedback.submit_feedback(survey, answer_all(survey, 1), "", participant)
    db.session.rollback()
    assert db.session.scalar(select(db.func.count()).select_from(FeedbackResponse)) == 1
    _other, someone_else = create_participant()
    feedback.submit_feedback(survey, answer_all(survey, 3), "", someone_else)
    db.session.commit()
    assert feedback.response_count(survey) == 2


def test_two_answers_at_the_same_moment_the_database_keeps_one(app, survey, create_participant):
    """Both requests check before either writes; the receipt's key refuses the second.

    The other request is let in at the worst moment: after this one's check, before its write.
    """
    _registration, participant = create_participant()

    def other_request_answers_first(*_args):
        with app.app_context():
            feedback.submit_feedback(db.session.get(FeedbackSurvey, survey.id), {}, "ก่อน", participant)
            db.session.commit()

    with app.app_context():
        this_survey = db.session.get(FeedbackSurvey, survey.id)
        event.listen(db.session(), "before_flush", other_request_answers_first, once=True)
        with pytest.raises(feedback.AlreadyAnswered):
            feedback.submit_feedback(this_survey, answer_all(this_survey, 1), "หลัง", participant)
        db.session.rollback()
    assert feedback.response_count(survey) == 1
    assert db.session.scalars(select(FeedbackResponse.comment)).all() == ["ก่อน"]


def test_an_anonymous_answer_keeps_nothing_that_leads_to_the_person(survey, create_participant, organization):
    feedback.update_survey(survey, [q.text for q in survey.questions], anonymous=True)
    registration, participant = create_participant(organization=organization)
    response = feedback.submit_feedback(
        survey, answer_all(survey, 2), "วิทยากรพูดเร็ว", participant, today=date(2018, 10, 25)
    )
    db.session.commit()
    columns = {c.key: getattr(response, c.key) for c in inspect(FeedbackResponse).column_attrs}
    assert columns["registration_id"] is None
    assert columns["organization_id"] is None
    assert columns["submitted_on"] == date(2018, 10, 25)  # the day, no time
    # The receipt says only that this person answered; it names no answer and holds no time.
    receipt = db.session.get(FeedbackReceipt, (survey.id, registration.id))
    assert {c.key for c in inspect(FeedbackReceipt).column_attrs} == {"survey_id", "registration_id"}
    assert receipt is not None
    with pytest.raises(feedback.AlreadyAnswered):
        feedback.submit_feedback(survey, answer_all(survey, 5), "", participant)


def test_answers_are_checked(survey, create_participant):
    _registration, participant = create_participant()
    first = survey.questions[0].id
    for bad in ({first: 6}, {first: 0}, {first: "ดี"}, {999999: 5}):
        with pytest.raises(feedback.FeedbackError):
            feedback.submit_feedback(survey, bad, "", participant)
    with pytest.raises(feedback.FeedbackError):
        feedback.submit_feedback(survey, {first: ""}, "   ", participant)
    # Skipping a question is allowed; a comment alone is too.
    response = feedback.submit_feedback(survey, {first: "3"}, "", participant)
    assert [(a.question_id, a.score) for a in response.answers] == [(first, 3)]


def test_a_closed_survey_takes_no_answer(survey, create_participant):
    feedback.set_open(survey, False)
    _registration, participant = create_participant()
    with pytest.raises(feedback.SurveyClosed):
        feedback.submit_feedback(survey, answer_all(survey, 5), "", participant)


# Results


@pytest.mark.parametrize(
    "mean, level",
    [
        ("5.00", 5),
        ("4.51", 5),
        ("4.50", 4),
        ("3.51", 4),
        ("3.50", 3),
        ("2.51", 3),
        ("2.50", 2),
        ("1.51", 2),
        ("1.50", 1),
        ("1.00", 1),
        ("4.505", 5),  # printed as 4.51
        ("4.504", 4),  # printed as 4.50
    ],
)
def test_means_read_in_the_thai_bands_at_their_edges(mean, level):
    assert feedback.band(Decimal(mean)) == level


def test_band_labels_are_the_thai_scale_words():
    from flask_babel import force_locale

    with force_locale("th"):
        assert [str(feedback.SCALE[level]) for level in (5, 4, 3, 2, 1)] == [
            "มากที่สุด",
            "มาก",
            "ปานกลาง",
            "น้อย",
            "น้อยที่สุด",
        ]


def test_mean_and_sample_sd_match_the_textbook():
    scores = [5, 4, 4, 3, 5]
    summary = feedback.ScoreSummary.of("q", scores)
    assert summary.n == 5
    assert summary.mean == Decimal("4.20")
    assert summary.sd == Decimal("0.84")
    assert float(summary.sd) == pytest.approx(statistics.stdev(scores), abs=0.005)
    assert summary.level == 4
    assert summary.distribution == {5: 2, 4: 2, 3: 1, 2: 0, 1: 0}
    assert summary.percentage(5) == 40.0


def test_a_mean_exactly_on_a_half_rounds_up_before_it_is_read():
    summary = feedback.ScoreSummary.of("q", [5] * 101 + [4] * 99)  # 4.505
    assert summary.mean == Decimal("4.51")
    assert summary.level == 5


def test_one_answer_has_no_sd_and_no_answer_has_no_mean():
    assert feedback.ScoreSummary.of("q", [3]).sd is None
    empty = feedback.ScoreSummary.of("q", [])
    assert (empty.n, empty.mean, empty.sd, empty.level) == (0, None, None, None)


def test_results_for_the_report(forum, survey, create_participant, organization):
    content = survey.questions[0]
    people = [create_participant(organization=organization if i == 0 else None) for i in range(4)]
    given = [(5, "ได้ความรู้มาก"), (4, ""), (3, "ห้องเย็นไป")]
    for (_registration, participant), (score, comment) in zip(people, given, strict=False):
        feedback.submit_feedback(survey, {content.id: score}, comment, participant)
    db.session.commit()
    results = feedback.feedback_results(forum)
    assert results.responses == 3
    assert results.confirmed == 4
    assert results.response_rate == Decimal("75.0")
    first = results.questions[0]
    assert (first.text, first.n, first.mean, first.sd, first.level) == (
        "ด้านเนื้อหาสาระของเวที",
        3,
        Decimal("4.00"),
        Decimal("1.00"),
        4,
    )
    assert results.questions[1].n == 0
    assert [text for text, _org in results.comments] == ["ได้ความรู้มาก", "ห้องเย็นไป"]
    assert results.comments[0][1] == organization
    report = results.as_dict()
    assert report["sd_kind"] == "sample"
    assert report["questions"][0]["level_label_th"] == "มาก"
    assert report["questions"][0]["distribution"] == {"5": 1, "4": 1, "3": 1, "2": 0, "1": 0}
    assert report["overall"]["mean"] == 4.0
    assert report["comments"][0] == {"text": "ได้ความรู้มาก", "organization": organization.name}


def test_the_overall_row_says_how_many_people_answered(forum, survey, create_participant):
    """Three people answering every question give 3 × questions scores, and the row says 3 people."""
    questions = survey.questions
    for score in (5, 4, 3):
        _registration, participant = create_participant()
        feedback.submit_feedback(survey, {q.id: score for q in questions}, "", participant)
    db.session.commit()
    overall = feedback.feedback_results(forum).overall
    assert (overall.people, overall.n) == (3, 3 * len(questions))
    assert feedback.feedback_results(forum).as_dict()["overall"]["people"] == 3


def test_no_survey_no_results(forum):
    assert feedback.feedback_results(forum) is None
