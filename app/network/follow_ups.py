"""Follow-ups of the organizations the office is losing touch with: a call, or a visit (a Support)."""

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.network.models import FollowUpCall, Support, SupportKind
from app.thai import clean_text, fiscal_year_of

FOLLOW_UP_KINDS = ("call", "visit")
MAX_NOTE = 2000


class FollowUpError(ValueError):
    """A follow-up that cannot be recorded; the message is for people."""


def record_follow_up(organization, kind, on, note, staff):
    """Record a call (a FollowUpCall) or a visit by staff (a Support of kind visit, which counts as
    support in that fiscal year) made on the date `on`."""
    if kind not in FOLLOW_UP_KINDS:
        raise FollowUpError(_("A follow-up is a call or a visit."))
    if on is None:
        raise FollowUpError(_("Say on which day."))
    note = clean_text(note)[:MAX_NOTE]
    staff_id = staff.id if staff else None
    if kind == "call":
        record = FollowUpCall(
            organization_id=organization.id, called_on=on, note=note, recorded_by_id=staff_id
        )
    else:
        with force_locale("th"):
            title = _("Follow-up visit")
        record = Support(
            organization_id=organization.id,
            kind=SupportKind.VISIT,
            fiscal_year=fiscal_year_of(on),
            title=title,
            date=on,
            given_by=(staff.display_name if staff else "")[:200],
            note=note,
            recorded_by_id=staff_id,
        )
    db.session.add(record)
    db.session.flush()
    return record


def calls_of(organization):
    return list(
        db.session.scalars(
            select(FollowUpCall)
            .where(FollowUpCall.organization_id == organization.id)
            .order_by(FollowUpCall.called_on.desc(), FollowUpCall.id.desc())
        )
    )
