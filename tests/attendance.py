"""Attendance made directly in the database for tests of the "took part" rule, on fixed dates."""

from datetime import datetime

from app.checkin.models import CheckIn
from app.extensions import db
from app.registration.models import Registration, RegistrationStatus


def attend(forum, organization, day, undone=False):
    """Someone of the organization registered for the forum and checked in on `day` (undone if asked)."""
    at = datetime(day.year, day.month, day.day, 2, 0)
    registration = Registration(
        forum_id=forum.id,
        organization_id=organization.id,
        first_name="สมชาย",
        last_name=f"ทดสอบ{organization.id}",
        status=RegistrationStatus.CONFIRMED,
        privacy_notice_version="1",
        checked_in_at=at,
    )
    db.session.add(registration)
    db.session.flush()
    db.session.add(
        CheckIn(
            forum_id=forum.id,
            registration_id=registration.id,
            day=day,
            checked_in_at=at,
            undone_at=at.replace(minute=5) if undone else None,
            undo_reason="สแกนผิดคน" if undone else "",
        )
    )
    db.session.flush()
    return registration
