import io
import os
import re
from datetime import timedelta

from PIL import Image
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.notes import actions, photos, service
from app.notes.models import ActionItem, ActionStatus, LessonNote, NotePhoto
from tests.notes.conftest import phone_exif, picture_bytes


def only(model):
    return db.session.scalars(select(model)).one()


def test_the_notes_page_has_the_five_headings_and_the_quick_note(client, login_as, forum):
    login_as(Role.ORGANIZER)
    page = client.get(f"/forums/{forum.id}/notes").get_data(as_text=True)
    for heading in ("สิ่งที่ทำได้ดี", "ปัจจัยแห่งความสำเร็จ", "ปัญหาอุปสรรค", "ข้อเสนอแนะ", "อื่น ๆ"):
        assert heading in page
    assert 'data-testid="quick-note"' in page and 'data-testid="action-form"' in page
    assert client.get("/forums/999999/notes").status_code == 404


def test_a_quick_note_is_saved_under_its_heading(client, login_as, forum, organization):
    user = login_as(Role.ORGANIZER)
    response = client.post(
        f"/forums/{forum.id}/notes",
        data={"category": "challenge", "body": "รถรับส่ง**มาสาย**", "organization_id": str(organization.id)},
    )
    note = only(LessonNote)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/forums/{forum.id}/notes#note-{note.id}"
    assert (note.category.value, note.body, note.author, note.organization) == (
        "challenge",
        "รถรับส่ง**มาสาย**",
        user,
        organization,
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    section = page.split('data-testid="section-challenge"')[1].split("</section>")[0]
    assert "รถรับส่ง<strong>มาสาย</strong>" in section and organization.name in section


def test_a_note_without_a_heading_comes_back_with_the_text_kept(client, login_as, forum):
    login_as(Role.ORGANIZER)
    response = client.post(f"/forums/{forum.id}/notes", data={"body": "ข้อความที่พิมพ์ไว้"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "กรุณาเลือกหัวข้อของบันทึก" in page and "ข้อความที่พิมพ์ไว้" in page
    assert db.session.scalar(select(db.func.count()).select_from(LessonNote)) == 0


def test_a_script_in_a_note_is_shown_as_text(client, login_as, forum):
    login_as(Role.ORGANIZER)
    client.post(
        f"/forums/{forum.id}/notes",
        data={"category": "other", "body": '<script>alert(1)</script><img src=x onerror="alert(2)">'},
    )
    page = client.get(f"/forums/{forum.id}/notes").get_data(as_text=True)
    body = page.split('class="note-body">')[1].split("</div>")[0]
    assert "<script" not in body and "<img" not in body
    assert "&lt;script&gt;" in body


def upload(data, name="photo.jpg", mimetype="image/jpeg"):
    return (io.BytesIO(data), name, mimetype)


def test_a_note_with_a_photo_from_the_phone(client, login_as, forum):
    login_as(Role.ORGANIZER)
    client.post(
        f"/forums/{forum.id}/notes",
        data={"category": "what_worked", "body": "", "photos": [upload(picture_bytes(exif=phone_exif()))]},
        content_type="multipart/form-data",
    )
    photo = only(NotePhoto)
    response = client.get(f"/notes/photos/{photo.filename}")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["Cache-Control"].startswith("private")
    image = Image.open(io.BytesIO(response.data))
    assert dict(image.getexif()) == {} and image.size == (20, 40)
    again = client.get(f"/notes/photos/{photo.filename}", headers={"If-None-Match": f'"{photo.filename}"'})
    assert again.status_code == 304


def files_in(folder):
    return set(os.listdir(folder)) if os.path.isdir(folder) else set()


def test_a_wrong_file_is_refused_and_nothing_is_saved(client, login_as, forum):
    login_as(Role.ORGANIZER)
    before = files_in(photos.photo_folder())
    response = client.post(
        f"/forums/{forum.id}/notes",
        data={
            "category": "what_worked",
            "body": "ภาพบรรยากาศ",
            "photos": [upload(picture_bytes()), upload(b"%PDF-1.4 fake", "slides.jpg")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'data-testid="photo-error"' in page and "ภาพบรรยากาศ" in page
    assert db.session.scalar(select(db.func.count()).select_from(LessonNote)) == 0
    assert db.session.scalar(select(db.func.count()).select_from(NotePhoto)) == 0
    assert files_in(photos.photo_folder()) == before  # the good photo stored first is gone again


def test_an_oversized_photo_is_refused_with_a_message(app, client, login_as, forum, monkeypatch):
    monkeypatch.setitem(app.config, "NOTE_PHOTO_MAX_BYTES", 1000)
    login_as(Role.ORGANIZER)
    response = client.post(
        f"/forums/{forum.id}/notes",
        data={
            "category": "other",
            "body": "x",
            "photos": [upload(picture_bytes(size=(300, 300)) + b"\0" * 1000)],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "ภาพมีขนาดเกิน" in response.get_data(as_text=True)


def test_photos_are_for_staff_unless_the_forum_makes_them_public(client, login_as, forum, create_note):
    note = create_note()
    service.add_photos(note, [photos.store_photo(io.BytesIO(picture_bytes()), "a.jpg")], None)
    db.session.commit()
    url = f"/notes/photos/{note.photos[0].filename}"
    assert client.get(url).headers["Location"].startswith("/login")
    login_as(Role.CHECKIN)
    assert client.get(url).status_code == 403
    client.post("/logout")
    login_as(Role.ORGANIZER)
    client.post(f"/forums/{forum.id}/notes/settings", data={"photos_public": "y"})
    client.post("/logout")
    response = client.get(url)
    assert response.status_code == 200 and response.headers["Cache-Control"].startswith("public")
    assert client.get("/notes/photos/not-a-photo.jpg").status_code == 404


def test_editing_a_note_someone_else_just_saved(client, login_as, note, create_user):
    login_as(Role.ORGANIZER)
    form = client.get(f"/notes/{note.id}/edit").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', form).group(1)
    assert version == "1"
    colleague = create_user(name="นางสาวเพื่อน ร่วมงาน")
    service.update_note(note, {"body": "ฉบับของเพื่อน"}, 1, colleague)
    db.session.commit()
    response = client.post(
        f"/notes/{note.id}/edit", data={"category": "what_worked", "body": "ฉบับของฉัน", "version": version}
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert 'data-testid="edit-conflict"' in page and "นางสาวเพื่อน ร่วมงาน" in page
    theirs = page.split('data-testid="their-version"')[1].split("</div>\n</div>")[0]
    assert "ฉบับของเพื่อน" in theirs
    assert re.search(r"<textarea[^>]*>\s*ฉบับของฉัน</textarea>", page)  # mine is still in the box
    assert 'name="version" type="hidden" value="2"' in page  # saving again is deliberate now
    db.session.expire_all()
    assert db.session.get(LessonNote, note.id).body == "ฉบับของเพื่อน"
    response = client.post(
        f"/notes/{note.id}/edit",
        data={"category": "what_worked", "body": "ฉบับของเพื่อน\n\nฉบับของฉัน", "version": "2"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(LessonNote, note.id).version == 3


def test_delete_a_note_and_its_photo_files(client, login_as, forum, create_note):
    note = create_note()
    note_id = note.id
    service.add_photos(note, [photos.store_photo(io.BytesIO(picture_bytes()), "a.jpg")], None)
    db.session.commit()
    path = photos.photo_path(note.photos[0].filename)
    login_as(Role.ORGANIZER)
    assert client.post(f"/notes/{note_id}/delete").headers["Location"] == f"/forums/{forum.id}/notes"
    assert not os.path.exists(path)
    assert db.session.get(LessonNote, note_id) is None


def test_an_action_item_added_on_the_forum_page_and_ticked_off(
    client, login_as, forum, organization, note, clock
):
    login_as(Role.ORGANIZER)
    page = client.get(f"/forums/{forum.id}/notes?from_note={note.id}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{note.id}">|<option value="{note.id}" selected', page)
    due = clock.today - timedelta(days=3)
    response = client.post(
        f"/forums/{forum.id}/action-items",
        data={
            "description": "ประสานหน่วยงานเรื่องงบประมาณ",
            "owner": f"org:{organization.id}",
            "due_on": due.isoformat(),
            "note_id": str(note.id),
        },
    )
    item = only(ActionItem)
    assert response.headers["Location"] == f"/forums/{forum.id}/notes#action-{item.id}"
    assert (item.owner_organization, item.due_on, item.note) == (organization, due, note)
    page = client.get(f"/forums/{forum.id}/notes").get_data(as_text=True)
    row = page.split(f'id="action-{item.id}"')[1].split("</li>")[0]
    assert 'data-overdue="yes"' in page and "เลยกำหนด" in row
    assert f"{due.day} " in row and str(due.year + 543) in row  # due date in the Buddhist era
    client.post(f"/action-items/{item.id}/status", data={"status": "done", "next": "/action-items/"})
    db.session.expire_all()
    assert db.session.get(ActionItem, item.id).status == ActionStatus.DONE


def test_an_action_item_for_nobody_known_is_refused(client, login_as, forum):
    login_as(Role.ORGANIZER)
    response = client.post(f"/forums/{forum.id}/action-items", data={"description": "x", "owner": "org:999"})
    assert response.status_code == 422
    assert "กรุณาเลือกองค์กรในทำเนียบหรือเจ้าหน้าที่" in response.get_data(as_text=True)


def test_the_list_of_all_forums_filters(client, login_as, forum, organization, create_organization):
    other = create_organization(name="อบต.ท่าทอง")
    actions.create_action_item(forum, {"description": "งานขององค์กรแรก", "owner_organization": organization})
    actions.create_action_item(forum, {"description": "งานของอบต.", "owner_organization": other})
    db.session.commit()
    login_as(Role.ORGANIZER)
    page = client.get(f"/action-items/?owner=org:{other.id}&status=open").get_data(as_text=True)
    assert "งานของอบต." in page and "งานขององค์กรแรก" not in page
    assert 'data-testid="action-total">1<' in page
    fy = forum.starts_at.year + 543 + (1 if forum.starts_at.month >= 10 else 0)
    assert "งานขององค์กรแรก" in client.get(f"/action-items/?fy={fy}").get_data(as_text=True)
    assert "no-action-items" in client.get(f"/action-items/?fy={fy - 5}").get_data(as_text=True)


def test_the_organization_page_lists_its_action_items_across_forums(
    client, login_as, forum, create_forum, organization
):
    older = create_forum(title="เวทีเมื่อปีที่แล้ว")
    actions.create_action_item(forum, {"description": "จัดทำทะเบียนสมาชิก", "owner_organization": organization})
    actions.create_action_item(older, {"description": "รายงานผลการใช้เงิน", "owner_organization": organization})
    db.session.commit()
    login_as(Role.ORGANIZER)
    page = client.get(f"/directory/{organization.id}").get_data(as_text=True)
    box = page.split('data-testid="org-action-items"')[1]
    assert "จัดทำทะเบียนสมาชิก" in box and "รายงานผลการใช้เงิน" in box and "เวทีเมื่อปีที่แล้ว" in box


def test_search_page_in_thai(client, login_as, forum, create_note, organization):
    create_note(body="ชุมชนบ้านคลองเรือ มีกองทุน  ขยะ", organization=organization)
    login_as(Role.ORGANIZER)
    page = client.get("/notes/search?q=กองทุนขยะ").get_data(as_text=True)
    hit = page.split('data-testid="hit-note"')[1]
    assert "บ้านคลองเรือ" in hit and forum.title in hit and organization.name in hit
