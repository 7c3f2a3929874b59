"""The forum's fields, each once (docs/records.md): the API's JSON of a forum, the parsing of its
create and patch bodies and their OpenAPI schemas derive from this table, and the forms take their
limits from it; the invitation's JSON and schema from its own. Rules between fields (the end after
the start, seats and confirmed registrations) stay in the service's check_forum."""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.auth.access import STAFF
from app.auth.models import User
from app.directory import labels as directory_labels
from app.extensions import db
from app.forums import links, service
from app.forums.labels import (
    CERTIFICATE_RULE_LABELS,
    CHANNEL_LABELS,
    INVITATION_STATUS_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
)
from app.forums.models import CertificateRule, Channel, ForumKind, ForumStatus, InvitationStatus
from app.params import is_record_id
from app.records import CREATE, PATCH, Field, Record
from app.records.types import MAX_INT, Choice, ChoiceList, Computed, FieldType, Integer, Moment, Text, whole

#: More seats than any venue has: a forum's capacity and an organization's quota stay below it.
MAX_SEATS = 100_000

#: A map link: a web address with a host. The API checks the text as sent, as the schema does;
#: explicit classes, so that Python and a JSON Schema validator read the pattern alike.
MAP_LINK = r"https?://[^\u0000-\u0020\u007f/?#\[\]]+[^\u0000-\u0020\u007f]*"


class Seats(Integer):
    """A number of seats: at least one, and no more than any venue has."""

    def __init__(self):
        super().__init__(minimum=1, maximum=MAX_SEATS)

    def parse(self, value, strict=False):
        value = whole(value)
        if value is None or not 1 <= value <= MAX_SEATS:
            raise ValueError(_("Expected a whole number from %(n)d to %(max)d.", n=1, max=MAX_SEATS))
        return value


class Venue(FieldType):
    """Where the forum is, {name, address, map_url}: three attributes of the forum, read by forum_clean.

    Sent as an object (a patch may give some of its keys) or as the venue's name alone.
    """

    grouped = True
    PARTS = (
        ("name", "venue_name", Text(300, min_length=1)),
        ("address", "venue_address", Text(500)),
        ("map_url", "map_url", Text(1000)),
    )

    def part(self, name):
        """The type of a part of the venue: name, address or map_url."""
        return next(kind for part, _attr, kind in self.PARTS if part == name)

    def read(self, obj, key):
        return {name: getattr(obj, attr) for name, attr, _type in self.PARTS}

    def parse(self, value, strict=False):
        """The forum's attributes of the venue sent."""
        if isinstance(value, str):
            value = {"name": value}
        if not isinstance(value, dict):
            raise ValueError(_("Expected an object with name, address and map_url."))
        data = {attr: kind.parse(value[name], strict) for name, attr, kind in self.PARTS if name in value}
        if "venue_name" in data and not data["venue_name"]:
            raise ValueError(_("The venue is missing."))
        if isinstance(value.get("map_url"), str) and not re.fullmatch(f"({MAP_LINK})?", value["map_url"]):
            raise ValueError(_("The map link must be a web address starting with https://"))
        return data

    def _properties(self, sent):
        properties = {name: kind.schema() for name, _attr, kind in self.PARTS}
        if sent:
            properties["map_url"] = {**properties["map_url"], "pattern": f"^({MAP_LINK})?$"}
        return properties

    def schema(self):
        return {
            "type": "object",
            "required": [p[0] for p in self.PARTS],
            "properties": self._properties(False),
        }

    def input_schema(self, mode):
        venue = {"type": "object", "properties": self._properties(True)}
        if mode == CREATE:
            venue["required"] = ["name"]
        return {"oneOf": [venue, self.PARTS[0][2].schema()]}


class Organizers(FieldType):
    """The staff users organizing the forum, as their ids."""

    def parse(self, value, strict=False):
        value = [whole(i) for i in value] if isinstance(value, list) else None
        if value is None or not all(is_record_id(i) for i in value):
            raise ValueError(_("Expected a list of user ids."))
        if len(set(value)) != len(value):
            raise ValueError(_("A user is given twice."))
        users = db.session.scalars(db.select(User).where(User.id.in_(value), User.role.in_(STAFF))).all()
        if len(users) != len(value):
            raise ValueError(_("Some of these are not staff users."))
        return users

    def to_json(self, value):
        return [user.id for user in value]

    def schema(self):
        return {
            "type": "array",
            "items": {"type": "integer", "minimum": 1, "maximum": MAX_INT},
            "uniqueItems": True,
        }


def forum_clean(raw, data, errors, partial, strict):
    """The venue, which sets three of the forum's attributes."""
    if "venue" in raw:
        try:
            data.update(FORUM["venue"].type.parse(raw["venue"], strict))
        except ValueError as error:
            errors["venue"] = str(error)


_URL = {"type": "string", "format": "uri"}
_COUNTS = {
    "type": "object",
    "required": list(service.COUNT_KEYS),
    "properties": {key: {"type": "integer", "minimum": 0} for key in service.COUNT_KEYS},
}

FORUM = Record(
    "Forum",
    (
        Field("id", Integer(), _l("Number"), writable=False),
        Field("title", Text(300, min_length=1), _l("Title"), required=True),
        Field("description", Text(10000, lines=True), _l("Description")),
        Field("objectives", Text(10000, lines=True), _l("Objectives")),
        Field("kind", Choice(ForumKind, KIND_LABELS), _l("Kind")),
        Field("starts_at", Moment(), _l("Starts at"), required=True),
        Field("ends_at", Moment(), _l("Ends at"), required=True),
        Field("venue", Venue(), _l("Venue"), required=True,
              description="An object; on input also just the venue's name."),
        Field("capacity", Seats(), _l("Seats in all"), required=True),
        Field("registration_opens_at", Moment(nullable=True), _l("Registration opens on"),
              description="null: registration opens as soon as the forum is open."),
        Field("registration_closes_at", Moment(nullable=True), _l("Registration closes on"),
              description="null: registration closes when the forum starts."),
        Field("seats_per_organization", Seats(), _l("Seats per invited organization"),
              description="The quota of an invited organization (1 when not given)."),
        Field("target_kinds", ChoiceList(directory_labels.KIND_LABELS), _l("Meant for")),
        Field("certificate_rule", Choice(CertificateRule, CERTIFICATE_RULE_LABELS),
              _l("Certificate of participation"),
              description="What attendance earns a certificate of participation: a check-in on at least "
              "one day, or on every day of the forum (the same for a forum of one day); any_day when "
              "not given."),
        Field("organizer_ids", Organizers(), _l("Organizers"), attr="organizers",
              description="Staff users; the person planning the forum is one of them."),
        Field("status", Choice(ForumStatus, STATUS_LABELS), _l("Status"), writable=PATCH,
              description="PATCH moves the forum along its lifecycle; a refused move is 409."),
        Field("cancel_reason", Text(2000, lines=True), _l("Reason (told to everybody)"),
              writable=PATCH, readable=False,
              description="Why the forum is cancelled, with status cancelled; told to everybody."),
        Field("is_open_for_registration", Computed({"type": "boolean"}), _l("Open for registration"),
              writable=False),
        Field("postponed_from", Moment(nullable=True), _l("Postponed"), writable=False,
              description="The first start announced, once the forum has been postponed."),
        Field("public_url", Computed(_URL, links.public_url), _l("Public link"), writable=False),
        Field("registration_url", Computed(_URL, links.registration_url), _l("Registration link"),
              writable=False),
        Field("calendar_url", Computed(_URL, links.calendar_url), _l("Calendar file"), writable=False),
        Field("counts", Computed(_COUNTS, service.forum_counts), _l("Counts"), writable=False),
    ),
    clean=forum_clean,
)  # fmt: skip


def _reminders(invitation):
    return [FORUM["starts_at"].type.to_json(reminder.sent_at) for reminder in invitation.reminders]


#: An invitation as the API writes it: read-only (invitations are made by POST /forums/{id}/invitations).
INVITATION = Record(
    "Invitation",
    (
        Field("id", Integer(), _l("Number"), writable=False),
        Field("forum_id", Integer(), _l("Forum"), writable=False),
        Field("organization_id", Integer(), _l("Organization"), writable=False),
        Field("organization_name", Computed({"type": "string"}, lambda i: i.organization.name),
              _l("Organization"), writable=False),
        Field("seats", Seats(), _l("Seats"), writable=False),
        Field("status", Choice(InvitationStatus, INVITATION_STATUS_LABELS), _l("Status"), writable=False),
        Field("url", Computed(_URL, links.invitation_url), _l("Invitation link"), writable=False),
        Field("sent_at", Moment(nullable=True), _l("Sent"), writable=False),
        Field("sent_via", Choice(Channel, CHANNEL_LABELS, nullable=True), _l("How"), writable=False),
        Field("opened_at", Moment(nullable=True), _l("Link opened"), writable=False),
        Field("declined_at", Moment(nullable=True), _l("Declined"), writable=False),
        Field("decline_reason", Text(1000), _l("Reason (optional)"), writable=False),
        Field("reminders", Computed({"type": "array", "items": Moment().schema()}, _reminders),
              _l("Sent"), writable=False, description="When each reminder was sent."),
    ),
)  # fmt: skip
