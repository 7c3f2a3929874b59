from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.notes import service
from app.notes.labels import CATEGORY_LABELS
from app.notes.models import LessonNote, NoteCategory
from app.notes.rendering import plain_excerpt, render_markdown
from app.thai import search_key


def test_the_five_headings_in_the_offices_order_with_their_thai_names():
    from flask_babel import force_locale

    assert [c.value for c in NoteCategory] == [
        "what_worked",
        "success_factor",
        "challenge",
        "recommendation",
        "other",
    ]
    with force_locale("th"):
        assert [str(label) for label in CATEGORY_LABELS.values()] == [
            "สิ่งที่ทำได้ดี",
            "ปัจจัยแห่งความสำเร็จ",
            "ปัญหาอุปสรรค",
            "ข้อเสนอแนะ",
            "อื่น ๆ",
        ]


def test_notes_are_grouped_under_every_heading(forum, create_note):
    create_note(category=NoteCategory.CHALLENGE, body="งบประมาณมาช้า")
    create_note(category=NoteCategory.RECOMMENDATION, body="ควรจัดทุกไตรมาส")
    create_note(category=NoteCategory.CHALLENGE, body="ผู้เข้าร่วมมาสาย")
    grouped = service.notes_by_category(forum)
    assert list(grouped) == list(NoteCategory)
    assert [n.body for n in grouped[NoteCategory.CHALLENGE]] == ["งบประมาณมาช้า", "ผู้เข้าร่วมมาสาย"]
    assert grouped[NoteCategory.WHAT_WORKED] == []


def test_an_unknown_heading_is_refused_and_the_database_refuses_it_too(forum, create_user):
    with pytest.raises(service.NoteDataError) as error:
        service.create_note(forum, {"category": "gossip", "body": "x"}, create_user())
    assert "category" in error.value.errors
    note = service.create_note(forum, {"category": NoteCategory.OTHER, "body": "x"}, None)
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(
            text("UPDATE lesson_notes SET category = 'gossip' WHERE id = :id"), {"id": note.id}
        )
        db.session.flush()
    db.session.rollback()


def test_a_note_needs_text_or_a_photo(forum, create_user):
    with pytest.raises(service.NoteDataError) as error:
        service.create_note(forum, {"category": NoteCategory.OTHER, "body": "  \u200b \n "}, create_user())
    assert "body" in error.value.errors


def test_an_agenda_item_of_another_forum_is_refused(forum, create_forum, create_user):
    from datetime import time

    from app.forums import agenda

    other = create_forum()
    item = agenda.add_agenda_item(other, {"start_time": time(9, 0), "title": "เปิดงาน", "day": 1})
    with pytest.raises(service.NoteDataError) as error:
        service.create_note(forum, {"category": "other", "body": "x", "agenda_item": item}, create_user())
    assert "agenda_item" in error.value.errors


def test_the_body_keeps_its_lines_and_loses_pasted_invisible_characters(note):
    updated = service.update_note(
        note, {"body": "บรรทัดแรก\u200b  \r\n- ข้อหนึ่ง\r\n- ข้อสอง  "}, note.version, None
    )
    assert updated.body == "บรรทัดแรก\n- ข้อหนึ่ง\n- ข้อสอง"
    assert updated.search_text == search_key(updated.body)


class Elements(HTMLParser):
    """The elements and attributes a browser would build from some HTML."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.attributes = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]


SAFE_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "hr", "a"}


@pytest.mark.parametrize(
    "typed",
    [
        "<script>alert('x')</script>",
        '<img src="x" onerror="alert(1)">',
        "<IMG SRC=x OnErRoR=alert(1)>",
        "[คลิก](javascript:alert(1))",
        "[คลิก](JaVaScRiPt:alert(1))",
        "[คลิก](  javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox)",
        '<a href="https://x.example" onclick="steal()">x</a>',
        "<iframe src=https://evil.example></iframe>",
        "<div style='position:fixed'>x</div>",
        "![x](https://evil.example/track.png)",
        "<svg onload=alert(1)>",
        "<style>body{display:none}</style>",
        '[x](https://ok.example "t" onmouseover=alert(1))',
        "<!-- <script>alert(1)</script> -->",
    ],
)
def test_dangerous_markup_does_not_survive(typed):
    html = str(render_markdown(f"ก่อน {typed} หลัง"))
    found = Elements(html)
    assert set(found.tags) <= SAFE_TAGS
    for tag, name, value in found.attributes:
        assert not name.startswith("on")
        assert (tag, name) in {("a", "href"), ("a", "title"), ("a", "rel")}
        if name == "href":
            assert urlparse(value).scheme in {"http", "https", "mailto", "tel"}
    assert "ก่อน" in html


def test_raw_html_is_shown_as_text_not_dropped():
    assert "&lt;b&gt;ตัวหนา&lt;/b&gt;" in str(render_markdown("<b>ตัวหนา</b>"))


def test_simple_formatting_and_safe_links_work():
    html = str(
        render_markdown("**สำคัญ** และ *เน้น*\n\n- ข้อแรก\n- ข้อสอง\n\n[เว็บ](https://www.m-society.go.th)")
    )
    assert "<strong>สำคัญ</strong>" in html
    assert "<em>เน้น</em>" in html
    assert "<li>ข้อแรก</li>" in html
    assert 'href="https://www.m-society.go.th"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_a_stored_note_renders_sanitised(create_note):
    note = create_note(body="ดี <script>alert(1)</script> <img src=x onerror=alert(1)>")
    assert "<script" not in note.body_html
    assert "<img" not in note.body_html
    assert plain_excerpt("**ตัวหนา** ดู [เว็บ](https://x.example)\n- ข้อหนึ่ง") == "ตัวหนา ดู เว็บ ข้อหนึ่ง"


# Optimistic locking


def test_an_edit_raises_the_version(note):
    assert note.version == 1
    service.update_note(note, {"body": "แก้ครั้งแรก"}, 1, None)
    db.session.commit()
    assert note.version == 2


def test_an_edit_from_an_old_version_is_refused_and_loses_nothing(note, create_user):
    first, second = create_user(name="คนแรก"), create_user(name="คนที่สอง")
    service.update_note(note, {"body": "ข้อความของคนแรก"}, 1, first)
    db.session.commit()
    with pytest.raises(service.EditConflict) as conflict:
        service.update_note(note, {"body": "ข้อความของคนที่สอง"}, 1, second)
    db.session.rollback()
    assert conflict.value.attempted["body"] == "ข้อความของคนที่สอง"
    stored = db.session.get(LessonNote, note.id)
    assert stored.body == "ข้อความของคนแรก"
    assert stored.updated_by == first
    assert stored.version == 2


def test_two_edits_racing_the_second_is_refused_by_the_database(app, note):
    """Both editors read version 1 and pass the check; the UPDATE names the version, so one wins.

    Each app context has its own database session, as two requests do.
    """
    with app.app_context():
        alice_note = db.session.get(LessonNote, note.id)
        with app.app_context():
            bob_note = db.session.get(LessonNote, note.id)
            service.update_note(bob_note, {"body": "ข้อความของบ็อบ"}, 1, None)
            db.session.commit()
        assert alice_note.version == 1  # alice still holds what she read
        with pytest.raises(service.EditConflict) as conflict:
            service.update_note(alice_note, {"body": "ข้อความของอลิซ"}, 1, None)
        db.session.rollback()
        assert conflict.value.attempted["body"] == "ข้อความของอลิซ"
    db.session.expire_all()
    stored = db.session.get(LessonNote, note.id)
    assert (stored.body, stored.version) == ("ข้อความของบ็อบ", 2)
