import io
import os

import pytest
from PIL import Image

from app.extensions import db
from app.notes import photos, service
from app.notes.models import NoteCategory, NotePhoto
from tests.notes.conftest import phone_exif, picture_bytes


def store(data, name="photo.jpg"):
    return photos.store_photo(io.BytesIO(data), name)


def stored_image(photo):
    with open(photos.photo_path(photo.filename), "rb") as file:
        data = file.read()
    image = Image.open(io.BytesIO(data))
    image.load()
    return image, data


def test_a_phone_photo_loses_its_exif_but_keeps_standing_up():
    original = picture_bytes("JPEG", size=(40, 20), exif=phone_exif())
    assert Image.open(io.BytesIO(original)).getexif()[0x0112] == 6  # as the phone wrote it
    photo = store(original, "IMG_0001.JPG")
    image, data = stored_image(photo)
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info
    assert b"TestPhone" not in data and b"Model X" not in data
    # "Rotate 90°" is applied to the pixels before the tag is dropped.
    assert image.size == (20, 40) == (photo.width, photo.height)
    assert photo.original_name == "IMG_0001.JPG"
    assert photo.size_bytes == len(data)


def test_photos_get_random_names_under_the_upload_folder(app):
    first = store(picture_bytes(), "C:\\Users\\somchai\\Desktop\\flipchart.jpg")
    second = store(picture_bytes(), "flipchart.jpg")
    assert first.filename != second.filename
    assert first.filename.endswith(".jpg") and len(first.filename) >= 26
    assert first.original_name == "flipchart.jpg"
    assert os.path.dirname(photos.photo_path(first.filename)) == os.path.join(
        app.config["UPLOAD_FOLDER"], "notes"
    )
    assert os.path.exists(photos.photo_path(first.filename))


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_taken_and_stored_as_jpeg(fmt):
    image, _data = stored_image(store(picture_bytes(fmt), f"x.{fmt.lower()}"))
    assert image.format == "JPEG"


def test_a_transparent_png_gets_a_white_background():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (255, 0, 0, 0)).save(out, "PNG")
    image, _data = stored_image(store(out.getvalue(), "t.png"))
    assert image.getpixel((5, 5))[0] > 240 and image.getpixel((5, 5))[1] > 240


def test_big_photos_are_made_smaller():
    photo = store(picture_bytes("JPEG", size=(4000, 3000)))
    assert (photo.width, photo.height) == (2000, 1500)


@pytest.mark.parametrize(
    "data, name",
    [
        (b"%PDF-1.7 not a picture", "report.jpg"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "x.svg"),
        (b"GIF89a" + b"\x00" * 20, "x.gif"),
        (b"MZ\x90\x00 a program", "photo.jpg"),
        (picture_bytes("JPEG")[:60], "cut.jpg"),
    ],
)
def test_files_that_are_not_photos_are_refused_by_their_content(data, name):
    before = set(os.listdir(photos.photo_folder())) if os.path.isdir(photos.photo_folder()) else set()
    with pytest.raises(photos.PhotoError, match="JPEG, PNG"):
        store(data, name)
    after = set(os.listdir(photos.photo_folder())) if os.path.isdir(photos.photo_folder()) else set()
    assert after == before


def test_a_gif_picture_is_refused_even_though_it_is_a_picture():
    with pytest.raises(photos.PhotoError):
        store(picture_bytes("GIF"), "x.gif")


def test_an_oversized_file_is_refused(app, monkeypatch):
    monkeypatch.setitem(app.config, "NOTE_PHOTO_MAX_BYTES", 2000)
    with pytest.raises(photos.PhotoError, match="เกิน"):
        store(picture_bytes("JPEG", size=(200, 200)) + os.urandom(2000))
    with pytest.raises(photos.PhotoError, match="ว่าง"):
        store(b"")


def test_a_decompression_bomb_is_refused_without_being_decoded():
    out = io.BytesIO()
    Image.new("1", (10000, 10000)).save(out, "PNG")  # 100 million pixels in a few kilobytes
    assert len(out.getvalue()) < 100_000
    with pytest.raises(photos.PhotoError, match="ความละเอียด"):
        store(out.getvalue())


def test_removing_a_note_gives_back_its_files_to_discard(forum, create_user):
    photo = store(picture_bytes())
    note = service.create_note(forum, {"category": NoteCategory.OTHER, "body": ""}, create_user(), [photo])
    db.session.commit()
    path = photos.photo_path(photo.filename)
    assert os.path.exists(path)
    with pytest.raises(service.NoteDataError):
        service.remove_photo(note.photos[0])  # the note has no text: it keeps its only photo
    filenames = service.delete_note(note)
    db.session.commit()
    photos.discard_files(filenames)
    assert not os.path.exists(path)
    assert db.session.query(NotePhoto).count() == 0
