"""Reading organization data from outside (API, imports, self-update): clean values or named errors."""

import re

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from app.directory import geography, labels
from app.directory.models import LegalForm, OrganizationKind, OrganizationStatus
from app.thai import THAI_DIGITS, clean_text, parse_date

TEXT_FIELDS = {"name": 300, "address": 500, "line_id": 100}
DATE_FIELDS = ("certified_on", "last_confirmed_on")
LIST_FIELDS = {"fields_of_work": labels.WELFARE_FIELDS, "target_groups": labels.TARGET_GROUPS}
ENUM_FIELDS = {
    "kind": (OrganizationKind, labels.KIND_LABELS),
    "status": (OrganizationStatus, labels.STATUS_LABELS),
    "legal_form": (LegalForm, labels.LEGAL_FORM_LABELS),
}
#: Every field an organization takes from outside, in the order of the export's columns.
FIELDS = (
    "name", "kind", "legal_form", "certification_no", "certified_on", "status",
    "province", "district", "subdistrict", "postal_code", "address", "phone", "email",
    "line_id", "fields_of_work", "target_groups", "contacts", "last_confirmed_on",
)  # fmt: skip
_LIST_SEPARATORS = re.compile(r"\s*[,;\n]\s*")
#: Contacts in one spreadsheet cell: one per line, "name | position | phone | email".
CONTACT_SEPARATOR = " | "


class OrganizationDataError(ValueError):
    """Field errors ({field: message}) in organization data from outside."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def cell_text(value):
    """Clean text of a value that may come from a spreadsheet cell: 65000.0 is "65000"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(value)


def _text(value, limit):
    if isinstance(value, list | dict | bool):
        raise ValueError(_("Expected text."))
    return cell_text(value)[:limit]


#: Thai numbers without their leading 0, as a spreadsheet keeps a phone number typed
#: as a number: mobiles (06, 08, 09 + 8 digits) and landlines (02–07 + 7 digits).
_PHONE_WITHOUT_ZERO = re.compile(r"[689]\d{8}|[2-7]\d{7}")


def _phone(value):
    text = _text(value, 100)
    if _PHONE_WITHOUT_ZERO.fullmatch(text):
        return "0" + text
    return text


def _enum(field, value):
    enum_class, label_map = ENUM_FIELDS[field]
    if isinstance(value, enum_class):
        return value
    text = clean_text(value)
    if not text:
        return None
    found = labels.lookup_table(label_map).get(text.lower())
    if found is None:
        raise ValueError(_("Unknown value “%(value)s”.", value=text))
    return enum_class(found)


def _list(field, value):
    label_map = LIST_FIELDS[field]
    items = value if isinstance(value, list | tuple) else _LIST_SEPARATORS.split(clean_text(value))
    table = labels.lookup_table(label_map)
    result = []
    for item in items:
        text = clean_text(item)
        if not text:
            continue
        key = table.get(text.lower())
        if key is None:
            raise ValueError(_("Unknown value “%(value)s”.", value=text))
        if key not in result:
            result.append(key)
    return result


def _email(value):
    text = clean_text(value)
    if not text:
        return ""
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(_("Not an e-mail address: %(value)s", value=text)) from error


def _date(value):
    try:
        return parse_date(value)
    except (ValueError, OverflowError) as error:
        raise ValueError(
            _(
                "Cannot read the date “%(value)s”. Write it like 25/10/2561 or 2018-10-25.",
                value=clean_text(value),
            )
        ) from error


def _contacts(value):
    if value is None:
        # An empty spreadsheet cell.
        value = ""
    if isinstance(value, str):
        rows = []
        for line in value.replace("\r", "").split("\n"):
            parts = [p.strip() for p in line.split(CONTACT_SEPARATOR.strip())]
            if any(parts):
                parts += [""] * (4 - len(parts))
                rows.append(dict(zip(("name", "position", "phone", "email"), parts[:4], strict=True)))
        value = rows
    if not isinstance(value, list):
        raise ValueError(_("Contacts must be a list."))
    contacts = []
    for entry in value:
        if not isinstance(entry, dict):
            raise ValueError(_("Each contact needs a name, position, phone and e-mail."))
        name = clean_text(entry.get("name"))
        if not name:
            raise ValueError(_("Each contact needs a name."))
        contacts.append(
            {
                "name": name[:200],
                "position": clean_text(entry.get("position"))[:200],
                "phone": _phone(entry.get("phone")),
                "email": _email(entry.get("email")),
            }
        )
    return contacts


def contacts_as_text(contacts):
    """Contacts written into one cell, the way _contacts reads them back."""
    return "\n".join(
        CONTACT_SEPARATOR.join((c.name, c.position, c.phone, c.email)).rstrip(" |") for c in contacts
    )


def parse_organization(raw, default_province_code, partial=False):
    """Clean model values from raw outside data, or OrganizationDataError naming each bad field.

    `raw` holds the API's field names (province, district and subdistrict as names
    or DOPA codes). With `partial`, only the fields present are read (PATCH).
    """
    data, errors = {}, {}

    def read(field, reader):
        if field not in raw:
            return
        try:
            data[field] = reader(raw[field])
        except ValueError as error:
            errors[field] = str(error)

    for field, limit in TEXT_FIELDS.items():
        read(field, lambda v, limit=limit: _text(v, limit))
    for field in ENUM_FIELDS:
        read(field, lambda v, field=field: _enum(field, v))
    for field in DATE_FIELDS:
        read(field, _date)
    for field in LIST_FIELDS:
        read(field, lambda v, field=field: _list(field, v))
    read("phone", _phone)
    read("email", _email)
    read("contacts", _contacts)
    read("certification_no", lambda v: _text(v, 60).translate(THAI_DIGITS) or None)

    required = {"name": _("The name is missing."), "kind": _("The kind of organization is missing.")}
    for field, message in required.items():
        if (not partial or field in raw) and not data.get(field) and field not in errors:
            errors[field] = message
    if "status" in data and data["status"] is None:
        if partial:
            errors["status"] = _("The status is missing.")
        else:
            del data["status"]

    _read_place(raw, data, errors, default_province_code, partial)
    if errors:
        raise OrganizationDataError(errors)
    return data


def _read_place(raw, data, errors, default_province_code, partial):
    if partial and not any(f in raw for f in ("province", "district", "subdistrict", "postal_code")):
        return
    province_text = clean_text(raw.get("province"))
    province_code = geography.find_province(province_text) if province_text else default_province_code
    if province_text and province_code is None:
        errors["province"] = _("Unknown province “%(value)s”.", value=province_text)
        return
    district_text = clean_text(raw.get("district"))
    district_code = geography.find_district(district_text, province_code) if district_text else None
    if district_text and district_code is None:
        errors["district"] = _(
            "Unknown district “%(value)s” in %(province)s.",
            value=district_text,
            province=geography.province_name(province_code),
        )
        return
    subdistrict_text = clean_text(raw.get("subdistrict"))
    subdistrict_code = (
        geography.find_subdistrict(subdistrict_text, district_code) if subdistrict_text else None
    )
    if subdistrict_text and subdistrict_code is None:
        errors["subdistrict"] = _("Unknown subdistrict “%(value)s” in this district.", value=subdistrict_text)
        return
    postal_code = cell_text(raw.get("postal_code")).translate(THAI_DIGITS)
    if postal_code and not re.fullmatch(r"\d{5}", postal_code):
        errors["postal_code"] = _("A postal code has five digits.")
        return
    data.update(
        province_code=province_code,
        district_code=district_code,
        subdistrict_code=subdistrict_code,
        postal_code=postal_code or geography.postal_code_of(subdistrict_code),
    )
