"""Support an organization received: Fund projects, other money, technical support, staff visits."""

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.network.fields import SUPPORT_FIELDS, RecordDataError, parse_record
from app.network.models import Support, SupportKind, SupportStatus


def parse_support(data, partial=False):
    """Clean support data, with the rule that only a Fund project has a status (proposed by default).

    :raise RecordDataError: bad fields, named.
    """
    clean = parse_record(SUPPORT_FIELDS, data, partial=partial)
    if clean.get("kind") is None and partial:
        return clean
    if clean["kind"] == SupportKind.FUND:
        clean["status"] = clean.get("status") or SupportStatus.PROPOSED
    elif clean.get("status"):
        raise RecordDataError({"status": _("Only a Fund project has a status.")})
    else:
        clean["status"] = None
    for field in ("amount_requested", "amount_approved"):
        if clean.get(field) is not None and clean["kind"] in (SupportKind.TECHNICAL, SupportKind.VISIT):
            raise RecordDataError({field: _("Technical support and visits have no amount.")})
    return clean


#: The order of an organization's support on its page and in the API: newest year, then newest date.
NEWEST_FIRST = (Support.fiscal_year.desc(), Support.date.desc().nulls_last(), Support.id.desc())


def add_support(organization, data, staff=None) -> Support:
    """Record support the organization received (clean data from parse_support)."""
    support = Support(organization_id=organization.id, recorded_by_id=staff.id if staff else None)
    for field in SUPPORT_FIELDS:
        setattr(support, field.name, data.get(field.name, "" if field.type == "text" else None))
    db.session.add(support)
    db.session.flush()
    return support


def supports_of(organization):
    """The organization's support, newest fiscal year first."""
    return list(
        db.session.scalars(
            select(Support).where(Support.organization_id == organization.id).order_by(*NEWEST_FIRST)
        )
    )
