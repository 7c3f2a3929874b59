"""The forum summary report (สรุปผลการจัดเวที): what it says, gathered as plain data, and its PDF.

summary_report(forum) reads the forum, its agenda, invitations, registrations, notes,
action items and feedback once, and returns figures a template only has to phrase;
render_summary_report(forum) turns them into the PDF, in one call that a background
job can make as well as a request.

Organizations are counted once each, whatever number of people they sent: an
organization *registered* when someone of it holds a confirmed seat, and *attended*
when someone of it attended (see attended()). Rates are of the organizations invited;
organizations that came without an invitation (or that are not in the directory) are
counted apart, so that no rate can pass 100 per cent.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.checkin.attendance import arrivals_per_day
from app.checkin.participation import took_part
from app.directory.labels import KIND_LABELS
from app.directory.models import OrganizationKind
from app.extensions import db
from app.forums.labels import SPEAKER_ROLE_LABELS
from app.forums.models import ForumKind, Invitation
from app.notes.actions import action_items_of_forum
from app.notes.feedback import feedback_results, rounded
from app.notes.labels import CATEGORY_LABELS
from app.notes.service import notes_by_category
from app.registration.models import Registration, RegistrationStatus
from app.reports.booklet import NO_DISTRICT, district_heading
from app.reports.fitting import fitting_size, lines_needed
from app.reports.pdf import ROWS_PER_PART, Part, render_pdf, render_pdf_in_parts, today_in_bangkok
from app.reports.summary_charts import means_chart, participation_chart
from app.reports.summary_photos import PHOTO_DPI, report_photos
from app.thai import search_key, sort_key

TEMPLATE = "pdf/forum_summary.html"
ONE_PLACE = Decimal("0.1")

REPORT_TITLES = {
    ForumKind.FORUM: _l("Forum summary report"),
    ForumKind.TRAINING: _l("Training summary report"),
    ForumKind.MEETING: _l("Meeting summary report"),
    ForumKind.SEMINAR: _l("Seminar summary report"),
}
NOT_IN_DIRECTORY = _l("Not in the directory")
NO_DISTRICT_LABEL = _l("District not given")

#: The attendee appendix, laid out at a fixed pitch so that its page count follows from these
#: (the template takes them): the A4 text height of print.css (297 mm less 27 + 20 mm margins),
#: the height of its table's header row, repeated on every page, of the heading on its first
#: page, and of each attendee's row. A value too long for its column wraps (never cut), and
#: such a row then takes two lines.
PAGE_BODY_MM = 250
APPENDIX_HEAD_MM = 9
APPENDIX_TITLE_MM = 22
APPENDIX_ROW_MM = 7


def attended(registration):
    """Whether the person of this registration attended the forum: the product's one "took part" rule
    (app.checkin.participation), whatever the forum's certificate rule; a forum of several days adds
    its attendance per day (SummaryReport.days).
    """
    return took_part(registration)


@dataclass(frozen=True)
class Rate:
    """``count`` of ``base`` and the percentage, rounded half up to one decimal (None of nothing)."""

    count: int
    base: int

    @property
    def percent(self):
        return rounded(Fraction(100 * self.count, self.base), ONE_PLACE) if self.base else None


@dataclass
class ParticipationRow:
    """The organizations of one kind or one district: invited, and of those, registered and attended."""

    label: str
    invited: int = 0
    registered: int = 0
    attended: int = 0
    #: Organizations that came without an invitation.
    uninvited_attended: int = 0

    @property
    def registration_rate(self):
        return Rate(self.registered, self.invited)

    @property
    def attendance_rate(self):
        return Rate(self.attended, self.invited)

    def add(self, tally):
        if tally.invited:
            self.invited += 1
            self.registered += tally.registered
            self.attended += tally.people_attended > 0
        else:
            self.uninvited_attended += tally.people_attended > 0


@dataclass
class OrganizationTally:
    """One organization at the forum: from the directory, or a name typed by people who registered."""

    name: str
    kind: OrganizationKind | None
    district_code: str | None
    sort_key: str
    invited: bool = False
    registered: bool = False
    people_attended: int = 0
    #: As the list of participating organizations shows it ("อำเภอวังทอง"); "" when not known.
    district_name: str = ""


@dataclass
class PeopleCounts:
    capacity: int
    confirmed: int = 0
    waitlisted: int = 0
    cancelled: int = 0
    attended: int = 0
    #: Confirmed registrations of nobody's organization (people who came on their own).
    without_organization: int = 0

    @property
    def attendance_rate(self):
        return Rate(self.attended, self.confirmed)

    @property
    def no_shows(self):
        return self.confirmed - self.attended


#: The appendix's name column (templates/pdf/forum_summary.html: 44 mm less its padding) and the
#: sizes a name may take in it: a name too long for two lines at 10 pt (the table's size in the
#: template) steps down, never split.
NAME_COLUMN_MM, NAME_PT, SMALLEST_NAME_PT = 40, 10, 7


@dataclass(frozen=True)
class Attendee:
    name: str
    position: str
    organization: str

    @cached_property
    def name_pt(self):
        """The name's font size: the largest up to 10 pt at which its words, kept whole, fit two lines."""
        return fitting_size(self.name, NAME_COLUMN_MM, NAME_PT, SMALLEST_NAME_PT, lines=2, bold=False)

    @property
    def name_on_one_line(self):
        """Whether the name fits one line at its size: it is then printed unbroken, as one run of text,
        where a name that needs its two lines has each word kept whole in a box of its own (each costs
        WeasyPrint a box and a text layout)."""
        return lines_needed(self.name, self.name_pt, NAME_COLUMN_MM, bold=False) == 1

    @property
    def smaller_name_pt(self):
        """The name's font size when it is below the table's, else None. Only such a name's cell gets
        a style of its own: WeasyPrint computes the style of a cell with a style attribute, and of
        all inside it, afresh, where cells alike share one."""
        size = self.name_pt
        return size if size < NAME_PT else None


@dataclass
class KindGroup:
    """The participating organizations of one kind, for the report's list."""

    label: str
    organizations: list


@dataclass
class SummaryReport:
    forum: object
    printed_on: date
    people: PeopleCounts
    by_kind: list
    by_district: list
    organizations: list
    attendees: list
    #: [(day's date, [agenda items])], first day first.
    agenda_days: list
    objectives: list
    #: [(category label, [notes])] of the headings that have notes, in the offices' order.
    lessons: list
    action_items: list
    #: app.notes.feedback.FeedbackResults, or None when the forum has no survey.
    feedback: object
    province_code: str
    target_kinds: list = field(default_factory=list)
    #: [(day, people checked in that day)] of a forum of several days; empty for one day.
    days: list = field(default_factory=list)
    #: [app.reports.summary_photos.ReportPhoto] to print, and how many more the system keeps.
    photos: list = field(default_factory=list)
    more_photos: int = 0

    @property
    def title(self):
        return REPORT_TITLES[self.forum.kind]

    @property
    def kind_total(self):
        return _total(self.by_kind)

    @property
    def district_total(self):
        return _total(self.by_district)

    @property
    def organizations_attended(self):
        return sum(len(group.organizations) for group in self.organizations)

    @property
    def note_count(self):
        return sum(len(notes) for _label, notes in self.lessons)

    @property
    def open_action_items(self):
        return sum(not item.is_done for item in self.action_items)

    @property
    def has_answers(self):
        return self.feedback is not None and self.feedback.responses > 0

    @property
    def kind_chart(self):
        return participation_chart(self.by_kind)

    @property
    def district_chart(self):
        return participation_chart(self.by_district)

    @property
    def means_chart(self):
        return means_chart(self.feedback) if self.has_answers else None


def _total(rows):
    total = ParticipationRow(label="")
    for row in rows:
        total.invited += row.invited
        total.registered += row.registered
        total.attended += row.attended
        total.uninvited_attended += row.uninvited_attended
    return total


# Gathering


def _organization_key(registration):
    if registration.organization_id is not None:
        return registration.organization_id
    typed = search_key(registration.organization_name)
    return f"typed:{typed}" if typed else None


def _tallies(invitations, registrations):
    tallies = {}
    for invitation in invitations:
        organization = invitation.organization
        tallies[organization.id] = OrganizationTally(
            organization.name,
            organization.kind,
            organization.district_code,
            organization.name_sort,
            invited=True,
        )
    for registration in registrations:
        key = _organization_key(registration)
        if key is None:
            continue
        if key not in tallies:
            organization = registration.organization
            tallies[key] = (
                OrganizationTally(
                    organization.name, organization.kind, organization.district_code, organization.name_sort
                )
                if organization is not None
                else OrganizationTally(
                    registration.organization_name, None, None, sort_key(registration.organization_name)
                )
            )
        tally = tallies[key]
        tally.registered |= registration.status == RegistrationStatus.CONFIRMED
        tally.people_attended += attended(registration)
    return list(tallies.values())


def _people(forum, registrations):
    people = PeopleCounts(capacity=forum.capacity)
    for registration in registrations:
        if registration.status == RegistrationStatus.CONFIRMED:
            people.confirmed += 1
            people.without_organization += _organization_key(registration) is None
        elif registration.status == RegistrationStatus.WAITLISTED:
            people.waitlisted += 1
        else:
            people.cancelled += 1
        people.attended += attended(registration)
    return people


def _by_kind(tallies):
    rows = {kind: ParticipationRow(KIND_LABELS[kind]) for kind in OrganizationKind}
    unlisted = ParticipationRow(NOT_IN_DIRECTORY)
    for tally in tallies:
        (rows[tally.kind] if tally.kind else unlisted).add(tally)
    return [row for row in (*rows.values(), unlisted) if row.invited or row.uninvited_attended]


def _district_key(tally):
    return tally.district_code or NO_DISTRICT


def _by_district(tallies, province_code):
    rows = {}
    for tally in sorted(tallies, key=_district_key):
        key = _district_key(tally)
        if key not in rows:
            label = district_heading(key, province_code) if key != NO_DISTRICT else ""
            rows[key] = ParticipationRow(label or NO_DISTRICT_LABEL)
        rows[key].add(tally)
    return [row for row in rows.values() if row.invited or row.uninvited_attended]


def _participating(tallies, province_code):
    groups = []
    came = sorted((t for t in tallies if t.people_attended), key=lambda t: t.sort_key)
    for tally in came:
        tally.district_name = (
            district_heading(tally.district_code, province_code) if tally.district_code else ""
        )
    for kind in (*OrganizationKind, None):
        members = [t for t in came if t.kind == kind]
        if members:
            groups.append(KindGroup(KIND_LABELS[kind] if kind else NOT_IN_DIRECTORY, members))
    return groups


def _attendees(registrations):
    came = [r for r in registrations if attended(r)]
    came.sort(key=lambda r: (sort_key(r.organization_display or "~"), sort_key(r.first_name), r.id))
    return [Attendee(r.full_name, r.position, r.organization_display) for r in came]


_BULLET = re.compile(r"^\s*(?:[-•*·]|\d+[.)]|[๐-๙]+[.)])\s*")


def objectives_of(forum):
    """The forum's objectives as a list: one per line, without the bullets or numbers typed before them."""
    lines = (_BULLET.sub("", line).strip() for line in (forum.objectives or "").splitlines())
    return [line for line in lines if line]


def _agenda_days(forum):
    days = defaultdict(list)
    for item in forum.agenda:
        days[item.date].append(item)
    return sorted(days.items())


def summary_report(forum, printed_on=None):
    """Everything the summary report of the forum shows, gathered in a few queries."""
    invitations = db.session.scalars(
        select(Invitation)
        .where(Invitation.forum_id == forum.id)
        .options(selectinload(Invitation.organization))
    ).all()
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.forum_id == forum.id)
        .options(selectinload(Registration.organization))
        .order_by(Registration.id)
    ).all()
    tallies = _tallies(invitations, registrations)
    province_code = current_app.config["OFFICE_PROVINCE_CODE"]
    notes = notes_by_category(forum)
    lessons = [(CATEGORY_LABELS[category], items) for category, items in notes.items() if items]
    photos, more_photos = report_photos(forum, lessons)
    return SummaryReport(
        forum=forum,
        printed_on=printed_on or today_in_bangkok(),
        people=_people(forum, registrations),
        by_kind=_by_kind(tallies),
        by_district=_by_district(tallies, province_code),
        organizations=_participating(tallies, province_code),
        attendees=_attendees(registrations),
        agenda_days=_agenda_days(forum),
        objectives=objectives_of(forum),
        lessons=lessons,
        action_items=action_items_of_forum(forum),
        feedback=feedback_results(forum),
        province_code=province_code,
        target_kinds=[
            KIND_LABELS[OrganizationKind(k)] for k in forum.target_kinds if k in set(OrganizationKind)
        ],
        days=arrivals_per_day(forum) if forum.is_multi_day else [],
        photos=photos,
        more_photos=more_photos,
    )


def render_summary_report(forum, printed_on=None):
    """The summary report of the forum as PDF bytes: the one call a request or a background job makes.

    A long list of attendees is laid out in parts (render_pdf_in_parts), so that memory
    stays bounded; the pages are the same either way.
    """
    report = summary_report(forum, printed_on)
    context = {
        "report": report,
        "printed_on": report.printed_on,
        "image_dpi": PHOTO_DPI,
        "speaker_roles": SPEAKER_ROLE_LABELS,
        "layout": {
            "head_mm": APPENDIX_HEAD_MM,
            "title_mm": APPENDIX_TITLE_MM,
            "row_mm": APPENDIX_ROW_MM,
        },
    }
    if len(report.attendees) <= ROWS_PER_PART:
        return render_pdf(TEMPLATE, part=Part.whole(report.attendees), **context)
    return render_pdf_in_parts(TEMPLATE, report.attendees, **context)
