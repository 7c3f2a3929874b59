"""Who created, changed or deleted a forum is logged, whichever way it was done; an admin reads the log."""

from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.forums.changelog import ForumChange


def test_creating_editing_and_deleting_a_forum_is_logged_with_who_did_it(client, login_as, create_forum):
    organizer = login_as(Role.ORGANIZER)
    forum = create_forum(title="เวทีเดิม")
    response = client.patch(f"/api/v1/forums/{forum.id}", json={"capacity": 80, "title": "เวทีใหม่"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert client.post(f"/forums/{forum.id}/delete").status_code == 302
    rows = db.session.scalars(select(ForumChange).order_by(ForumChange.id)).all()
    assert [(r.action, r.user_id) for r in rows] == [
        ("created", None),
        ("edited", organizer.id),
        ("deleted", organizer.id),
    ]
    assert rows[1].fields == ["capacity", "title"] and rows[2].forum_title == "เวทีใหม่"
    assert all(r.forum_id is None for r in rows)  # the forum is gone; its lines stay

    client.post("/logout")
    login_as(Role.ADMIN)
    page = client.get("/admin/forum-changes").get_data(as_text=True)
    assert page.count('data-testid="forum-change"') == 3 and organizer.display_name in page


def test_only_an_admin_reads_the_log(client, login_as):
    login_as(Role.ORGANIZER)
    assert client.get("/admin/forum-changes").status_code == 403
