"""The summary report's photos (ภาพกิจกรรม): which are printed, how, and when a kept report is made again."""

import io
import os

import pdfplumber
import pytest
from PIL import Image
from weasyprint.urls import path2url

from app.extensions import db
from app.notes import photos, service
from app.notes.models import NoteCategory
from app.reports.documents import SUMMARY_REPORT
from app.reports.generated import fingerprint
from app.reports.summary import render_summary_report, summary_report
from app.reports.summary_photos import PHOTO_DPI, PHOTO_LIMIT
from tests.pdf_helpers import contains, page_texts

MM = 72 / 25.4
FRAME_MM = (83, 62)
ORGANIZATION = "มูลนิธิพัฒนาเด็กและเยาวชนจังหวัดพิษณุโลก"


def picture(size, colour=(40, 120, 180)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def add_note(forum, create_user):
    """A note of the forum with photos of the given sizes, stored as an upload is."""
    author = create_user()

    def make(category, sizes, **data):
        stored = [photos.store_photo(io.BytesIO(picture(size)), "IMG.jpg") for size in sizes]
        note = service.create_note(forum, {"category": category, "body": "", **data}, author, stored)
        db.session.commit()
        return note

    return make


@pytest.fixture
def shown(forum):
    service.set_photos_public(forum, True)
    db.session.commit()


def images_by_page(pdf):
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.images for page in document.pages]


def test_the_report_prints_the_photos_two_a_row_scaled_to_fit_with_captions(
    forum, add_note, create_organization, shown
):
    organization = create_organization(name=ORGANIZATION)
    sizes = [(1600, 1200), (900, 1200), (2000, 1000)]
    add_note(NoteCategory.WHAT_WORKED, sizes[:2], organization=organization)
    add_note(NoteCategory.CHALLENGE, sizes[2:])
    pdf = render_summary_report(forum)

    pages = images_by_page(pdf)
    with_photos = [n for n, images in enumerate(pages) if images]
    images = [image for images in pages for image in images]
    assert len(images) == 3
    for image, (width, height) in zip(images, sizes, strict=True):
        shown_mm = (image["width"] / MM, image["height"] / MM)
        # The whole photo, in its own proportions, as large as its frame allows.
        assert shown_mm[0] <= FRAME_MM[0] + 0.5 and shown_mm[1] <= FRAME_MM[1] + 0.5
        assert max(shown_mm[0] / FRAME_MM[0], shown_mm[1] / FRAME_MM[1]) == pytest.approx(1, abs=0.01)
        assert shown_mm[0] / shown_mm[1] == pytest.approx(width / height, rel=0.02)
        # Scaled down to PHOTO_DPI, so that the report stays small.
        assert image["srcsize"][0] <= shown_mm[0] / 25.4 * PHOTO_DPI + 2
    first, second, third = images
    assert first["top"] == pytest.approx(second["top"]) and second["x0"] > first["x1"]
    assert third["top"] > first["bottom"] or with_photos[-1] > with_photos[0]

    texts = page_texts(pdf)
    whole = "\n".join(texts)
    photo_pages = "\n".join(texts[n] for n in with_photos)
    assert contains(photo_pages, f"สิ่งที่ทำได้ดี · {ORGANIZATION}")
    assert contains(photo_pages, "ปัญหาอุปสรรค")
    assert contains(whole, "บันทึกเป็นภาพถ่าย 2 ภาพ")  # the lesson of a note without text
    # The photos follow the lessons as section 5; the sections after them move down one.
    for heading in ("4. ผลการถอดบทเรียน", "5. ภาพกิจกรรม", "6. งานที่ต้องดำเนินการต่อ", "8. รายชื่อองค์กร"):
        assert contains(whole, heading), heading
    assert contains(texts[0], "5. ภาพกิจกรรม")  # in the contents
    assert not contains(whole, "ภาพที่จัดเก็บไว้ในระบบ")


def test_the_first_photos_in_the_order_of_the_lessons_and_a_word_on_the_rest(forum, add_note, shown):
    challenge = add_note(NoteCategory.CHALLENGE, [(40, 30)] * 5)
    worked = add_note(NoteCategory.WHAT_WORKED, [(40, 30)] * 10)
    report = summary_report(forum)
    in_order = [*worked.photos, *challenge.photos][:PHOTO_LIMIT]
    assert [photo.url for photo in report.photos] == [
        path2url(photos.photo_path(p.filename)) for p in in_order
    ]
    assert report.more_photos == 15 - PHOTO_LIMIT

    pdf = render_summary_report(forum)
    assert sum(len(images) for images in images_by_page(pdf)) == PHOTO_LIMIT
    assert contains("\n".join(page_texts(pdf)), f"ยังมีภาพกิจกรรมอีก {15 - PHOTO_LIMIT} ภาพที่จัดเก็บไว้ในระบบ")


@pytest.mark.parametrize("case", ["no photos", "photos not to be shown"])
def test_no_photo_section_without_photos_to_show(forum, add_note, case):
    if case == "no photos":
        service.set_photos_public(forum, True)
        add_note(NoteCategory.WHAT_WORKED, [], body="ได้ผลดี")
    else:
        add_note(NoteCategory.WHAT_WORKED, [(40, 30)])
    pdf = render_summary_report(forum)
    whole = "\n".join(page_texts(pdf))
    assert not contains(whole, "ภาพกิจกรรม")
    assert contains(whole, "5. งานที่ต้องดำเนินการต่อ")
    assert not any(images_by_page(pdf))


def test_a_photo_whose_file_is_gone_is_left_out(forum, add_note, shown):
    note = add_note(NoteCategory.WHAT_WORKED, [(40, 30), (30, 40)])
    os.remove(photos.photo_path(note.photos[0].filename))
    report = summary_report(forum)
    assert [photo.url for photo in report.photos] == [path2url(photos.photo_path(note.photos[1].filename))]


def test_a_kept_report_is_made_again_when_a_photo_comes_or_goes_or_may_no_longer_be_shown(
    forum, add_note, shown
):
    note = add_note(NoteCategory.WHAT_WORKED, [(40, 30)])
    seen = [fingerprint(SUMMARY_REPORT, forum)]

    def added():
        service.add_photos(note, [photos.store_photo(io.BytesIO(picture((30, 40))), "x.jpg")], None)

    for change in (
        added,
        lambda: service.remove_photo(note.photos[0]),
        lambda: service.set_photos_public(forum, False),
    ):
        change()
        db.session.commit()
        seen.append(fingerprint(SUMMARY_REPORT, forum))
    assert len(set(seen)) == len(seen)
