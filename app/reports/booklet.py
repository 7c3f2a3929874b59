"""The directory booklet (ทำเนียบเครือข่าย): the filtered directory grouped by kind, then district."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import selectinload

from app import thai
from app.directory import geography
from app.directory.models import Organization, OrganizationKind
from app.extensions import db

#: Where organizations without a district go: after every district.
NO_DISTRICT = "~"


@dataclass
class Entry:
    """An organization with its running number in the booklet."""

    number: int
    organization: Organization


@dataclass
class DistrictSection:
    """The organizations of one kind in one district, in Thai dictionary order."""

    kind: OrganizationKind
    district_code: str | None
    #: As a Thai address names it ("อำเภอวังทอง", "เขตบางรัก"); "" when not known.
    district_name: str
    entries: list[Entry]

    @property
    def anchor(self):
        return f"{self.kind.value}-{self.district_code or 'none'}"


@dataclass
class KindSection:
    kind: OrganizationKind
    districts: list[DistrictSection]

    @property
    def anchor(self):
        return self.kind.value

    @property
    def count(self):
        return sum(len(d.entries) for d in self.districts)


@dataclass
class DirectoryBooklet:
    sections: list[KindSection]
    directory_filter: object
    province_code: str
    printed_on: date

    @property
    def total(self):
        return sum(s.count for s in self.sections)

    @property
    def province_name(self):
        return geography.province_name(self.province_code)

    @property
    def fiscal_year(self):
        return thai.fiscal_year_of(self.printed_on)

    @property
    def filter_district_name(self):
        return geography.district_name(self.directory_filter.district)


def _district_order(organization):
    code = organization.district_code
    return code if code and geography.district_name(code) else NO_DISTRICT


def district_heading(code, home_province_code):
    """A district as a Thai address names it ("อำเภอวังทอง", "เขตบางรัก"), with its province when not home."""
    if code == NO_DISTRICT:
        return ""
    province_code = code[:2]
    name = ("เขต" if province_code == "10" else "อำเภอ") + geography.district_name(code)
    if province_code != home_province_code:
        name += " " + ("" if province_code == "10" else "จังหวัด") + geography.province_name(province_code)
    return name


def directory_booklet(directory_filter, province_code, printed_on):
    """The organizations the directory filter selects, grouped for printing.

    Kinds come in the order of OrganizationKind, districts in code order (the capital
    district first, as the DOPA codes go), unknown districts last, names in Thai
    dictionary order. The filter's own sort order does not apply to a booklet.
    """
    statement = (
        directory_filter.statement()
        .order_by(None)
        .order_by(Organization.name_sort, Organization.id)
        .options(selectinload(Organization.contacts))
    )
    organizations = db.session.scalars(statement).all()
    sections, number = [], 0
    for kind in OrganizationKind:
        districts = {}
        # A stable sort: names stay in dictionary order within each district.
        for organization in sorted((o for o in organizations if o.kind == kind), key=_district_order):
            number += 1
            districts.setdefault(_district_order(organization), []).append(Entry(number, organization))
        if districts:
            sections.append(
                KindSection(
                    kind,
                    [
                        DistrictSection(
                            kind,
                            None if key == NO_DISTRICT else key,
                            district_heading(key, province_code),
                            entries,
                        )
                        for key, entries in districts.items()
                    ],
                )
            )
    return DirectoryBooklet(sections, directory_filter, province_code, printed_on)
