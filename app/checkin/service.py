"""The rules of check-in: what a scan names, which forum day it counts for, and checking a person in once.

A check-in happens once per registration and forum day. The database decides it: a
check-in row is inserted with ``ON CONFLICT DO NOTHING`` against a unique index on
(registration, day) among the standing check-ins, so scans from many phones served
by many processes cannot both win. Every scan is logged, refused ones included.
"""

import re
from datetime import datetime, time, timedelta
from functools import cache
from typing import NamedTuple
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import defer, joinedload, load_only, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from app.auth import service as auth_service
from app.auth.access import STAFF
from app.auth.models import ApiToken, User
from app.checkin.models import Action, CheckIn, Method, Scan, ScanResult
from app.directory.models import Organization
from app.extensions import db
from app.forums.models import Forum, ForumStatus
from app.registration.models import Registration, RegistrationStatus
from app.registration.short_codes import normalized_short_code
from app.thai import to_bangkok
from app.timeutil import utc_from_bangkok, utcnow

#: A ticket code is token_urlsafe text; anything else in a scan is not one.
TICKET_CODE = re.compile(r"[A-Za-z0-9_-]{8,64}")
MAX_SCAN_LENGTH = 500
MAX_DEVICE_LENGTH = 60
MAX_NONCE_LENGTH = 64
MAX_REASON_LENGTH = 500
#: How long a SQLite writer waits for the one before it (ms); PostgreSQL needs no such wait.
SQLITE_BUSY_MS = 30_000

_REFUSALS = {
    RegistrationStatus.CANCELLED: ScanResult.CANCELLED,
    RegistrationStatus.WAITLISTED: ScanResult.WAITLISTED,
}


class CheckInError(Exception):
    """A change to a check-in the rules refuse; the message is for people."""


class NoSuchForum(LookupError):
    """A scan named a forum that does not exist."""


class ScanAlreadyReceived(Exception):
    """A scan with this nonce was logged while this one was being answered: answer as that one was."""

    def __init__(self, nonce):
        super().__init__(nonce)
        self.nonce = nonce


class Answer(NamedTuple):
    """What a scan was answered: the result, whom it named, the check-in that holds the day."""

    result: ScanResult
    registration: Registration | None
    checkin: CheckIn | None
    scan_id: int | None
    #: This scan and another let the same person in without knowing of each other (offline).
    conflict: bool = False

    @property
    def checked_in_at(self):
        return self.checkin.checked_in_at if self.checkin is not None else None

    @property
    def checked_in_by(self):
        return staff_name(self.checkin.checked_in_by) if self.checkin is not None else None


def staff_name(user):
    return user.display_name if user is not None else ""


def ticket_code_of(scan):
    """The ticket code a scan holds: the code itself, or the last part of a ticket URL (…/t/<code>).

    None when the text cannot be a ticket code at all.
    """
    if not isinstance(scan, str):
        return None
    text_ = scan.strip()
    if not text_ or len(text_) > MAX_SCAN_LENGTH:
        return None
    if "/" in text_:
        try:
            parts = [p for p in urlsplit(text_).path.split("/") if p]
        except ValueError:  # not a URL after all, e.g. "http://[::1/t/abc"
            return None
        if len(parts) < 2 or parts[-2] != "t":
            return None
        text_ = parts[-1]
    return text_ if TICKET_CODE.fullmatch(text_) else None


def ticket_code_of_short_code(forum_id, scan):
    """The ticket code of the forum's registration whose short code a person typed, or None.

    Only text shaped like a short code costs a query; a QR's ticket URL or code never is one.
    """
    short_code = normalized_short_code(scan)
    if short_code is None:
        return None
    return db.session.scalar(
        select(Registration.ticket_code).where(
            Registration.forum_id == forum_id, Registration.short_code == short_code
        )
    )


def day_of(forum, local_date):
    """The forum day an arrival on a Bangkok calendar date counts for.

    Before the first day (a desk opened the evening before) counts for the first day,
    after the last for the last, so a device with a wrong date never loses an arrival.
    """
    days = forum.days
    return min(max(local_date, days[0]), days[-1])


def current_day(forum, now=None):
    """The forum day a scan made now counts for."""
    return day_of(forum, to_bangkok(now or utcnow()).date())


def today_of(forum, now=None):
    """Today when it is one of the forum's days, else None."""
    today = to_bangkok(now or utcnow()).date()
    return today if today in forum.days else None


#: The forum states whose door takes check-ins.
DOOR_STATES = (ForumStatus.OPEN, ForumStatus.CLOSED)
DOOR_CLOSED_TEXT = _l("Check-in is closed: it is not this forum's days, or the forum is not open.")


def door_window(forum):
    """When the door is open (naive UTC): from the start of the day before the first day (a desk
    set up the evening before), Bangkok time, to the end of the last day."""
    opens = utc_from_bangkok(datetime.combine(forum.days[0] - timedelta(days=1), time.min))
    closes = utc_from_bangkok(datetime.combine(forum.days[-1] + timedelta(days=1), time.min))
    return opens, closes


def door_is_open(forum, at):
    """The door's rule: check-ins (and the door staff's roster) only for a forum open or closed for
    registration, within its door_window. Outside it a check-in is an organizer's correction with
    a reason (`check_in(correction=…)`).

    Where the rule lives: here; check_in and the roster API and search page call it; the scanner's
    offline answers repeat the closing time (static/js/scanner-store.js, `answer`), which the
    roster gives as `door_closes_at`.
    """
    opens, closes = door_window(forum)
    return forum.status in DOOR_STATES and opens <= at < closes


def may_correct(user):
    """Who may check someone in while the door is closed (a correction, with a reason)."""
    return user.has_role(*STAFF)


def arrival_time(forum, scanned_at, now):
    """When a person arrived: the device's clock for a scan sent later, kept within sane bounds.

    A clock ahead of the server's counts as now; one set before the door opened counts from
    then, so a wrong clock cannot win every offline conflict.
    """
    if scanned_at is None or scanned_at > now:
        return now
    return max(scanned_at, door_window(forum)[0])


def _dialect():
    return db.session.get_bind().dialect.name


def _insert(table, dialect):
    """INSERT for the database, with its ON CONFLICT clause."""
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


@cache
def _checkin_statement(dialect):
    """INSERT of a check-in that does nothing when the day is already held (built once per database)."""
    table = CheckIn.__table__
    return (
        _insert(table, dialect)
        .on_conflict_do_nothing(
            index_elements=["registration_id", "day"], index_where=table.c.undone_at.is_(None)
        )
        .returning(table.c.id)
    )


@cache
def _check_in_at_once_statement(with_nonce):
    """PostgreSQL: the check-in INSERT, with the first-arrival UPDATE and the log INSERT riding on it.

    Both follow only a check-in actually inserted: when the day is already held nothing is written.
    The parameters are prefixed: one named as a column would be taken by the UPDATE as a value to set.
    """
    checkins, scans = CheckIn.__table__, Scan.__table__
    names = (
        "forum_id",
        "registration_id",
        "day",
        "checked_in_at",
        "recorded_at",
        "checked_in_by_id",
        "device",
        "method",
        "undo_reason",
    )
    inserted = (
        postgresql.insert(checkins)
        .values({name: bindparam(f"checkin_{name}", type_=checkins.c[name].type) for name in names})
        .on_conflict_do_nothing(
            index_elements=["registration_id", "day"], index_where=checkins.c.undone_at.is_(None)
        )
        .returning(checkins.c.id, checkins.c.registration_id, checkins.c.checked_in_at)
        .cte("inserted")
    )
    registrations = Registration.__table__
    first_arrival = (
        update(registrations)
        .where(
            registrations.c.id == inserted.c.registration_id,
            or_(
                registrations.c.checked_in_at.is_(None),
                registrations.c.checked_in_at > inserted.c.checked_in_at,
            ),
        )
        .values(checked_in_at=inserted.c.checked_in_at, updated_at=registrations.c.updated_at)
        .cte("first_arrival")
    )
    columns = [c for c in scans.c if c.name not in ("id", "checkin_id")]
    logged = postgresql.insert(scans).from_select(
        [*(c.name for c in columns), "checkin_id"],
        select(*(bindparam(f"log_{c.name}", type_=c.type) for c in columns), inserted.c.id),
    )
    if with_nonce:
        logged = logged.on_conflict_do_nothing(index_elements=["user_id", "nonce"])
    logged = logged.returning(scans.c.id).cte("logged")
    return select(
        inserted.c.id.label("checkin_id"), select(logged.c.id).scalar_subquery().label("scan_id")
    ).add_cte(first_arrival)


@cache
def _log_statement(dialect, with_nonce):
    """INSERT of a line of the scan log; with a nonce, nothing when that scan was logged already."""
    statement = _insert(Scan.__table__, dialect)
    if with_nonce:
        statement = statement.on_conflict_do_nothing(index_elements=["user_id", "nonce"])
    return statement.returning(Scan.__table__.c.id)


@cache
def _first_arrival_statement():
    """UPDATE of Registration.checked_in_at to an arrival when it is the earliest."""
    table = Registration.__table__
    arrived_at = bindparam("arrived_at", type_=table.c.checked_in_at.type)
    return (
        update(table)
        .where(
            table.c.id == bindparam("registration_id"),
            or_(table.c.checked_in_at.is_(None), table.c.checked_in_at > arrived_at),
        )
        # updated_at set to itself: a check-in is not a change of the registration's details.
        .values(checked_in_at=arrived_at, updated_at=table.c.updated_at)
    )


def _take_the_writer_lock_on_sqlite():
    """SQLite has one writer at a time: become it before reading, so nothing read goes stale."""
    if _dialect() != "sqlite":
        return
    db.session.execute(text(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}"))
    db.session.execute(update(CheckIn.__table__).where(text("0")).values(device=""))


#: What a scan's answer never shows of a registration: left unread (sensitive ones included).
_NOT_AT_THE_DOOR = (
    Registration.manage_token,
    Registration.dietary,
    Registration.dietary_other,
    Registration.accessibility_needs,
    Registration.privacy_notice_version,
    Registration.privacy_notice_at,
    Registration.photo_consent_at,
    Registration.line_consent_at,
    Registration.mailing_consent_at,
    Registration.sensitive_consent_at,
    Registration.created_by_id,
    Registration.cancelled_by_id,
    Registration.search_text,
    Registration.erased_at,
    Registration.updated_at,
)
#: What the rules and a brief answer (app.registration.record.AT_THE_DOOR) read of a registration.
_BRIEF = (
    Registration.forum_id,
    Registration.status,
    Registration.checked_in_at,
    Registration.prefix,
    Registration.first_name,
    Registration.last_name,
    Registration.position,
    Registration.organization_id,
    Registration.organization_name,
)
#: What the rules and the answer read of a standing check-in.
_STANDING = (
    CheckIn.registration_id,
    CheckIn.day,
    CheckIn.checked_in_at,
    CheckIn.recorded_at,
    CheckIn.checked_in_by_id,
    CheckIn.device,
    CheckIn.undone_at,
)
#: What a request knows of the staff member a token names (the rest, e.g. the password hash, unread).
_STAFF = (User.name, User.email, User.role, User.active, User.must_change_password, User.session_version)


@cache
def _load_statement(by_token=False, brief=False):
    """What a scan reads: only the columns the rules and the answer need (built once, on first use).

    The forum's status is among them: door_is_open reads it, and left out it cost a query per scan.
    `by_token`: the staff member is the one a bearer token names, and is read too (load_by_token).
    `brief`: only what a brief answer shows of the person; each column costs the driver and the ORM
    work per scan.
    """
    staff_id = ApiToken.user_id if by_token else bindparam("user_id")
    statement = (
        select(Forum, Registration, CheckIn, Scan.id)
        .select_from(Forum)
        .outerjoin(Registration, Registration.ticket_code == bindparam("code"))
        .outerjoin(CheckIn, and_(CheckIn.registration_id == Registration.id, CheckIn.undone_at.is_(None)))
    )
    if by_token:
        statement = (
            statement.add_columns(User, ApiToken.id, ApiToken.last_used_at)
            .outerjoin(ApiToken, auth_service.standing_token_of(bindparam("token_hash")))
            .outerjoin(User, and_(User.id == ApiToken.user_id, User.active))
            .options(load_only(*_STAFF))
        )
    registration = (load_only(*_BRIEF),) if brief else tuple(defer(column) for column in _NOT_AT_THE_DOOR)
    return (
        statement.outerjoin(Scan, and_(Scan.user_id == staff_id, Scan.nonce == bindparam("nonce")))
        .options(
            load_only(Forum.starts_at, Forum.ends_at, Forum.status),
            *registration,
            load_only(*_STANDING),
            joinedload(Registration.organization).load_only(Organization.name),
            joinedload(CheckIn.checked_in_by).load_only(User.name, User.email),
        )
        .where(Forum.id == bindparam("forum_id"))
    )


class Loaded(NamedTuple):
    """What a scan read: the forum, the registration with the ticket code, its standing check-ins by
    day, and whether the staff member sent this nonce before. The forum is None when there is no such
    forum; the registration None for an unknown code."""

    forum: Forum | None
    registration: Registration | None
    standings: dict
    received: bool
    #: What was asked: (forum id, the scan's text, staff id, nonce).
    asked: tuple


def _loaded(rows, asked):
    if not rows:
        return Loaded(None, None, {}, False, asked)
    forum, registration, _, received = rows[0][:4]
    standings = {row[2].day: row[2] for row in rows if row[2] is not None}
    return Loaded(forum, registration, standings, received is not None, asked)


def _load(forum_id, scan_text, staff, nonce, brief=False):
    """What a scan reads (Loaded), in one query (two for a short code)."""
    # A NULL code or nonce matches nothing: an unknown code, a scan never sent before.
    code = code_of_scan(forum_id, scan_text)
    rows = db.session.execute(
        _load_statement(brief=brief),
        {"forum_id": forum_id, "code": code, "user_id": staff.id, "nonce": nonce},
    ).all()
    return _loaded(rows, (forum_id, scan_text, staff.id, nonce))


def code_of_scan(forum_id, scan_text):
    """The ticket code a scan names at the forum: by its short code, its ticket URL or the code."""
    return ticket_code_of_short_code(forum_id, scan_text) or ticket_code_of(scan_text)


def load_by_token(forum_id, scan_text, nonce, token, brief=False):
    """What a scan reads, and the staff member a bearer token names, in one query: (user, Loaded).

    The user is None when the token is not a standing token of an active user. The request that
    sends the scan then needs no query of its own to know who sent it (looks_up_token_with);
    check_in takes the Loaded as read.
    """
    _take_the_writer_lock_on_sqlite()
    code = code_of_scan(forum_id, scan_text)
    hash_ = auth_service.token_hash(token)
    rows = db.session.execute(
        _load_statement(by_token=True, brief=brief),
        {"forum_id": forum_id, "code": code, "token_hash": hash_, "nonce": nonce},
    ).all()
    if not rows:  # no such forum: nothing was read of the token either
        staff = auth_service.user_for_token(token)
        return staff, _loaded(rows, (forum_id, scan_text, staff.id if staff else None, nonce))
    staff, token_id, last_used_at = rows[0][4:]
    if staff is None:
        return None, None
    auth_service.note_token_use(token_id, last_used_at)
    return staff, _loaded(rows, (forum_id, scan_text, staff.id, nonce))


def refusal(forum, registration):
    """The result for a registration that may not check in at the forum, or None when it may."""
    if registration is None:
        return ScanResult.UNKNOWN
    if registration.forum_id != forum.id:
        return ScanResult.WRONG_FORUM
    return _REFUSALS.get(registration.status)


class NonceReused(ValueError):
    """A nonce sent again with another forum or another scan: not the same scan sent twice."""


def scan_answer(staff, nonce, forum_id=None, scan_text=None):
    """The answer given to the scan the staff member sent with this nonce, or None when there is none.

    :raise NonceReused: when that scan was of another forum or ticket than `forum_id` and `scan_text`.
    """
    scan = db.session.scalar(select(Scan).where(Scan.user_id == staff.id, Scan.nonce == nonce))
    if scan is None:
        return None
    if forum_id is not None and (scan.forum_id, scan.scan_text) != (forum_id, scan_text):
        raise NonceReused(nonce)
    return Answer(scan.result, scan.registration, scan.checkin, scan.id, scan.conflict)


def check_in(
    forum_id,
    scan_text,
    staff,
    *,
    method=Method.SCAN,
    nonce=None,
    scanned_at=None,
    device="",
    action=Action.CHECK_IN,
    note="",
    correction="",
    now=None,
    loaded=None,
    brief=False,
):
    """Answer a scan at the forum's door and check the person in for the day when they may enter.

    While the door is closed (door_is_open) the answer is door_closed, naming nobody, unless an
    organizer gives the reason for a `correction` (kept as the scan's note).

    `scanned_at` (naive UTC) is the device's time of a scan sent later from offline: the
    arrival counts from then and, of two devices that let the same person in, the earlier wins.
    A scan whose `nonce` the staff member sent before gets the answer it got then. `loaded` is what
    load_by_token read for this very scan, if it did; `brief`: the answer shows only AT_THE_DOOR of the
    person, so only that is read.
    :raise NoSuchForum: there is no forum with this id.
    :raise ScanAlreadyReceived: the same nonce was logged meanwhile by a request running alongside.
    :raise NonceReused: the nonce was sent before with another forum or ticket.
    """
    now = now or utcnow()
    _take_the_writer_lock_on_sqlite()
    if loaded is None or loaded.asked != (forum_id, scan_text, staff.id, nonce):
        loaded = _load(forum_id, scan_text, staff, nonce, brief)
    forum, registration, standings, received, _ = loaded
    if received:
        return scan_answer(staff, nonce, forum_id, scan_text)
    if forum is None:
        raise NoSuchForum(forum_id)
    arrived_at = arrival_time(forum, scanned_at, now)
    day = day_of(forum, to_bangkok(arrived_at).date())
    standing = standings.get(day)
    result = refusal(forum, registration)
    correction = (correction or "").replace("\x00", "").strip()
    if not door_is_open(forum, arrived_at):
        if correction and may_correct(staff):
            note = correction
        else:
            result = ScanResult.DOOR_CLOSED
    logged = {
        "method": method,
        "scan_text": scan_text if isinstance(scan_text, str) else "",
        "device": device,
        "scanned_at": scanned_at,
        "received_at": now,
        "day": day if registration is not None else None,
        "action": action,
        "note": note[:MAX_REASON_LENGTH],
    }
    if result is None and standing is None and _dialect() == "postgresql":
        checkin, scan_id = _check_in_at_once(forum, staff, registration, day, arrived_at, nonce, logged)
        if checkin is not None:
            if scan_id is None:
                raise ScanAlreadyReceived(nonce)
            return Answer(ScanResult.OK, registration, checkin, scan_id)
        standing = _standing(registration, day)
    checkin, conflict, superseded = None, False, False
    if result is None:
        checkin, result, conflict, superseded = _hold_the_day(
            registration, standing, day, arrived_at, staff, method, device, scanned_at is not None, now
        )
    scan_id = _log(
        forum,
        staff,
        result,
        registration=registration,
        checkin=checkin,
        nonce=nonce,
        conflict=conflict,
        **logged,
    )
    if scan_id is None:
        raise ScanAlreadyReceived(nonce)
    if superseded:
        _mark_superseded(checkin, scan_id)
    if result == ScanResult.DOOR_CLOSED:
        return Answer(result, None, None, scan_id)
    return Answer(result, registration, checkin, scan_id, conflict)


def _hold_the_day(registration, standing, day, arrived_at, staff, method, device, offline, now):
    """Check the registration in for the day, or find who did: (check-in, result, conflict, superseded).

    `standing` is the day's check-in as read a moment ago; another process may make one meanwhile,
    which the unique index catches: the insert then does nothing and that one is read.
    """
    if standing is None:
        values = _checkin_values(registration, day, arrived_at, staff, method, device, now)
        checkin_id = db.session.execute(_checkin_statement(_dialect()), values).scalar()
        if checkin_id is not None:
            checkin = _known_checkin(id=checkin_id, undone_at=None, undone_by_id=None, **values)
            _note_first_arrival(registration, arrived_at)
            return checkin, ScanResult.OK, False, False
        standing = _standing(registration, day)
    if not offline:
        return standing, ScanResult.ALREADY_CHECKED_IN, False, False
    other_device = standing.checked_in_by_id != staff.id or standing.device != device
    # The device scanned before the server knew of the other check-in: it let the person in too.
    conflict = other_device and arrived_at < standing.recorded_at
    if arrived_at < standing.checked_in_at and _move_earlier(standing, arrived_at, staff, method, device):
        _note_first_arrival(registration, arrived_at)
        return standing, ScanResult.OK, conflict, True
    return standing, ScanResult.ALREADY_CHECKED_IN, conflict, False


def _checkin_values(registration, day, arrived_at, staff, method, device, now):
    """The columns of a new check-in."""
    return {
        "forum_id": registration.forum_id,
        "registration_id": registration.id,
        "day": day,
        "checked_in_at": arrived_at,
        "recorded_at": now,
        "checked_in_by_id": staff.id,
        "device": device,
        "method": method,
        "undo_reason": "",
    }


def _standing(registration, day):
    """The registration's standing check-in for the day, as it is now."""
    return db.session.scalar(
        select(CheckIn).where(
            CheckIn.registration_id == registration.id, CheckIn.day == day, CheckIn.undone_at.is_(None)
        )
    )


def _check_in_at_once(forum, staff, registration, day, arrived_at, nonce, logged):
    """PostgreSQL: the check-in, the first arrival and the log line in one statement: (check-in, scan id).

    (None, None) when another request took the day meanwhile: then nothing was written. The scan id
    is None when the nonce was logged meanwhile.
    """
    now = logged["received_at"]
    values = _checkin_values(registration, day, arrived_at, staff, logged["method"], logged["device"], now)
    log = _log_values(forum, staff, ScanResult.OK, registration=registration, nonce=nonce, **logged)
    del log["checkin_id"]
    row = db.session.execute(
        _check_in_at_once_statement(bool(nonce)),
        {**{f"checkin_{k}": v for k, v in values.items()}, **{f"log_{k}": v for k, v in log.items()}},
    ).first()
    if row is None:
        return None, None
    if registration.checked_in_at is None or registration.checked_in_at > arrived_at:
        set_committed_value(registration, "checked_in_at", arrived_at)
    return _known_checkin(id=row.checkin_id, undone_at=None, undone_by_id=None, **values), row.scan_id


def _known_checkin(**columns):
    """The check-in just inserted as a loaded object: every column is known, so none is read back."""
    checkin = CheckIn(**columns)
    make_transient_to_detached(checkin)
    db.session.add(checkin)
    return checkin


def _move_earlier(checkin, arrived_at, staff, method, device):
    """The earliest scan holds the check-in: take it over when it is still later than ours."""
    moved = db.session.execute(
        update(CheckIn.__table__)
        .where(CheckIn.__table__.c.id == checkin.id, CheckIn.__table__.c.checked_in_at > arrived_at)
        .values(checked_in_at=arrived_at, checked_in_by_id=staff.id, device=device, method=method)
    ).rowcount
    db.session.refresh(checkin)
    return moved == 1


def _mark_superseded(checkin, winner_id):
    """The scans that had answered ok for the check-in now lost it to an earlier one: duplicates."""
    table = Scan.__table__
    db.session.execute(
        update(table)
        .where(
            table.c.checkin_id == checkin.id,
            table.c.result == ScanResult.OK,
            table.c.id != winner_id,
            table.c.superseded.is_(False),
        )
        .values(superseded=True, conflict=True)
    )


def _note_first_arrival(registration, arrived_at):
    """Registration.checked_in_at keeps the person's first arrival at the forum, whatever the day."""
    if registration.checked_in_at is not None and registration.checked_in_at <= arrived_at:
        return
    db.session.execute(
        _first_arrival_statement(), {"registration_id": registration.id, "arrived_at": arrived_at}
    )
    set_committed_value(registration, "checked_in_at", arrived_at)


def _log_values(forum, staff, result, *, registration=None, checkin=None, nonce=None, **fields):
    """The columns of a line of the scan log."""
    values = {
        "forum_id": forum.id,
        "registration_id": registration.id if registration is not None else None,
        "user_id": staff.id,
        "result": result,
        "checkin_id": checkin.id if checkin is not None else None,
        "nonce": nonce or None,
        "action": Action.CHECK_IN,
        "method": Method.SCAN,
        "scan_text": "",
        "device": "",
        "note": "",
        "conflict": False,
        "superseded": False,
        "scanned_at": None,
        "day": None,
        **fields,
    }
    values["scan_text"] = values["scan_text"][:MAX_SCAN_LENGTH]
    values["received_at"] = values.get("received_at") or utcnow()
    return values


def _log(forum, staff, result, *, nonce=None, **fields):
    """Write a line of the scan log; its id, or None when a line with the same nonce exists."""
    values = _log_values(forum, staff, result, nonce=nonce, **fields)
    return db.session.execute(_log_statement(_dialect(), bool(nonce)), values).scalar()


def check_in_registration(registration, staff, method, **options):
    """Check a person in found by other means than a scan (search, the ticket page, a walk-in)."""
    return check_in(registration.forum_id, registration.ticket_code, staff, method=method, **options)


def door_state(registration, now=None):
    """What the door sees of a registration now: (the refusal or None, its standing check-in for the day)."""
    forum = registration.forum
    day = current_day(forum, now)
    return refusal(forum, registration), standing_checkins([registration], day).get(registration.id)


def undo(checkin, staff, reason, now=None):
    """Take back a mistaken check-in, saying why; the person can be checked in again.

    :raise CheckInError: without a reason, or when the check-in was already undone.
    """
    reason = (reason or "").replace("\x00", "").strip()[:MAX_REASON_LENGTH]
    if not reason:
        raise CheckInError(_("Say why the check-in is undone."))
    now = now or utcnow()
    _take_the_writer_lock_on_sqlite()
    table = CheckIn.__table__
    undone = db.session.execute(
        update(table)
        .where(table.c.id == checkin.id, table.c.undone_at.is_(None))
        .values(undone_at=now, undone_by_id=staff.id, undo_reason=reason)
    ).rowcount
    if not undone:
        raise CheckInError(_("This check-in was already undone."))
    db.session.refresh(checkin)
    registration = checkin.registration
    registration.checked_in_at = db.session.scalar(
        select(CheckIn.checked_in_at)
        .where(CheckIn.registration_id == registration.id, CheckIn.undone_at.is_(None))
        .order_by(CheckIn.checked_in_at)
        .limit(1)
    )
    _log(
        registration.forum,
        staff,
        ScanResult.OK,
        registration=registration,
        checkin=checkin,
        action=Action.UNDO,
        method=checkin.method,
        day=checkin.day,
        received_at=now,
        note=reason,
    )
    db.session.flush()
    return checkin


def standing_checkins(registrations, day):
    """{registration id: its standing check-in for the day} for the registrations, in one query."""
    ids = [r.id for r in registrations]
    if not ids:
        return {}
    rows = db.session.scalars(
        select(CheckIn).where(
            and_(CheckIn.registration_id.in_(ids), CheckIn.day == day, CheckIn.undone_at.is_(None))
        )
    )
    return {c.registration_id: c for c in rows}
