"""PDPA: after `erase-expired-registrations` nothing in the database or in instance/ names the people.

A forum is used fully (tickets e-mailed, check-ins with notes, an undo saying why, certificates
e-mailed, a background document, named feedback), then erased; a dump of every table and every
file in the outbox and documents folders (PDFs and e-mail parts read as text) is searched for each
person's name, phone and e-mail.
"""

import email
import email.policy
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from app.auth.models import Role
from app.checkin import service as checkin_service
from app.checkin.models import CheckIn
from app.extensions import db
from app.forums.models import ForumStatus
from app.notes import feedback
from app.notes.participants import Participant
from app.registration import notices
from app.reports import certificate_mail, generated
from app.reports.documents import SIGN_IN_SHEET
from app.reports.models import GeneratedDocument
from tests.conftest import wait_for_background_jobs
from tests.registration.conftest import register  # noqa: F401  (a fixture)

PEOPLE = [
    {
        "first_name": "Quorbel",
        "last_name": "Zanthrope",
        "phone": "0891357913",
        "email": "quorbel@example.net",
    },
    {
        "first_name": "Vexmira",
        "last_name": "Oldrastle",
        "phone": "0862468024",
        "email": "vexmira@example.net",
    },
    {"first_name": "สมปอง", "last_name": "ทดลองลบ", "phone": "0817171717", "email": "sompong@example.net"},
]


def _at(*moment):
    return time_machine.travel(datetime(*moment, tzinfo=UTC), tick=False)


def _pdf_text(data):
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode("utf-8", "replace")


def _readable(data):
    """Bytes as a person could read them: a PDF's text, an e-mail's decoded parts, or the text."""
    if data.startswith(b"%PDF"):
        return _pdf_text(data)
    return data.decode("utf-8", "replace")


def _eml_text(data):
    message = email.message_from_bytes(data, policy=email.policy.default)
    parts = [str(value) for value in message.values()]
    for part in message.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b""
        parts.append(_readable(payload))
    return "\n".join(parts)


def database_dump():
    """Every value of every table, as text: {"table.column": text}."""
    found = {}
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            for column, value in row.items():
                if isinstance(value, bytes | memoryview):
                    value = _readable(bytes(value))
                if value is not None:
                    place = f"{table.name}.{column}"
                    found[place] = found.get(place, "") + "\n" + str(value)
    return found


def folder_dump(folder):
    """Every file of the folder and its subfolders, as text: {path: text}."""
    found = {}
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found[str(path)] = (
                path.name + "\n" + (_eml_text(data) if path.suffix == ".eml" else _readable(data))
            )
    return found


def places_naming(dump, people):
    """{place: the details found there} of the places that still name someone."""
    return {place: left for place, text in dump.items() if (left := traces(text, people))}


def traces(text, people):
    """Which of the people's details the text holds (phones also with dashes or spaces taken out)."""
    digits = text.replace("-", "").replace(" ", "")
    left = []
    for person in people:
        for field in ("first_name", "last_name", "email"):
            if person[field] in text:
                left.append(person[field])
        if person["phone"] in digits or person["phone"][1:] in digits:
            left.append(person["phone"])
    return left


@pytest.fixture
def folders(app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setitem(app.config, "GENERATED_DOCUMENTS_DIR", str(tmp_path / "documents"))
    monkeypatch.setitem(app.config, "DOCUMENTS_BACKGROUND_ROWS", 1)
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://forum.example.go.th")
    return [tmp_path / "outbox", tmp_path / "documents"]


def test_erasing_a_fully_used_forum_leaves_no_name_phone_or_email(
    app,
    runner,
    folders,
    create_forum,
    create_user,
    register,  # noqa: F811
):
    staff = create_user(Role.CHECKIN, name="พนักงาน ประตู")
    organizer = create_user(Role.ORGANIZER, name="ผู้จัด เวที")
    with _at(2018, 10, 20, 3, 0):
        forum = create_forum(status="open")
        forum.registration_closes_at = forum.ends_at
        people = [register(forum, **person) for person in PEOPLE]
        notices.queue("ticket", people)
        db.session.commit()
        wait_for_background_jobs()
    with _at(2018, 10, 25, 3, 30):
        for person in people:
            checkin_service.check_in(forum.id, person.ticket_code, staff, note=f"มาแทน {person.first_name}")
        db.session.commit()
        checkin = db.session.scalar(select(CheckIn).where(CheckIn.registration_id == people[0].id))
        checkin_service.undo(
            checkin, staff, f"สแกนผิดคน ที่จริงคือ {PEOPLE[1]['first_name']} โทร {PEOPLE[1]['phone']}"
        )
        checkin_service.check_in(forum.id, people[0].ticket_code, staff)
        db.session.commit()
    with _at(2018, 10, 26, 3, 0):
        forum.status = ForumStatus.FINISHED
        db.session.commit()
        assert certificate_mail.email_certificates(forum, created_by=organizer) is not None
        db.session.commit()
        wait_for_background_jobs()
        generated.prepare(SIGN_IN_SHEET, forum, created_by=organizer)
        db.session.commit()
        wait_for_background_jobs()
        survey = feedback.ensure_survey(forum)
        db.session.commit()
        for number, person in enumerate(people):
            feedback.submit_feedback(
                survey,
                {survey.questions[0].id: 5},
                f"ขอบคุณครับ {PEOPLE[number]['first_name']} {PEOPLE[number]['email']}",
                Participant(person.id, person.organization_id),
            )
        db.session.commit()

    # Everything the test erases was really there to begin with.
    assert db.session.scalar(select(GeneratedDocument.filename)), "the sign-in sheet was kept"
    before = "\n".join(
        [*database_dump().values(), *folder_dump(folders[0]).values(), *folder_dump(folders[1]).values()]
    )
    for person in PEOPLE:
        assert set(traces(before, [person])) == {
            person[f] for f in ("first_name", "last_name", "phone", "email")
        }

    with _at(2021, 1, 1, 0, 0):
        result = runner.invoke(args=["erase-expired-registrations"])
        assert result.exit_code == 0, result.output
        assert "Erased the details of 3 registrations" in result.output
    db.session.expire_all()
    left = places_naming(database_dump(), PEOPLE)
    for folder in folders:
        left.update(places_naming(folder_dump(folder), PEOPLE))
    assert not left, sorted(left)
