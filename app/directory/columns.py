"""The columns of the directory's spreadsheets, shared by the export, its template and the import.

The Thai titles are a file format, not a translation: the export writes them whatever
the reader's language, and the import must still recognise old files when a label
in the catalogue is reworded.
"""

import unicodedata
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.thai import THAI_DIGITS


@dataclass(frozen=True)
class Column:
    field: str
    #: The title in the product's own files.
    thai: str
    english: str
    #: What the preview shows for the field, in the reader's language.
    label: object
    #: Other titles that offices give the column in their own lists.
    aliases: tuple = ()


COLUMNS = (
    Column("name", "ชื่อองค์กร", "Name", _l("Name of the organization"),
           ("ชื่อ", "ชื่อหน่วยงาน", "ชื่อองค์การ", "ชื่อมูลนิธิ/สมาคม", "organization", "organization name")),
    Column("kind", "ประเภทองค์กร", "Kind", _l("Kind"), ("ประเภท", "type")),
    Column("legal_form", "รูปแบบการจัดตั้ง", "Legal form", _l("Legal form"),
           ("รูปแบบ", "รูปแบบองค์กร", "ลักษณะองค์กร")),
    Column("certification_no", "เลขที่หนังสือรับรอง", "Certification number", _l("Certification number"),
           ("เลขที่รับรอง", "เลขทะเบียน", "เลขที่ทะเบียน", "ทะเบียนเลขที่", "certificate no", "cert no")),
    Column("certified_on", "วันที่ได้รับการรับรอง", "Certified on", _l("Certified on"),
           ("วันที่รับรอง", "วันที่ได้รับรอง", "วันที่ออกหนังสือรับรอง", "certification date")),
    Column("status", "สถานะ", "Status", _l("Status"), ("สถานะองค์กร",)),
    Column("province", "จังหวัด", "Province", _l("Province"), ("จ.",)),
    Column("district", "อำเภอ", "District", _l("District"), ("อ.", "อำเภอ/เขต", "เขต", "amphoe")),
    Column("subdistrict", "ตำบล", "Subdistrict", _l("Subdistrict"), ("ต.", "ตำบล/แขวง", "แขวง", "tambon")),
    Column("postal_code", "รหัสไปรษณีย์", "Postal code", _l("Postal code"), ("zip", "zip code", "postcode")),
    Column("address", "ที่อยู่", "Address", _l("Address"), ("ที่ตั้ง", "สถานที่ตั้ง", "ที่อยู่ (เลขที่ หมู่ ถนน)")),
    Column("phone", "โทรศัพท์", "Phone", _l("Phone"),
           ("เบอร์โทร", "เบอร์โทรศัพท์", "โทร", "หมายเลขโทรศัพท์", "telephone", "tel", "mobile")),
    Column("email", "อีเมล", "E-mail", _l("E-mail"), ("อีเมล์", "อีเมลล์", "email")),
    Column("line_id", "ไอดีไลน์", "LINE ID", _l("LINE ID"), ("ไลน์", "line")),
    Column("fields_of_work", "สาขาที่ดำเนินงาน", "Fields of work", _l("Fields of work"),
           ("สาขา", "ด้านการดำเนินงาน", "สาขาการจัดสวัสดิการ")),
    Column("target_groups", "กลุ่มเป้าหมาย", "Target groups", _l("Target groups"), ("target group",)),
    Column("contacts", "ผู้ประสานงาน", "Contacts", _l("Contacts"),
           ("ผู้ติดต่อ", "ผู้รับผิดชอบ", "contact", "contact person")),
    Column("last_confirmed_on", "ยืนยันข้อมูลล่าสุด", "Last confirmed", _l("Last confirmed"),
           ("วันที่ยืนยันข้อมูล",)),
)  # fmt: skip
BY_FIELD = {column.field: column for column in COLUMNS}


def title_key(title):
    """A column title reduced to what matters: letters, marks and digits, lower case.

    "E-mail", "e mail:" and "EMAIL *" are the same title; so are "อ." and "อ".
    """
    text = unicodedata.normalize("NFC", str(title or "")).translate(THAI_DIGITS).lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LMN")


def _titles():
    table = {}
    for column in COLUMNS:
        for title in (column.field, column.thai, column.english, *column.aliases):
            table.setdefault(title_key(title), column.field)
    return table


TITLES = _titles()


def guess_mapping(headers):
    """The field each column of a file holds (None: ignore it); a field is taken by its first column."""
    mapping, taken = [], set()
    for header in headers:
        field = TITLES.get(title_key(header))
        if field in taken:
            field = None
        mapping.append(field)
        if field:
            taken.add(field)
    return mapping
