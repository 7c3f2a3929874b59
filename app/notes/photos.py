"""Photos of notes: checked by their content, re-encoded without metadata, kept under random names.

A photo is stored as ``<uploads>/notes/<22 random URL-safe characters>.jpg``. The
re-encoding drops EXIF (GPS position, phone model, time) and anything hidden after
the image data; the orientation the phone recorded is applied to the pixels first,
so the photo still stands the right way up.
"""

import contextlib
import io
import os
import secrets
import warnings

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from app.notes.models import NotePhoto

#: What Pillow must recognise in the file itself; the name and the browser's type are not trusted.
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
#: The long side of a stored photo: plenty for a report, small on a phone's data plan.
STORED_LONG_SIDE = 2000
JPEG_QUALITY = 85


class PhotoError(ValueError):
    """A file that cannot be a note's photo; the message is for people."""


def photo_folder():
    return os.path.join(current_app.config["UPLOAD_FOLDER"], "notes")


def photo_path(filename):
    return os.path.join(photo_folder(), filename)


def _read_limited(stream, limit):
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise PhotoError(
            _("The photo is larger than %(mb)s MB. Please send a smaller one.", mb=f"{limit / 1048576:g}")
        )
    if not data:
        raise PhotoError(_("The file is empty."))
    return data


def _open_checked(data):
    max_pixels = current_app.config["NOTE_PHOTO_MAX_PIXELS"]
    not_a_photo = PhotoError(_("This file is not a photo. Send a JPEG, PNG or WebP picture."))
    try:
        with warnings.catch_warnings():
            # A decompression bomb is refused, never decoded.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise not_a_photo
            if image.width * image.height > max_pixels:
                raise PhotoError(_("The photo has too many pixels."))
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise not_a_photo from error
    except Image.DecompressionBombWarning as error:
        raise PhotoError(_("The photo has too many pixels.")) from error
    return image


def _reencoded(image):
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    image.thumbnail((STORED_LONG_SIDE, STORED_LONG_SIDE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return image.size, out.getvalue()


def clean_jpeg(data):
    """The photo in `data` checked by its content and re-encoded as a JPEG without metadata:
    ((width, height), bytes). Other areas that take photos use it too (reports' attachments).

    :raise PhotoError: not a JPEG/PNG/WebP picture, or too many pixels.
    """
    return _reencoded(_open_checked(data))


def store_photo(stream, original_name=""):
    """Check an uploaded file and store it as a clean JPEG; a NotePhoto not yet attached to a note.

    :raise PhotoError: too large, empty, not a JPEG/PNG/WebP picture, or too many pixels.
    """
    data = _read_limited(stream, current_app.config["NOTE_PHOTO_MAX_BYTES"])
    (width, height), jpeg = clean_jpeg(data)
    filename = secrets.token_urlsafe(16) + ".jpg"
    os.makedirs(photo_folder(), exist_ok=True)
    with open(photo_path(filename), "xb") as file:
        file.write(jpeg)
    return NotePhoto(
        filename=filename,
        original_name=os.path.basename((original_name or "").replace("\\", "/"))[:255],
        width=width,
        height=height,
        size_bytes=len(jpeg),
    )


def discard_files(filenames):
    """Remove stored photo files (after the commit that removed their rows)."""
    for filename in filenames:
        with contextlib.suppress(FileNotFoundError):
            os.remove(photo_path(filename))
