"""Organizations, their contacts and the history of every change to them."""

import enum
import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import JSON, Date, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.directory import geography
from app.extensions import db
from app.thai import phone_digits, search_key, sort_key
from app.timeutil import local_today, utcnow


def _enum_column(enum_class, length=30):
    return db.Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
        create_constraint=True,
    )


#: An organization that has not confirmed its data for this long is flagged.
STALE_AFTER = timedelta(days=365)


class OrganizationKind(enum.StrEnum):
    PUBLIC_BENEFIT = "public_benefit"
    COMMUNITY_WELFARE = "community_welfare"
    LOCAL_GOVERNMENT = "local_government"
    GOVERNMENT_AGENCY = "government_agency"
    OTHER = "other"


class OrganizationStatus(enum.StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    REVOKED = "revoked"


class LegalForm(enum.StrEnum):
    FOUNDATION = "foundation"
    ASSOCIATION = "association"
    COMMUNITY_GROUP = "community_group"
    COOPERATIVE = "cooperative"
    NETWORK = "network"
    GOVERNMENT_BODY = "government_body"
    OTHER = "other"


class ChangeSource(enum.StrEnum):
    STAFF = "staff"
    SELF_UPDATE = "self_update"
    IMPORT = "import"
    API = "api"
    MERGE = "merge"


class Organization(db.Model):
    __tablename__ = "organizations"
    __table_args__ = (
        Index("ix_organizations_kind_status", "kind", "status"),
        Index("ix_organizations_district_code", "district_code"),
        Index("ix_organizations_name_sort", "name_sort"),
        Index("ix_organizations_last_confirmed_on", "last_confirmed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[OrganizationKind] = mapped_column(_enum_column(OrganizationKind))
    legal_form: Mapped[LegalForm | None] = mapped_column(_enum_column(LegalForm))
    #: The certificate number as written by the office, Thai digits made Arabic; unique.
    certification_no: Mapped[str | None] = mapped_column(String(60), unique=True)
    certified_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[OrganizationStatus] = mapped_column(
        _enum_column(OrganizationStatus), default=OrganizationStatus.ACTIVE
    )
    #: DOPA codes (2, 4 and 6 digits) of the place, from the geothai lists.
    province_code: Mapped[str | None] = mapped_column(String(2))
    district_code: Mapped[str | None] = mapped_column(String(4))
    subdistrict_code: Mapped[str | None] = mapped_column(String(6))
    postal_code: Mapped[str | None] = mapped_column(String(5))
    #: The street part of the address: number, village (หมู่), lane, road.
    address: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    line_id: Mapped[str] = mapped_column(String(100), default="")
    #: Keys of WELFARE_FIELDS (the welfare fields of the Social Welfare Promotion Act).
    fields_of_work: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Keys of TARGET_GROUPS.
    target_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: When the organization itself (or staff on its word) last confirmed its data.
    last_confirmed_on: Mapped[date | None] = mapped_column(Date)
    #: The token of the organization's self-update link; None when revoked.
    self_update_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: Derived from the name and other searchable fields by app.thai.search_key.
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: Derived from the name by app.thai.sort_key, for Thai dictionary order.
    name_sort: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    contacts: Mapped[list["Contact"]] = relationship(
        back_populates="organization",
        cascade="all, delete-orphan",
        order_by="Contact.position_order",
    )
    changes: Mapped[list["OrganizationChange"]] = relationship(
        back_populates="organization",
        cascade="all, delete-orphan",
        order_by="OrganizationChange.changed_at.desc(), OrganizationChange.id.desc()",
    )

    @property
    def province_name(self):
        return geography.province_name(self.province_code)

    @property
    def district_name(self):
        return geography.district_name(self.district_code)

    @property
    def subdistrict_name(self):
        return geography.subdistrict_name(self.subdistrict_code)

    @property
    def full_address(self):
        """The address the Thai way, small to large: ต. อ. จ. and postal code."""
        return geography.format_address(
            self.address, self.subdistrict_code, self.district_code, self.province_code, self.postal_code
        )

    @property
    def is_stale(self):
        """Not confirmed within the last twelve months (or never)."""
        return self.last_confirmed_on is None or self.last_confirmed_on < local_today() - STALE_AFTER

    def refresh_search_fields(self):
        """Recompute the derived search and sort columns from the data."""
        parts = [
            self.name,
            self.certification_no or "",
            self.phone,
            self.email,
            self.line_id,
            self.district_name,
            self.subdistrict_name,
        ]
        parts += [c.name for c in self.contacts]
        phones = [phone_digits(p) for p in (self.phone, *(c.phone for c in self.contacts)) if p]
        self.search_text = " ".join([*(search_key(p) for p in parts if p), *phones])
        self.name_sort = sort_key(self.name)[:300]

    def __repr__(self):
        return f"<Organization {self.id} {self.name}>"


class Contact(db.Model):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    #: The order in which contacts are listed; the first is the main contact.
    position_order: Mapped[int] = mapped_column(default=0)

    organization: Mapped[Organization] = relationship(back_populates="contacts")

    def as_dict(self):
        return {"name": self.name, "position": self.position, "phone": self.phone, "email": self.email}


class OrganizationChange(db.Model):
    """One changed field of an organization: who, when, how, old → new."""

    __tablename__ = "organization_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The staff member; None for the organization's own self-update.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    source: Mapped[ChangeSource] = mapped_column(_enum_column(ChangeSource))
    field: Mapped[str] = mapped_column(String(50))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    #: On entries moved here when a duplicate was merged in: "name (#id)" of that duplicate.
    merged_from: Mapped[str] = mapped_column(String(400), default="", server_default="")

    organization: Mapped[Organization] = relationship(back_populates="changes")
    user = relationship("User")


class ImportUpload(db.Model):
    """A file uploaded for import, kept from its preview to the import itself.

    In the database rather than in memory or on a local disk, so that any server
    process may serve the next step. Removed by the import; unusable after a day and
    then removed at the next upload.
    """

    __tablename__ = "import_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The upload's address in the preview's URL: random, unguessable.
    token: Mapped[str] = mapped_column(String(64), unique=True, default=lambda: secrets.token_urlsafe(32))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    def __repr__(self):
        return f"<ImportUpload {self.id} {self.filename}>"
