"""The organization's fields, each once (docs/records.md): the directory's lists derive from here."""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.directory import geography, labels
from app.directory.models import LegalForm, OrganizationKind, OrganizationStatus
from app.records import FILL, KEEP, Field, Record
from app.records.types import (
    Choice,
    ChoiceList,
    Date,
    Email,
    FieldType,
    Integer,
    Phone,
    Text,
    Timestamp,
    cell_text,
)
from app.thai import THAI_DIGITS, clean_text

#: Contacts in one spreadsheet cell: one per line, "name | position | phone | email".
CONTACT_SEPARATOR = " | "
CONTACT_KEYS = ("name", "position", "phone", "email")


class Contacts(FieldType):
    """The people to contact, the main one first; in a cell one per line: name | position | phone | email."""

    _name, _position = Text(200), Text(200)
    _phone, _email = Phone(), Email()

    def parse(self, value, strict=False):
        if value is None and not strict:
            value = ""  # an empty spreadsheet cell
        if isinstance(value, str) and not strict:
            value = [
                dict(zip(CONTACT_KEYS, [*parts, "", "", ""][:4], strict=True))
                for line in value.replace("\r", "").split("\n")
                if any(parts := [p.strip() for p in line.split(CONTACT_SEPARATOR.strip())])
            ]
        if not isinstance(value, list):
            raise ValueError(_("Contacts must be a list."))
        contacts = []
        for entry in value:
            if not isinstance(entry, dict):
                raise ValueError(_("Each contact needs a name, position, phone and e-mail."))
            name = self._name.parse(entry.get("name", ""), strict)
            if not name:
                raise ValueError(_("Each contact needs a name."))
            contacts.append(
                {
                    "name": name,
                    "position": self._position.parse(entry.get("position", ""), strict),
                    "phone": self._phone.parse(entry.get("phone", ""), strict),
                    "email": self._email.parse(entry.get("email", ""), strict),
                }
            )
        return contacts

    @staticmethod
    def _dicts(contacts):
        return [c if isinstance(c, dict) else c.as_dict() for c in contacts or []]

    def to_json(self, value):
        return self._dicts(value)

    def to_text(self, value):
        return "; ".join(" / ".join(p for p in (c[k] for k in CONTACT_KEYS) if p) for c in self._dicts(value))

    def cell_writer(self):
        return lambda value: "\n".join(
            CONTACT_SEPARATOR.join(c[k] for k in CONTACT_KEYS).rstrip(" |") for c in self._dicts(value)
        )

    def schema(self):
        properties = {
            "name": {"type": "string", "minLength": 1, "maxLength": 200},
            "position": {"type": "string", "maxLength": 200},
            "phone": {"type": "string", "maxLength": 100},
            "email": {"type": "string", "maxLength": 254},
        }
        return {"type": "array", "items": {"type": "object", "required": ["name"], "properties": properties}}


class LegalFormChoice(Choice):
    """Read with the words it may keep (organization_clean); its schema and JSON are the Choice's."""

    grouped = True


#: The reader of a legal form, for organization_clean.
LEGAL_FORM = Choice(LegalForm, labels.LEGAL_FORM_LABELS, nullable=True)


class Place(FieldType):
    """One level of the address (a DOPA code), read by name or code with the others in place_clean."""

    #: Read by the record's clean(), since a district is found within its province.
    grouped = True
    nullable = True
    NAMES = {
        "province": geography.province_name,
        "district": geography.district_name,
        "subdistrict": geography.subdistrict_name,
    }

    def __init__(self, level):
        self.name_of = self.NAMES[level]

    def to_json(self, value):
        return self.name_of(value) or None

    def describe(self, text):
        return self.name_of(text) or text

    def cell_writer(self):
        return lambda value: self.name_of(value) or ""

    def schema(self):
        return {"type": ["string", "null"], "maxLength": 100, "description": "A name or a DOPA code."}


class PostalCode(Text):
    grouped = True

    def __init__(self):
        super().__init__(5, nullable=True, digits=True)

    def schema(self):
        return {"type": ["string", "null"], "pattern": r"^(\d{5})?$"}


def organization_clean(raw, data, errors, partial, strict, default_province_code=None, warnings=None):
    """What spans fields: the legal form with its own words, and the place."""
    _legal_form(raw, data, errors, strict, {} if warnings is None else warnings)
    place_clean(raw, data, errors, partial, default_province_code)


def _legal_form(raw, data, errors, strict, warnings):
    """A known legal form, or from a file an unknown one kept as OTHER in its own words, with a warning.

    Office lists hold forms the product may not know; refusing the row would lose the organization.
    """
    if "legal_form" not in raw:
        return
    value = raw["legal_form"]
    try:
        data["legal_form"] = LEGAL_FORM.parse(value, strict)
    except ValueError as error:
        words = (
            clean_text(value) if isinstance(value, str | int | float) and not isinstance(value, bool) else ""
        )
        if strict or not words:
            errors["legal_form"] = str(error)
            return
        data["legal_form"], data["legal_form_other"] = LegalForm.OTHER, words[:100]
        warnings["legal_form"] = _(
            "“%(value)s” is not a legal form the directory knows: it is kept as “other” in these words.",
            value=words,
        )
        return
    if data["legal_form"] != LegalForm.OTHER and "legal_form_other" not in raw:
        data["legal_form_other"] = ""


def place_clean(raw, data, errors, partial, default_province_code=None):
    """The address's province, district, subdistrict and postal code, each found within the larger."""
    if partial and not any(f in raw for f in ("province", "district", "subdistrict", "postal_code")):
        return
    for name in ("province", "district", "subdistrict", "postal_code"):
        value = raw.get(name)
        if (value is not None and not isinstance(value, str | int | float)) or isinstance(value, bool):
            errors[name] = _("Expected text.")
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


ORGANIZATION = Record(
    "Organization",
    (
        Field("id", Integer(), _l("Number"), writable=False),
        Field("name", Text(300, min_length=1), _l("Name of the organization"), "ชื่อองค์กร", "Name",
              ("ชื่อ", "ชื่อหน่วยงาน", "ชื่อองค์การ", "ชื่อมูลนิธิ/สมาคม", "organization", "organization name"),
              required=True, tracked=True, merge=KEEP),
        Field("kind", Choice(OrganizationKind, labels.KIND_LABELS), _l("Kind"), "ประเภทองค์กร", "Kind",
              ("ประเภท", "type"), required=True, tracked=True, merge=KEEP),
        Field("legal_form", LegalFormChoice(LegalForm, labels.LEGAL_FORM_LABELS, nullable=True),
              _l("Legal form"), "รูปแบบการจัดตั้ง", "Legal form", ("รูปแบบ", "รูปแบบองค์กร", "ลักษณะองค์กร"),
              tracked=True, merge=FILL,
              description="An unknown form from a file is kept as other, in its words in legal_form_other."),
        Field("legal_form_other", Text(100), _l("Legal form in its own words"), "รูปแบบการจัดตั้ง (อื่น ๆ)",
              "Legal form (other)", ("รูปแบบอื่น",), tracked=True, merge=FILL),
        Field("certification_no", Text(60, nullable=True, digits=True), _l("Certification number"),
              "เลขที่หนังสือรับรอง", "Certification number",
              ("เลขที่รับรอง", "เลขทะเบียน", "เลขที่ทะเบียน", "ทะเบียนเลขที่", "certificate no", "cert no"),
              tracked=True, merge=FILL, description="Unique among organizations; Thai digits are read."),
        Field("certified_on", Date(), _l("Certified on"), "วันที่ได้รับการรับรอง", "Certified on",
              ("วันที่รับรอง", "วันที่ได้รับรอง", "วันที่ออกหนังสือรับรอง", "certification date"),
              tracked=True, merge=FILL),
        Field("status", Choice(OrganizationStatus, labels.STATUS_LABELS), _l("Status"), "สถานะ", "Status",
              ("สถานะองค์กร",), tracked=True, merge=KEEP, description="active when not given"),
        # The merge takes the place as one value (app/directory/merging.py).
        Field("province", Place("province"), _l("Province"), "จังหวัด", "Province", ("จ.",),
              attr="province_code", tracked=True, self_update=True),
        Field("district", Place("district"), _l("District"), "อำเภอ", "District",
              ("อ.", "อำเภอ/เขต", "เขต", "amphoe"), attr="district_code", tracked=True, self_update=True),
        Field("subdistrict", Place("subdistrict"), _l("Subdistrict"), "ตำบล", "Subdistrict",
              ("ต.", "ตำบล/แขวง", "แขวง", "tambon"), attr="subdistrict_code", tracked=True, self_update=True),
        Field("postal_code", PostalCode(), _l("Postal code"), "รหัสไปรษณีย์", "Postal code",
              ("zip", "zip code", "postcode"), tracked=True, self_update=True),
        Field("address", Text(500), _l("House number, village, lane, road"), "ที่อยู่", "Address",
              ("ที่ตั้ง", "สถานที่ตั้ง", "ที่อยู่ (เลขที่ หมู่ ถนน)"), tracked=True, self_update=True, merge=FILL),
        Field("phone", Phone(), _l("Phone"), "โทรศัพท์", "Phone",
              ("เบอร์โทร", "เบอร์โทรศัพท์", "โทร", "หมายเลขโทรศัพท์", "telephone", "tel", "mobile"),
              tracked=True, self_update=True, merge=FILL),
        Field("email", Email(), _l("E-mail"), "อีเมล", "E-mail", ("อีเมล์", "อีเมลล์", "email"),
              tracked=True, self_update=True, merge=FILL),
        Field("line_id", Text(100), _l("LINE ID"), "ไอดีไลน์", "LINE ID", ("ไลน์", "line"),
              tracked=True, self_update=True, merge=FILL),
        Field("fields_of_work", ChoiceList(labels.WELFARE_FIELDS), _l("Fields of work"), "สาขาที่ดำเนินงาน",
              "Fields of work", ("สาขา", "ด้านการดำเนินงาน", "สาขาการจัดสวัสดิการ"),
              tracked=True, self_update=True, merge=FILL),
        Field("target_groups", ChoiceList(labels.TARGET_GROUPS), _l("Target groups"), "กลุ่มเป้าหมาย",
              "Target groups", ("target group",), tracked=True, self_update=True, merge=FILL),
        # The merge combines the two lists of contacts (app/directory/merging.py).
        Field("contacts", Contacts(), _l("Contacts"), "ผู้ประสานงาน", "Contacts",
              ("ผู้ติดต่อ", "ผู้รับผิดชอบ", "contact", "contact person"), tracked=True, self_update=True),
        Field("last_confirmed_on", Date(), _l("Last confirmed"), "ยืนยันข้อมูลล่าสุด", "Last confirmed",
              ("วันที่ยืนยันข้อมูล",), tracked=True, merge=FILL),
        # The DOPA codes of the place, beside its names above.
        Field("province_code", Text(2, nullable=True), _l("Province"), writable=False),
        Field("district_code", Text(4, nullable=True), _l("District"), writable=False),
        Field("subdistrict_code", Text(6, nullable=True), _l("Subdistrict"), writable=False),
        Field("updated_at", Timestamp(), _l("Last changed"), writable=False),
    ),
    clean=organization_clean,
)  # fmt: skip
