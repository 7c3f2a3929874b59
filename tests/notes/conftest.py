"""Fixtures of the notes tests: notes, pictures made on the spot, participants."""

import io

import pytest
from PIL import Image

from app.extensions import db
from app.notes import service
from app.notes.models import NoteCategory


def picture_bytes(fmt="JPEG", size=(40, 20), exif=None, colour=(200, 30, 30)):
    """A small picture in a format, with EXIF when given (JPEG and WebP)."""
    out = io.BytesIO()
    image = Image.new("RGB", size, colour)
    if exif is not None:
        image.save(out, fmt, exif=exif)
    else:
        image.save(out, fmt)
    return out.getvalue()


def phone_exif():
    """EXIF as a phone writes it: maker, model, 'rotate 90° to view', and a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "TestPhone"
    exif[0x0110] = "Model X"
    exif[0x0112] = 6
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (16.0, 49.0, 30.0)
    gps[3] = "E"
    gps[4] = (100.0, 15.0, 10.0)
    return exif


@pytest.fixture
def create_note(forum, create_user):
    author = create_user(name="นางสาวบันทึก ถ้อยคำ")

    def make(**overrides):
        data = {"category": NoteCategory.WHAT_WORKED, "body": "เครือข่ายแลกเปลี่ยนกันได้ดี"}
        data.update(overrides)
        target_forum = data.pop("forum", forum)
        note = service.create_note(target_forum, data, data.pop("author", author))
        db.session.commit()
        return note

    return make


@pytest.fixture
def note(create_note):
    return create_note()


@pytest.fixture
def create_participant(forum):
    """A registration of the forum, made as the registration area stores one (confirmed by default)."""
    from app.notes.participants import Participant
    from app.registration.models import Registration, RegistrationStatus

    count = iter(range(1, 1000))

    def make(phone=None, organization=None, status=RegistrationStatus.CONFIRMED, target_forum=None):
        n = next(count)
        registration = Registration(
            forum_id=(target_forum or forum).id,
            organization_id=organization.id if organization else None,
            first_name=f"ผู้เข้าร่วม{n}",
            last_name="ทดสอบ",
            phone=phone or f"08100000{n:02d}",
            status=RegistrationStatus(status),
            waitlist_position=n if status == RegistrationStatus.WAITLISTED else None,
            privacy_notice_version="test",
        )
        db.session.add(registration)
        db.session.commit()
        return registration, Participant(registration.id, registration.organization_id)

    return make


@pytest.fixture
def survey(forum):
    from app.notes import feedback

    survey = feedback.ensure_survey(forum)
    db.session.commit()
    return survey
