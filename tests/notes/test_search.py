import pytest

from app.extensions import db
from app.notes import actions, feedback
from app.notes.models import NoteCategory
from app.notes.search import search_everything


@pytest.fixture
def lessons(forum, create_forum, create_note, organization, create_participant, survey):
    older = create_forum(title="เวทีปีก่อน")
    note = create_note(
        category=NoteCategory.SUCCESS_FACTOR,
        body="กองทุนสวัสดิการชุมชน  เข้มแข็งเพราะสมาชิก**ออมทุกเดือน**",
        organization=organization,
    )
    create_note(forum=older, body="ไม่เกี่ยวข้อง")
    item = actions.create_action_item(
        forum, {"description": "ทำคู่มือกองทุน สวัสดิการ ๒๕๖๒ ฉบับย่อ", "owner_organization": organization}
    )
    _registration, participant = create_participant(organization=organization)
    feedback.submit_feedback(survey, {}, "อยากรู้เรื่องกองทุนสวัสดิการเพิ่ม", participant)
    db.session.commit()
    return note, item


def test_one_search_finds_notes_action_items_and_comments_in_thai(lessons, forum, organization):
    note, item = lessons
    results = search_everything("กองทุนสวัสดิการ")
    assert results.total == 3
    assert results.notes.items == [(note, forum)]
    assert results.action_items.items == [(item, forum)]
    ((response, comment_forum),) = results.comments.items
    assert comment_forum == forum and response.organization == organization
    assert note.organization == organization and item.owner_organization == organization


@pytest.mark.parametrize(
    "query",
    [
        "กองทุน สวัสดิการ",  # spaced differently from the text
        "สวัสดิการชุมชนเข้มแข็ง",  # the text had two spaces in the middle
        "ออมทุกเดือน",  # inside Markdown bold
        "๒๕๖๒",  # Thai digits find Arabic ones and back
        "2562",
    ],
)
def test_thai_spacing_digits_and_formatting_do_not_hide_a_hit(lessons, query):
    assert search_everything(query).total >= 1


def test_nothing_is_found_for_nothing(lessons):
    assert search_everything("   ").total == 0
    assert search_everything("ไม่มีคำนี้แน่นอน").total == 0
    assert search_everything("100%").total == 0  # LIKE wildcards are taken literally


def test_each_kind_shows_its_first_hits_and_counts_them_all(forum, create_note):
    for n in range(4):
        create_note(body=f"ประชุมกลุ่มย่อย ครั้งที่ {n}")
    results = search_everything("กลุ่มย่อย", per_kind=2)
    assert len(results.notes.items) == 2 and results.notes.total == 4
