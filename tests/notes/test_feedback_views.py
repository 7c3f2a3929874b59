import io

import zxingcpp
from PIL import Image

from app.auth.models import Role
from app.extensions import db
from app.notes import feedback
from app.notes.models import FeedbackResponse


def scores_form(survey, score):
    return {f"q{q.id}": str(score) for q in survey.questions}


def test_the_organizer_sets_up_the_survey_from_the_defaults(client, login_as, forum):
    login_as(Role.ORGANIZER)
    page = client.get(f"/forums/{forum.id}/feedback").get_data(as_text=True)
    assert 'data-testid="no-survey"' in page
    form = client.get(f"/forums/{forum.id}/feedback/setup").get_data(as_text=True)
    assert "ด้านวิทยากร" in form
    response = client.post(
        f"/forums/{forum.id}/feedback/setup",
        data={"questions": "ความรู้ที่ได้รับ\nการจัดการเวลา\n", "anonymous": "y"},
    )
    assert response.headers["Location"] == f"/forums/{forum.id}/feedback"
    survey = feedback.survey_of(forum)
    assert [q.text for q in survey.questions] == ["ความรู้ที่ได้รับ", "การจัดการเวลา"]
    assert survey.anonymous


def test_the_qr_code_reads_as_the_survey_link(client, login_as, survey, forum):
    login_as(Role.ORGANIZER)
    page = client.get(f"/forums/{forum.id}/feedback").get_data(as_text=True)
    link = f"http://localhost/feedback/{survey.token}"
    assert f'value="{link}"' in page
    png = client.get(f"/forums/{forum.id}/feedback/qr.png")
    assert png.mimetype == "image/png"
    (found,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.data)))
    assert found.text == link
    slide = client.get(f"/forums/{forum.id}/feedback/slide").get_data(as_text=True)
    assert link in slide and "feedback/qr.png" in slide


def test_a_participant_answers_through_the_link_for_everybody(client, survey, create_participant):
    registration, _participant = create_participant(phone="0812345678")
    code = registration.short_code
    url = f"/feedback/{survey.token}"
    assert 'data-testid="identify-form"' in client.get(url).get_data(as_text=True)
    # A registered number without its ticket's code is told no more than an unknown one.
    unknown = client.post(url, data={"phone": "0899999999", "short_code": code}).get_data(as_text=True)
    number_only = client.post(url, data={"phone": "0812345678", "short_code": "ABCDEF"})
    assert number_only.status_code == 200 and "ไม่ตรงกับการลงทะเบียน" in unknown
    assert number_only.get_data(as_text=True).count("ไม่ตรงกับการลงทะเบียน") == 1
    assert (
        client.post(url, data={"phone": "081 234 5678", "short_code": code.lower()}).headers["Location"]
        == url
    )
    form = client.get(url).get_data(as_text=True)
    assert 'data-testid="feedback-form"' in form and "ด้านเนื้อหาสาระของเวที" in form
    thanks = client.post(url, data={**scores_form(survey, 5), "comment": "ขอบคุณทีมงาน"})
    assert 'data-again="no"' in thanks.get_data(as_text=True)
    assert feedback.response_count(survey) == 1
    # The same person again, by the same door: already answered.
    client.post(url, data={"phone": "0812345678", "short_code": code})
    assert 'data-again="yes"' in client.get(url).get_data(as_text=True)


def test_the_personal_link_of_a_ticket_needs_no_typing_and_takes_one_answer(
    client, survey, create_participant
):
    registration, _participant = create_participant()
    url = f"/feedback/{survey.token}/{registration.ticket_code}"
    assert 'data-testid="feedback-form"' in client.get(url).get_data(as_text=True)
    client.post(url, data=scores_form(survey, 4))
    second = client.post(url, data=scores_form(survey, 1))
    assert 'data-again="yes"' in second.get_data(as_text=True)
    assert [a.score for a in db.session.scalars(db.select(FeedbackResponse)).one().answers] == [4] * 5


def test_an_empty_answer_comes_back_with_a_message(client, survey, create_participant):
    registration, _participant = create_participant()
    url = f"/feedback/{survey.token}/{registration.ticket_code}"
    response = client.post(url, data={"comment": "  "})
    assert response.status_code == 422
    assert "กรุณาตอบอย่างน้อย 1 ข้อ" in response.get_data(as_text=True)


def test_strangers_closed_surveys_and_drafts(client, survey, forum, create_forum, create_participant):
    registration, _participant = create_participant(status="cancelled")
    assert client.get(f"/feedback/{survey.token}/{registration.ticket_code}").status_code == 404
    assert client.get(f"/feedback/{survey.token}/not-a-ticket").status_code == 404
    assert client.get("/feedback/not-a-survey").status_code == 404
    other, _p = create_participant()
    feedback.set_open(survey, False)
    db.session.commit()
    page = client.get(f"/feedback/{survey.token}/{other.ticket_code}").get_data(as_text=True)
    assert 'data-testid="feedback-closed"' in page
    draft = create_forum()
    draft_survey = feedback.ensure_survey(draft)
    db.session.commit()
    assert client.get(f"/feedback/{draft_survey.token}").status_code == 404


def test_results_page_shows_means_bands_rate_and_comments(
    client, login_as, forum, survey, create_participant
):
    for score, comment in ((5, "ดีมาก"), (4, ""), (5, "อยากให้มีอีก")):
        _registration, participant = create_participant()
        feedback.submit_feedback(survey, {q.id: score for q in survey.questions}, comment, participant)
    create_participant()
    db.session.commit()
    login_as(Role.ORGANIZER)
    page = client.get(f"/forums/{forum.id}/feedback").get_data(as_text=True)
    assert 'data-testid="responses">3<' in page
    assert 'data-testid="response-rate">75.0%<' in page
    assert 'data-testid="mean">4.67<' in page and "มากที่สุด" in page
    assert "S.D." in page and ">0.58<" in page
    assert "ดีมาก" in page and "อยากให้มีอีก" in page


def test_the_survey_is_closed_and_opened_again(client, login_as, forum, survey):
    login_as(Role.ORGANIZER)
    client.post(f"/forums/{forum.id}/feedback/state", data={"open": "0"})
    db.session.expire_all()
    assert feedback.survey_of(forum).is_open is False
    client.post(f"/forums/{forum.id}/feedback/state", data={"open": "1"})
    db.session.expire_all()
    assert feedback.survey_of(forum).is_open is True


def test_the_ticket_page_offers_the_survey_once_the_forum_has_begun(
    client, create_forum, create_participant, forum, clock
):
    from datetime import timedelta

    registration, participant = create_participant()
    survey = feedback.ensure_survey(forum)
    db.session.commit()
    ticket = f"/t/{registration.ticket_code}"
    assert 'data-testid="ticket-feedback"' not in client.get(ticket).get_data(as_text=True)  # ahead
    forum.starts_at = clock.moment - timedelta(hours=2)
    forum.ends_at = clock.moment - timedelta(hours=1)
    db.session.commit()
    page = client.get(ticket).get_data(as_text=True)
    assert f'href="http://localhost/feedback/{survey.token}/{registration.ticket_code}"' in page
    assert 'data-answered="no"' in page
    feedback.submit_feedback(survey, {survey.questions[0].id: 5}, "", participant)
    db.session.commit()
    assert 'data-answered="yes"' in client.get(ticket).get_data(as_text=True)
