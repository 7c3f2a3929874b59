"""The held demo forum that flask seed-demo adds: its whole record, once."""

from sqlalchemy import func, select

from app.checkin.models import CheckIn, Scan
from app.extensions import db
from app.forums import demo
from app.forums.models import Forum, ForumStatus, Invitation
from app.notes.models import ActionItem, FeedbackResponse, LessonNote, NoteCategory
from app.registration.models import Registration
from app.reports.summary import render_summary_report, summary_report
from tests.pdf_helpers import contains, page_texts


def count(model, *conditions):
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def test_seed_demo_adds_one_held_forum_with_its_record(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "Created the held demo forum" in first.output
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "held demo forum" not in again.output
    # The network-health demo adds its own trainings and forums of five fiscal years beside it.
    forum = db.session.scalars(select(Forum).where(Forum.title == demo.TITLE)).one()
    assert forum.status == ForumStatus.FINISHED and forum.capacity == 110
    assert count(Invitation, Invitation.forum_id == forum.id) == 45
    arrived = count(Registration, Registration.forum_id == forum.id, Registration.checked_in_at.is_not(None))
    assert arrived > 60
    # Checked in through the door's service: each arrival is a check-in of the day and a logged scan.
    assert count(CheckIn, CheckIn.forum_id == forum.id) == count(Scan, Scan.forum_id == forum.id) == arrived
    assert {note.category for note in db.session.scalars(select(LessonNote))} == set(NoteCategory)
    assert count(ActionItem) == 5 and count(FeedbackResponse) > 40

    report = summary_report(forum)
    assert report.kind_total.invited == 45 and 0 < report.kind_total.attended < 45
    text = "\n".join(page_texts(render_summary_report(forum)))
    assert contains(text, forum.title) and contains(text, "โรงแรมเรือนแพ รอยัล ปาร์ค")
