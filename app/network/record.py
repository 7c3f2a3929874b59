"""The network records' fields, each once (docs/records.md): a support and a yearly report. Their API
JSON and OpenAPI schemas, the forms' fields and checks, and the Fund list's import columns derive
from these tables."""

from flask_babel import lazy_gettext as _l

from app.network.fields import (
    MONEY_SOURCES,
    NEEDS,
    REPORT_STATUSES,
    SUPPORT_KINDS,
    SUPPORT_STATUSES,
    TARGET_GROUPS,
    Activities,
    Attachments,
    Count,
    FiscalYear,
    Flag,
    Keyed,
    Money,
)
from app.network.models import ReportStatus, SupportKind, SupportStatus
from app.records import Field, Record
from app.records.types import Choice, ChoiceList, Date, Integer, Text

_ID = Field("id", Integer(), _l("Number"), writable=False)
_ORGANIZATION = Field("organization_id", Integer(), _l("Organization"), writable=False)

SUPPORT = Record(
    "Support",
    (
        _ID,
        _ORGANIZATION,
        Field("kind", Choice(SupportKind, SUPPORT_KINDS), _l("Kind of support"), "ประเภท", "Kind",
              required=True),
        Field("fiscal_year", FiscalYear(), _l("Fiscal year"), "ปีงบประมาณ", "Fiscal year", ("ปีงบ", "ปี"),
              required=True),
        Field("title", Text(300, min_length=1), _l("What"), "ชื่อโครงการ", "Project title",
              ("โครงการ", "project", "title"), required=True),
        Field("amount_requested", Money(), _l("Amount asked (baht)"), "งบประมาณที่ขอ", "Amount requested",
              ("จำนวนเงินที่ขอ", "งบที่ขอ", "เงินที่เสนอขอ")),
        Field("amount_approved", Money(), _l("Amount approved (baht)"), "งบประมาณที่อนุมัติ", "Amount approved",
              ("จำนวนเงินที่อนุมัติ", "งบที่ได้รับอนุมัติ", "เงินที่ได้รับ")),
        Field("status", Choice(SupportStatus, SUPPORT_STATUSES, nullable=True), _l("Status of the project"),
              "สถานะ", "Status", ("สถานะโครงการ", "ผลการพิจารณา"),
              description="Only a fund project has a status (proposed when not given)."),
        Field("date", Date(), _l("Date"), "วันที่", "Date", ("วันที่อนุมัติ",)),
        Field("given_by", Text(200), _l("Who"), "ผู้ให้การสนับสนุน", "Given by", ("ผู้ดำเนินการ", "who")),
        Field("note", Text(2000), _l("Note"), "หมายเหตุ", "Note"),
    ),
)  # fmt: skip

ANNUAL_REPORT = Record(
    "AnnualReport",
    (
        _ID,
        _ORGANIZATION,
        Field("fiscal_year", FiscalYear(), _l("Fiscal year"), required=True),
        Field("status", Choice(ReportStatus, REPORT_STATUSES), _l("Status"), writable=False,
              description="asked, received, or late (asked, not received, past its due date)."),
        Field("asked_on", Date(), _l("Asked on"), writable=False),
        Field("due_on", Date(), _l("Due on"), writable=False),
        Field("received_on", Date(), _l("Received on")),
        Field("activities", Activities(), _l("Activities")),
        Field("served", Keyed(TARGET_GROUPS), _l("People served")),
        Field("spent", Money(), _l("Money spent (baht)")),
        Field("sources", Keyed(MONEY_SOURCES, money=True), _l("Where the money came from (baht)")),
        Field("volunteers", Count(), _l("Volunteers")),
        Field("problems", Text(4000), _l("Problems")),
        Field("needs", ChoiceList(NEEDS), _l("Support needed")),
        Field("note", Text(2000), _l("Note")),
        Field("entered_by_staff", Flag(), _l("Typed in by staff"), writable=False,
              description="A report that came on paper; false when sent through the self-update link."),
        Field("attachments", Attachments(), _l("Files"), writable=False),
    ),
)  # fmt: skip


def widget(field):
    """How a form shows a field: select, textarea or input."""
    if isinstance(field.type, Choice):
        return "select"
    if isinstance(field.type, Text) and field.type.max_length > 300:
        return "textarea"
    return "input"
