"""What people see for the directory's coded values (English msgids, Thai in the catalogue)."""

from flask import has_app_context
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l

from app.directory.models import ChangeSource, LegalForm, OrganizationKind, OrganizationStatus

KIND_LABELS = {
    OrganizationKind.PUBLIC_BENEFIT: _l("Public-benefit organization"),
    OrganizationKind.COMMUNITY_WELFARE: _l("Community welfare organization"),
    OrganizationKind.LOCAL_GOVERNMENT: _l("Local administration"),
    OrganizationKind.GOVERNMENT_AGENCY: _l("Government agency"),
    OrganizationKind.OTHER: _l("Other organization"),
}

STATUS_LABELS = {
    OrganizationStatus.ACTIVE: _l("Active"),
    OrganizationStatus.INACTIVE: _l("Inactive"),
    OrganizationStatus.REVOKED: _l("Certification revoked"),
}

LEGAL_FORM_LABELS = {
    LegalForm.FOUNDATION: _l("Foundation"),
    LegalForm.ASSOCIATION: _l("Association"),
    LegalForm.COMMUNITY_GROUP: _l("Community group"),
    LegalForm.COOPERATIVE: _l("Cooperative"),
    LegalForm.NETWORK: _l("Network"),
    LegalForm.GOVERNMENT_BODY: _l("Government body"),
    LegalForm.OTHER: _l("Other"),
}

#: The welfare fields (สาขา) of the Social Welfare Promotion Act B.E. 2546.
WELFARE_FIELDS = {
    "social_services": _l("Social services"),
    "education": _l("Education"),
    "health": _l("Health"),
    "housing": _l("Housing"),
    "vocational_training": _l("Vocational training"),
    "employment": _l("Employment"),
    "recreation": _l("Recreation"),
    "justice": _l("Justice process"),
}

TARGET_GROUPS = {
    "children": _l("Children"),
    "youth": _l("Youth"),
    "women": _l("Women"),
    "families": _l("Families"),
    "elderly": _l("Older people"),
    "disabled": _l("People with disabilities"),
    "low_income": _l("People on low incomes"),
    "homeless": _l("Homeless people"),
    "community": _l("The community at large"),
}


def translated(labels):
    """The labels in the current language, looked up once for a page's loop."""
    return {value: str(label) for value, label in labels.items()}


def choices(labels):
    """(value, label) pairs for a select field."""
    return [(str(value), label) for value, label in labels.items()]


_lookup_tables = {}


def lookup_table(labels):
    """Every way a value may be written (value, English label, Thai label) → the value.

    Kept once built: switching locale per label is far too slow for a 5,000-row import,
    and the labels never change while the process runs. Outside an app there are no
    catalogues, so a table built there is not kept.
    """
    table = _lookup_tables.get(id(labels))
    if table is not None:
        return table
    table = {}
    for value, label in labels.items():
        table[str(value).lower()] = value
        for locale in ("en", "th"):
            with force_locale(locale):
                table[str(label).lower()] = value
    if has_app_context():
        _lookup_tables[id(labels)] = table
    return table


def thai_label(labels, value):
    with force_locale("th"):
        return str(labels[value]) if value in labels else ""


#: Names of history entries that are not fields of the organization's table.
EVENT_LABELS = {
    "place": _l("Subdistrict, district, province"),
    "self_update_link": _l("Self-update link"),
    "merged": _l("Merged a duplicate into this one"),
}


def field_label(key):
    """The name of a history field or merge preview row: the table's label of the model attribute."""
    # Imported here: the organization's table is built from the label maps above.
    from app.directory.record import ORGANIZATION

    return ORGANIZATION.labels().get(key) or EVENT_LABELS.get(key, key)


LINK_EVENT_LABELS = {
    "issued": _l("a link was created"),
    "renewed": _l("a new link replaced the old one"),
    "revoked": _l("the link was revoked"),
}

#: How a change came in, when not by staff on the organization's page.
SOURCE_MARKS = {
    ChangeSource.SELF_UPDATE: _l("self-update link"),
    ChangeSource.IMPORT: _l("import"),
    ChangeSource.API: _l("API"),
    ChangeSource.MERGE: _l("merge"),
}

DUPLICATE_REASONS = {
    "name": _l("same name"),
    "certification_no": _l("same certification number"),
    "phone": _l("same phone number"),
}

#: Tables whose rows move in a merge, for the preview; others show their table name.
LINKED_TABLE_LABELS = {
    "organization_changes": _l("history entries"),
}


def self_update_message(organization_name, office_name, link):
    """The text an organizer pastes into LINE with the link: always in Thai, for the organization."""
    with force_locale("th"):
        return "\n".join(
            (
                gettext("Dear %(name)s,", name=organization_name),
                gettext(
                    "%(office)s asks you to check your organization's data in the welfare network"
                    " directory. If it is correct, tap “The data is correct”; if something has"
                    " changed, you can correct it at this link (no account needed):",
                    office=office_name,
                ),
                link,
                gettext("Thank you."),
            )
        )
