"""Registration rules: registering, duplicates, quotas, changes, cancelling and replacing delegates.

Every function that takes or frees a place locks the forum first (capacity.lock_forum)
and flushes; the caller commits, then sends the e-mails the function's result calls for.
"""

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app.directory.models import Organization, OrganizationStatus
from app.extensions import db
from app.forums.models import ForumStatus, Invitation, InvitationStatus, RegistrationPhase
from app.registration import capacity
from app.registration.fields import RegistrationDataError
from app.registration.models import (
    CONSENT_COLUMNS,
    ConsentPurpose,
    ConsentRecord,
    Dietary,
    Registration,
    RegistrationStatus,
    Source,
)
from app.registration.organizations import match_by_name
from app.templating import datetime_filter
from app.thai import search_key
from app.timeutil import utcnow

#: The version of the privacy notice on the form (templates/registration/_privacy_notice.html).
#: Change it whenever the notice's words change: each registration keeps the version it was shown.
PRIVACY_NOTICE_VERSION = "2569-1"
PERSON_FIELDS = ("prefix", "first_name", "last_name", "position", "phone", "email")
NEEDS_FIELDS = ("dietary", "dietary_other", "accessibility_needs")


class RegistrationError(Exception):
    """A registration the rules refuse; the message is for people."""


class RegistrationClosed(RegistrationError):
    pass


class QuotaExceeded(RegistrationError):
    pass


class AlreadyRegistered(RegistrationError):
    """The phone number or e-mail address already holds a place at this forum."""

    def __init__(self, registration, same_person):
        super().__init__(_("This phone number or e-mail address is already registered for this forum."))
        self.registration = registration
        #: The same name too: it is the person registering again, not someone else using their number.
        self.same_person = same_person


def notice_context():
    """What the privacy notice names: its version, the retention period, whom to contact."""
    return {
        "notice_version": PRIVACY_NOTICE_VERSION,
        "retention_days": current_app.config["PERSONAL_DATA_RETENTION_DAYS"],
        "office_address": current_app.config["OFFICE_ADDRESS"],
    }


# Who may register, and where


def closed_reason(forum, by_staff=False):
    """Why the forum takes no registration now, or None when it does.

    Staff may still add people once the public window has closed, while the forum is
    open or closed; never to a draft, a cancelled or a finished forum.
    """
    phase = forum.registration_phase
    if phase == RegistrationPhase.OPEN or (
        by_staff and forum.status in (ForumStatus.OPEN, ForumStatus.CLOSED)
    ):
        return None
    if phase == RegistrationPhase.NOT_YET:
        return _("Registration opens on %(when)s.", when=datetime_filter(forum.registration_opens_at))
    if phase == RegistrationPhase.CANCELLED:
        return _("There is no registration: the forum is cancelled.")
    if phase == RegistrationPhase.FINISHED:
        return _("This forum has taken place.")
    if phase == RegistrationPhase.DRAFT:
        return _("This forum is not open for registration yet.")
    return _("Registration is closed.")


def seats_remaining(invitation):
    return max(0, invitation.seats - capacity.seats_used(invitation))


def invitation_for(forum, organization_id):
    """The organization's invitation to the forum, whose quota its people use whichever link they came by."""
    if organization_id is None:
        return None
    return db.session.scalar(
        select(Invitation).where(
            Invitation.forum_id == forum.id, Invitation.organization_id == organization_id
        )
    )


def find_active(forum, phone=None, email=None, exclude=None):
    """The active registration at the forum with this phone number or e-mail address, if any."""
    matches = [Registration.phone == phone] if phone else []
    if email:
        matches.append(Registration.email == email)
    if not matches:
        return None
    stmt = select(Registration).where(
        Registration.forum_id == forum.id, Registration.status != RegistrationStatus.CANCELLED, or_(*matches)
    )
    if exclude is not None:
        stmt = stmt.where(Registration.id != exclude.id)
    return db.session.scalars(stmt.order_by(Registration.id)).first()


def _same_person(registration, data):
    def name(first, last):
        return search_key(f"{first}{last}")

    return name(registration.first_name, registration.last_name) == name(
        data["first_name"], data["last_name"]
    )


def _check_duplicate(forum, data, exclude=None):
    existing = find_active(forum, data.get("phone"), data.get("email"), exclude)
    if existing is not None:
        raise AlreadyRegistered(existing, _same_person(existing, data))


def _check_quota(invitation):
    if invitation is not None and capacity.seats_used(invitation) >= invitation.seats:
        raise QuotaExceeded(
            _(
                "All %(n)d seats of %(name)s are taken. Its contact can replace a delegate instead.",
                n=invitation.seats,
                name=invitation.organization.name,
            )
        )


def _organization(data, by_staff):
    """The directory's organization the person chose; the public may choose only active ones.

    A typed name that is exactly an active organization's is taken as that organization.
    """
    organization_id = data.get("organization_id")
    if organization_id is None:
        return match_by_name(data.get("organization_name", ""))
    organization = db.session.get(Organization, organization_id)
    if organization is None or (not by_staff and organization.status != OrganizationStatus.ACTIVE):
        raise RegistrationDataError({"organization": _("Choose an organization from the list.")})
    return organization


# Registering


def _apply(registration, data):
    for field in PERSON_FIELDS + NEEDS_FIELDS:
        if field in data:
            setattr(registration, field, data[field])
    if "answers" in data:
        registration.answers = dict(data["answers"])
    registration.refresh_search_text()


def record_consents(registration, consents, actor=None, now=None):
    """Set each optional consent as given or withdrawn, logging only the ones that change.

    Withdrawing the consent for sensitive data erases the meal and accessibility needs it covered.
    """
    now = now or utcnow()
    for purpose, column in CONSENT_COLUMNS.items():
        wanted = bool(consents.get(purpose))
        if wanted == (getattr(registration, column) is not None):
            continue
        setattr(registration, column, now if wanted else None)
        registration.consents.append(
            ConsentRecord(
                purpose=purpose,
                granted=wanted,
                notice_version=registration.privacy_notice_version,
                recorded_at=now,
                recorded_by_id=actor.id if actor else None,
            )
        )
        if purpose == ConsentPurpose.SENSITIVE_DATA and not wanted:
            registration.dietary, registration.dietary_other, registration.accessibility_needs = (
                Dietary.NONE,
                "",
                "",
            )


def register(forum, data, invitation=None, source=Source.PUBLIC, actor=None, now=None):
    """Register a person: a seat while one is free, else the next place in line.

    `data` comes from fields.parse_registration. Through an invitation the organization is
    the invitation's; a person naming an invited organization uses its invitation's quota too.
    :raise RegistrationClosed: outside the window (staff: unless the forum is open or closed).
    :raise AlreadyRegistered: the phone or e-mail already holds a place (with that registration).
    :raise QuotaExceeded: the organization's seats are all taken.
    """
    reason = closed_reason(forum, by_staff=actor is not None)
    if reason:
        raise RegistrationClosed(reason)
    organization = invitation.organization if invitation else _organization(data, actor is not None)
    invitation = invitation or invitation_for(forum, organization.id if organization else None)
    now = now or utcnow()
    registration = Registration(
        forum=forum,
        organization=organization,
        organization_name="" if organization else data.get("organization_name", ""),
        invitation=invitation,
        source=source,
        created_by=actor,
        privacy_notice_version=PRIVACY_NOTICE_VERSION,
        privacy_notice_at=now,
        created_at=now,
        answers={},
    )
    _apply(registration, data)
    # From here to the commit the forum is locked: as few round trips to the database as can be.
    capacity.lock_forum(forum)
    standing = capacity.standing(forum, registration.phone, registration.email)
    if standing.holder_id is not None:
        existing = db.session.get(Registration, standing.holder_id)
        raise AlreadyRegistered(existing, _same_person(existing, data))
    _check_quota(invitation)
    capacity.place(forum, registration, standing, now)
    db.session.add(registration)
    record_consents(registration, data.get("consents", {}), actor, now)
    if invitation is not None:
        invitation.status = InvitationStatus.REGISTERED
    db.session.flush()
    return registration


def _release_invitation(invitation):
    """An invitation whose people all cancelled is no longer answered: back to where it was."""
    if invitation is None or invitation.status != InvitationStatus.REGISTERED:
        return
    if capacity.seats_used(invitation):
        return
    if invitation.opened_at:
        invitation.status = InvitationStatus.OPENED
    elif invitation.sent_at:
        invitation.status = InvitationStatus.SENT
    else:
        invitation.status = InvitationStatus.NOT_SENT


def _check_changeable(registration):
    if registration.forum.status not in (ForumStatus.OPEN, ForumStatus.CLOSED):
        raise RegistrationError(_("Registrations of a forum that is over or cancelled cannot be changed."))
    if registration.checked_in_at is not None:
        raise RegistrationError(_("This person has already checked in."))


def cancel(registration, by=None, now=None):
    """Give up a place; a freed seat goes to the first in line. Returns who got a seat.

    `by` is the staff member cancelling for the person, or None for the person themselves.
    Cancelling a cancelled registration changes nothing.
    """
    forum = capacity.lock_forum(registration.forum)
    db.session.refresh(registration)
    if registration.status == RegistrationStatus.CANCELLED:
        return []
    _check_changeable(registration)
    was = registration.status
    if was == RegistrationStatus.WAITLISTED:
        capacity.leave_line(registration, RegistrationStatus.CANCELLED)
    else:
        registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now or utcnow()
    registration.cancelled_by = by
    db.session.flush()
    _release_invitation(registration.invitation)
    return capacity.fill_seats(forum) if was == RegistrationStatus.CONFIRMED else []


def update_registration(registration, data, actor=None, now=None):
    """Change a person's details, needs, answers and consents; the place stays as it is.

    :raise AlreadyRegistered: the new phone or e-mail is someone else's registration here.
    """
    if not registration.is_active:
        raise RegistrationError(_("A cancelled registration cannot be changed."))
    _check_changeable(registration)
    if data["phone"] != registration.phone or data.get("email") != registration.email:
        capacity.lock_forum(registration.forum)
        _check_duplicate(registration.forum, data, exclude=registration)
    if actor is not None and registration.invitation_id is None and "organization_id" in data:
        registration.organization = _organization(data, by_staff=True)
        registration.organization_name = (
            "" if registration.organization else data.get("organization_name", "")
        )
    _apply(registration, data)
    record_consents(registration, data.get("consents", {}), actor, now)
    db.session.flush()
    return registration


def replace_delegate(old, data, now=None):
    """Another person of the organization takes a delegate's seat or place in line; the old ticket stops.

    :raise AlreadyRegistered: the new person already holds a place of their own.
    """
    if old.invitation is None:
        raise RegistrationError(_("Only a delegate registered through an invitation can be replaced."))
    capacity.lock_forum(old.forum)
    db.session.refresh(old)
    if not old.is_active:
        raise RegistrationError(_("This registration was cancelled."))
    _check_changeable(old)
    _check_duplicate(old.forum, data, exclude=old)
    now = now or utcnow()
    kept = {
        "status": old.status,
        "waitlist_position": old.waitlist_position,
        "confirmed_at": old.confirmed_at,
    }
    old.status, old.waitlist_position, old.cancelled_at = RegistrationStatus.CANCELLED, None, now
    db.session.flush()
    new = Registration(
        forum=old.forum,
        organization=old.organization,
        invitation=old.invitation,
        source=Source.INVITATION,
        privacy_notice_version=PRIVACY_NOTICE_VERSION,
        privacy_notice_at=now,
        created_at=now,
        answers={},
        **kept,
    )
    _apply(new, data)
    db.session.add(new)
    new.replaces = old
    record_consents(new, data.get("consents", {}), now=now)
    db.session.flush()
    return new


def raise_capacity(forum, seats):
    """Change the forum's seats; the waitlist moves up into new ones. Returns who got a seat."""
    return capacity.raise_capacity(forum, seats)


def promote_by_hand(registration):
    """Give a waitlisted person a seat ahead of the line (adding a seat when none is free)."""
    return capacity.promote_by_hand(registration)


# Lookups


def find_by_ticket(code):
    """The registration of a ticket code, its forum loaded with it (every ticket page shows the forum)."""
    if not code or len(code) > 64:
        return None
    query = (
        select(Registration).options(joinedload(Registration.forum)).where(Registration.ticket_code == code)
    )
    return db.session.scalar(query)


def find_by_manage_token(token):
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Registration).where(Registration.manage_token == token))


def delegates_of(invitation):
    """The organization's registrations through its invitation: active ones first, in the order they came."""
    rows = db.session.scalars(
        select(Registration).where(Registration.invitation_id == invitation.id).order_by(Registration.id)
    ).all()
    return sorted(rows, key=lambda r: not r.is_active)
