"""A lesson-learned note's and an action item's fields, each once (docs/records.md): the API's JSON,
the reading of its bodies and the OpenAPI schemas derive from these tables. Whether an id names a row
(of this forum, a staff member) is the API's check; the rules of a note's body and of an action item's
owners are the services'."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.notes.actions import DESCRIPTION_LIMIT
from app.notes.models import ActionStatus, NoteCategory
from app.notes.service import BODY_INVISIBLE, BODY_LIMIT
from app.records import PATCH, Field, Record
from app.records.types import FieldType, Integer, IsoDate, RecordId, Text, Timestamp, Value, filled_pattern
from app.urls import external_url


class Markdown(Text):
    """Markdown as typed: the service cleans it (app.notes.service.clean_body), keeping its lines."""

    def filled_pattern(self):
        return filled_pattern(BODY_INVISIBLE)

    def parse(self, value, strict=False):
        if not isinstance(value, str):
            raise ValueError("Expected text.")
        if len(value) > self.max_length:
            raise ValueError(_("The note is too long (at most %(n)d characters).", n=self.max_length))
        return value


class Person(FieldType):
    """A user as {id, name}, or null; on input {"id": …} of a staff member (the API checks who)."""

    nullable = True

    def parse(self, value, strict=False):
        if value is None:
            return None
        identity = value.get("id") if isinstance(value, dict) else None
        if not isinstance(value, dict) or identity is None:
            raise ValueError('Expected {"id": …} of a staff member, or null.')
        return USER_ID.parse(identity, strict)

    def to_json(self, user):
        return {"id": user.id, "name": user.display_name} if user is not None else None

    def schema(self):
        return {
            "type": ["object", "null"],
            "required": ["id"],
            "properties": {"id": USER_ID.schema() | {"type": "integer"}, "name": {"type": "string"}},
        }


class Photos(FieldType):
    """A note's photos (read-only: they come as files through the pages)."""

    def to_json(self, photos):
        return [
            {
                "id": p.id,
                "url": external_url("notes.photo", filename=p.filename),
                "width": p.width,
                "height": p.height,
            }
            for p in photos
        ]

    def schema(self):
        item = {
            "id": {"type": "integer"},
            "url": {"type": "string", "format": "uri"},
            "width": {"type": "integer"},
            "height": {"type": "integer"},
        }
        return {"type": "array", "items": {"type": "object", "properties": item}}


class Version(Integer):
    """The version of a note the client last saw (optimistic locking)."""

    def parse(self, value, strict=False):
        try:
            return super().parse(value, strict)
        except ValueError as error:
            raise ValueError(str(VERSION_MISSING)) from error


class Flag(FieldType):
    def schema(self):
        return {"type": "boolean"}


VERSION_MISSING = "Send the version of the note you started from."
USER_ID = RecordId("Unknown owner user: {value!r}.")
_TIME = Timestamp(nullable=True, bangkok=True)
_ID = Field("id", Integer(), _l("Number"), writable=False)
_FORUM = Field("forum_id", Integer(), _l("Forum"), writable=False)

NOTE = Record(
    "Note",
    (
        _ID,
        _FORUM,
        Field("category", Value(NoteCategory), _l("Heading"), required=True,
              missing=_l("Choose a heading for the note.")),
        Field("body", Markdown(BODY_LIMIT), _l("Note"), required=True, patch_may_empty=True,
              missing=_l("Write the note or attach a photo."),
              description="Markdown; shown sanitised (no raw HTML). A patch may empty it when the note "
              "keeps a photo."),
        Field("body_html", FieldType(), _l("Note"), writable=False),
        Field("organization_id", RecordId("Unknown organization: {value!r}."), _l("Organization")),
        Field("agenda_item_id", RecordId("Unknown agenda item: {value!r}."), _l("Agenda item")),
        Field("author", Person(), _l("Author"), writable=False),
        Field("updated_by", Person(), _l("Changed by"), writable=False),
        Field("created_at", _TIME, _l("Created"), writable=False),
        Field("updated_at", _TIME, _l("Last changed"), writable=False),
        Field("version", Version(), _l("Version"), writable=PATCH, required=True, missing=VERSION_MISSING,
              description="Required on PATCH: the version the client last saw (optimistic locking)."),
        Field("photos", Photos(), _l("Photos"), writable=False),
    ),
)  # fmt: skip

ACTION_ITEM = Record(
    "ActionItem",
    (
        _ID,
        _FORUM,
        Field("note_id", RecordId("Unknown note: {value!r}."), _l("Note"),
              description="The note of the same forum it came from."),
        Field("description", Text(DESCRIPTION_LIMIT), _l("What is to be done"), required=True,
              missing=_l("Say what is to be done.")),
        Field("owner_organization_id", RecordId("Unknown owner organization: {value!r}."), _l("Owner"),
              description="One owner at most: an organization of the directory or a staff member."),
        Field("owner_user", Person(), _l("Owner"),
              description="A staff member; on input {\"id\": …} or owner_user_id."),
        Field("owner_user_id", USER_ID, _l("Owner"), readable=False),
        Field("due_on", IsoDate("A date as YYYY-MM-DD."), _l("Due")),
        Field("status", Value(ActionStatus), _l("Status")),
        Field("is_overdue", Flag(), _l("Overdue"), writable=False),
        Field("done_at", _TIME, _l("Done"), writable=False),
        Field("created_at", _TIME, _l("Created"), writable=False),
    ),
)  # fmt: skip
