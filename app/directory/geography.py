"""Provinces, districts and subdistricts of Thailand (data: GeoThai, CC BY 4.0)."""

from functools import lru_cache

import geothai

from app.thai import clean_text

CREDIT = "GeoThai"


def province_name(code):
    province = geothai.province(code) if code else None
    return province.name_th if province else ""


def district_name(code):
    district = geothai.district(code) if code else None
    return district.name_th if district else ""


def subdistrict_name(code):
    subdistrict = geothai.subdistrict(code) if code else None
    return subdistrict.name_th if subdistrict else ""


@lru_cache
def provinces():
    """(code, Thai name) of every province, in Thai order of names."""
    return sorted(((p.code, p.name_th) for p in geothai.provinces()), key=lambda p: p[1])


@lru_cache
def districts_of(province_code):
    """(code, Thai name) of the districts of a province, in code order (the capital first)."""
    return [(d.code, d.name_th) for d in geothai.districts(province_code or "")]


@lru_cache
def subdistricts_of(district_code):
    """(code, Thai name, postal codes) of the subdistricts of a district."""
    return [(s.code, s.name_th, s.postal_codes) for s in geothai.subdistricts(district_code or "")]


def place_items(province_code="", district_code=""):
    """Subdistricts of a district, or else districts of a province, as the address selects load them."""
    if district_code:
        return [
            {"code": c, "name": n, "postal_code": p[0] if p else ""}
            for c, n, p in subdistricts_of(district_code)
        ]
    return [{"code": c, "name": n} for c, n in districts_of(province_code)]


def find_province(text):
    """The code of the province a name or code stands for, or None."""
    text = clean_text(text)
    if not text:
        return None
    if geothai.province(text):
        return text
    wanted = geothai.normalize(text.removeprefix("จังหวัด").removeprefix("จ."))
    for province in geothai.provinces():
        if wanted in (geothai.normalize(province.name_th), geothai.normalize(province.name_en)):
            return province.code
    return None


def find_district(text, province_code):
    """The code of a district of the province given by name ("อ.เมือง", "Mueang") or code."""
    text = clean_text(text)
    if not text:
        return None
    if len(text) == 4 and text.isdigit():
        district = geothai.district(text)
        return text if district and district.province_code == province_code else None
    wanted = geothai.normalize(text.removeprefix("อำเภอ").removeprefix("อ."))
    province = geothai.province(province_code) if province_code else None
    for code, name in districts_of(province_code):
        district = geothai.district(code)
        names = {geothai.normalize(name), geothai.normalize(district.name_en)}
        # The capital district is written "เมือง" as often as "เมืองพิษณุโลก".
        if province and name == "เมือง" + province.name_th:
            names.add(geothai.normalize("เมือง"))
        if wanted in names:
            return code
    return None


def find_subdistrict(text, district_code):
    """The code of a subdistrict of the district given by name or code, or None."""
    text = clean_text(text)
    if not text:
        return None
    if len(text) == 6 and text.isdigit():
        subdistrict = geothai.subdistrict(text)
        return text if subdistrict and subdistrict.district_code == district_code else None
    wanted = geothai.normalize(text.removeprefix("ตำบล").removeprefix("ต."))
    for code, name, _postal in subdistricts_of(district_code):
        if wanted in (geothai.normalize(name), geothai.normalize(geothai.subdistrict(code).name_en)):
            return code
    return None


def postal_code_of(subdistrict_code):
    subdistrict = geothai.subdistrict(subdistrict_code) if subdistrict_code else None
    return subdistrict.postal_codes[0] if subdistrict and subdistrict.postal_codes else None


def format_address(street, subdistrict_code, district_code, province_code, postal_code):
    """Small to large, as a Thai envelope wants it; Bangkok uses แขวง/เขต."""
    bangkok = province_code == "10"
    parts = [clean_text(street)]
    if subdistrict_code:
        parts.append(("แขวง" if bangkok else "ตำบล") + subdistrict_name(subdistrict_code))
    if district_code:
        parts.append(("เขต" if bangkok else "อำเภอ") + district_name(district_code))
    if province_code:
        parts.append(("" if bangkok else "จังหวัด") + province_name(province_code))
    if postal_code:
        parts.append(postal_code)
    return " ".join(p for p in parts if p)
