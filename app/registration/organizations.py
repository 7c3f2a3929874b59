"""Registrations and the directory: the public name search, and typed organizations that are not listed."""

from difflib import SequenceMatcher

from sqlalchemy import select

from app.directory import service as directory_service
from app.directory.models import Organization, OrganizationKind, OrganizationStatus
from app.extensions import db
from app.registration.models import Registration
from app.thai import search_key, sort_key

MIN_QUERY = 2
MAX_RESULTS = 10
#: How alike (0–1, difflib's ratio) a typed name and a directory name must be to be suggested.
SIMILAR = 0.75


def _like(key):
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_organization_names(query, limit=MAX_RESULTS, active_only=True):
    """[{id, name}] of active organizations whose name holds the query, for the public form.

    Only names: the search must not tell a stranger anything else from the directory
    (a contact's name or phone number finds nothing here).
    """
    key = search_key(query)[:100]
    if len(key) < MIN_QUERY:
        return []
    stmt = select(Organization.id, Organization.name).where(
        Organization.search_text.like(_like(key), escape="\\")
    )
    if active_only:
        stmt = stmt.where(Organization.status == OrganizationStatus.ACTIVE)
    candidates = db.session.execute(stmt.order_by(Organization.name_sort, Organization.id))
    found = [{"id": oid, "name": name} for oid, name in candidates if key in search_key(name)]
    # Names that begin with the query first: people type the start of their organization's name.
    found.sort(key=lambda item: not search_key(item["name"]).startswith(key))
    return found[:limit]


def match_by_name(name):
    """The one active organization whose name is exactly the typed name (spacing and case aside), or None."""
    key = search_key(name)
    if not key:
        return None
    rows = db.session.scalars(
        select(Organization).where(
            Organization.status == OrganizationStatus.ACTIVE,
            Organization.search_text.like(_like(key), escape="\\"),
        )
    ).all()
    exact = [o for o in rows if search_key(o.name) == key]
    return exact[0] if len(exact) == 1 else None


def suggestions(typed_name, limit=5):
    """Organizations of the directory whose name looks like the typed name, the likeliest first."""
    key = search_key(typed_name)
    if len(key) < MIN_QUERY:
        return []
    scored = []
    for oid, name in db.session.execute(select(Organization.id, Organization.name)):
        other = search_key(name)
        matcher = SequenceMatcher(None, key, other, autojunk=False)
        if other in key or key in other:
            scored.append((1.0, oid, name))
        elif matcher.quick_ratio() >= SIMILAR and (ratio := matcher.ratio()) >= SIMILAR:
            scored.append((ratio, oid, name))
    return [(oid, name) for _score, oid, name in sorted(scored, key=lambda s: -s[0])[:limit]]


def directory_choices():
    """(id, name) of every organization in the directory, in Thai dictionary order."""
    return db.session.execute(
        select(Organization.id, Organization.name).order_by(Organization.name_sort, Organization.id)
    ).all()


def unlisted_names(forum):
    """[(typed name, number of registrations)] of organizations typed but not linked yet.

    Names typed with other spacing or case count as one, shown as first typed.
    """
    rows = db.session.scalars(
        select(Registration.organization_name)
        .where(
            Registration.forum_id == forum.id,
            Registration.organization_id.is_(None),
            Registration.organization_name != "",
        )
        .order_by(Registration.id)
    )
    names, counts = {}, {}
    for name in rows:
        key = search_key(name)
        names.setdefault(key, name)
        counts[key] = counts.get(key, 0) + 1
    return sorted(((names[key], counts[key]) for key in names), key=lambda item: sort_key(item[0]))


def _unlisted_with_name(forum, name):
    key = search_key(name)
    rows = db.session.scalars(
        select(Registration).where(
            Registration.forum_id == forum.id,
            Registration.organization_id.is_(None),
            Registration.organization_name != "",
        )
    ).all()
    return [r for r in rows if search_key(r.organization_name) == key]


def link_organization(forum, typed_name, organization):
    """Link every registration of the forum that typed this name to the directory's organization.

    The typed name is kept with each registration as it was written. Returns how many changed.
    """
    registrations = _unlisted_with_name(forum, typed_name)
    for registration in registrations:
        registration.organization = organization
        registration.refresh_search_text()
    db.session.flush()
    return len(registrations)


def create_from_typed_name(forum, typed_name, actor=None):
    """Add the typed organization to the directory (kind "other", to be completed there) and link it."""
    organization = directory_service.create_organization(
        {"name": typed_name, "kind": OrganizationKind.OTHER}, actor
    )
    link_organization(forum, typed_name, organization)
    return organization
