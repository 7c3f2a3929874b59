"""The organizations the office is losing touch with (องค์กรที่ขาดการติดต่อ), and what staff do
about the ones they tick, in one step: invite them to an open forum, ask for their report or a
details check, record a follow-up call or visit, or export the list."""

from dataclasses import dataclass

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import STAFF, role_required
from app.directory.labels import self_update_message
from app.extensions import db
from app.forums import invitations
from app.forums.models import Forum, ForumStatus, Invitation
from app.forums.service import ForumError
from app.network import bp, follow_ups, health, reports, workbooks
from app.network.annual_report import xlsx_response
from app.network.figures import REASON_LABELS
from app.network.losing_touch_forms import LosingTouchForm
from app.network.views import picker_years, requested_fiscal_year
from app.params import fiscal_year as fiscal_year_param
from app.params import page_number
from app.timeutil import local_today
from app.urls import external_url

#: The download name of the list, before the fiscal year.
EXPORT_NAME = "องค์กรที่ขาดการติดต่อ"
#: Organizations a page of the list shows (each with its contacts and a checkbox).
PER_PAGE = 50


def open_forums():
    """Forums that take registrations and whose invitation links work: the ones to invite to."""
    return db.session.scalars(
        select(Forum).where(Forum.status == ForumStatus.OPEN).order_by(Forum.starts_at, Forum.id)
    ).all()


def _form(fiscal_year, forums):
    form = LosingTouchForm()
    form.action.choices = lambda: [(action, action) for action in ACTIONS]
    form.forum_id.choices = lambda: [(forum.id, forum.title) for forum in forums]
    if request.method == "GET":
        form.fiscal_year.data = fiscal_year
    return form


def _listed(fiscal_year, reason):
    """The year's losing-touch list, of one reason when one is chosen."""
    items = health.losing_touch(fiscal_year, local_today())
    return [item for item in items if reason in item.reasons] if reason else items


@bp.get("/losing-touch")
@role_required(*STAFF)
def losing_touch():
    fiscal_year = requested_fiscal_year()
    reason = request.args.get("reason") if request.args.get("reason") in health.REASONS else ""
    items = _listed(fiscal_year, reason)
    pages = max(1, -(-len(items) // PER_PAGE))
    page = min(request.args.get("page", 1, type=page_number) or 1, pages)
    forums = open_forums()
    form = _form(fiscal_year, forums)
    form.reason.data = reason
    return render_template(
        "network/losing_touch.html",
        fiscal_year=fiscal_year,
        as_of=health.list_as_of(fiscal_year, local_today()),
        total=len(items),
        items=health.with_contacts(items[(page - 1) * PER_PAGE : page * PER_PAGE]),
        first=(page - 1) * PER_PAGE + 1,
        page=page,
        pages=pages,
        reason=reason,
        years=picker_years(fiscal_year),
        forums=forums,
        form=form,
        reason_labels=REASON_LABELS,
        actions=ACTIONS,
        report_year=health.report_year_expected(health.list_as_of(fiscal_year, local_today())),
    )


@bp.post("/losing-touch")
@role_required(*STAFF)
def act_on_losing_touch():
    """One bulk action on the organizations ticked; nothing changes when the request is not right."""
    form = _form(None, open_forums())
    fiscal_year = form.fiscal_year.data if form.validate_on_submit() else None
    back = redirect(url_for("network.losing_touch", fiscal_year=fiscal_year))
    if fiscal_year is None:
        flash(_("The request was not understood; nothing was changed. Please try again."), "error")
        return back
    ids = form.organization_ids.data
    if form.everyone.data:
        ids = [item.organization.id for item in _listed(fiscal_year, form.reason.data)]
    organizations, _missing = invitations.find_organizations(ids)
    if not organizations:
        flash(_("Tick at least one organization first."), "error")
        return back
    return ACTIONS[form.action.data](form, fiscal_year, organizations) or back


def _invite(form, fiscal_year, organizations):
    forum = db.session.get(Forum, form.forum_id.data) if form.forum_id.data else None
    if forum is None or forum.status != ForumStatus.OPEN:
        flash(_("Choose an open forum to invite them to."), "error")
        return None
    invited = set(
        db.session.scalars(
            select(Invitation.organization_id).where(
                Invitation.forum_id == forum.id, Invitation.organization_id.in_([o.id for o in organizations])
            )
        )
    )
    new = [o for o in organizations if o.id not in invited]
    try:
        created = invitations.invite_organizations(forum, new, form.seats.data, current_user) if new else []
    except ForumError as error:
        flash(str(error), "error")
        return None
    db.session.commit()
    flash(
        ngettext(
            "%(num)d organization is invited to %(forum)s: send the invitation from here.",
            "%(num)d organizations are invited to %(forum)s: send the invitations from here.",
            len(created),
            forum=forum.title,
        ),
        "success",
    )
    if invited:
        flash(_("%(n)d of them were already invited.", n=len(invited)), "info")
    return redirect(url_for("forums.invitations", forum_id=forum.id, status="not_sent"))


def _export(form, fiscal_year, organizations):
    chosen = {o.id for o in organizations}
    today = local_today()
    items = [item for item in health.losing_touch(fiscal_year, today) if item.organization.id in chosen]
    content = workbooks.losing_touch_xlsx(health.with_contacts(items), health.list_as_of(fiscal_year, today))
    return xlsx_response(content, f"{EXPORT_NAME}-{fiscal_year}.xlsx")


@dataclass(frozen=True)
class Asked:
    """One organization asked, for the page that follows: its link, and the text to paste into LINE."""

    organization: object
    link: str
    email: str
    message: str


def _asked(what, fiscal_year, organization_ids, **values):
    """To the page of the links of the organizations just asked (a page of its own, so that
    reloading it asks nobody again)."""
    ids = ",".join(str(i) for i in organization_ids)
    return redirect(url_for("network.asked", what=what, fiscal_year=fiscal_year, ids=ids, **values))


def _ask_report(form, fiscal_year, organizations):
    year = health.report_year_expected(health.list_as_of(fiscal_year, local_today()))
    asked = reports.ask_for_reports(organizations, year, form.due_on.data, current_user)
    db.session.commit()
    if len(asked) < len(organizations):
        flash(_("%(n)d of them had already sent the report.", n=len(organizations) - len(asked)), "info")
    return _asked("report", fiscal_year, [report.organization_id for report in asked], year=year)


def _ask_details(form, fiscal_year, organizations):
    reached = reports.ask_for_details_check(organizations, current_user)
    db.session.commit()
    return _asked("details", fiscal_year, [one.organization.id for one in reached])


def _report_links(organizations, year):
    office = current_app.config["OFFICE_NAME"]
    for organization in organizations:
        report = reports.report_of(organization, year)
        if report is None or report.received_on is not None:
            continue
        link = reports.report_link(organization, year)
        # The e-mail's own words, so that LINE and the e-mail say the same.
        _subject, text = reports._ask_message(organization, report, link, office)
        yield Asked(organization, link, reports.contact_email(organization), text)


def _details_links(organizations):
    office = current_app.config["OFFICE_NAME"]
    for organization in organizations:
        if organization.self_update_token:
            link = external_url("self_update.edit", token=organization.self_update_token)
            message = self_update_message(organization.name, office, link)
            yield Asked(organization, link, reports.contact_email(organization), message)


@bp.get("/losing-touch/asked")
@role_required(*STAFF)
def asked():
    """The organizations just asked for their report or a details check: who was e-mailed, and
    each one's link and message to send by LINE."""
    fiscal_year = requested_fiscal_year()
    ids = [int(i) for i in request.args.get("ids", "").split(",") if i.isdigit() and len(i) < 11]
    organizations, _missing = invitations.find_organizations(ids)
    what = request.args.get("what")
    letters_url = None
    if what == "report" and (year := request.args.get("year", type=fiscal_year_param)):
        title, reached = (
            _("Asked for the report of fiscal year %(year)d", year=year),
            list(_report_links(organizations, year)),
        )
        ids = ",".join(str(one.organization.id) for one in reached)
        letters_url = url_for("network.asked_letters", year=year, ids=ids) if reached else None
    elif what == "details":
        title, reached = _("Asked for a details check"), list(_details_links(organizations))
    else:
        return redirect(url_for("network.losing_touch", fiscal_year=fiscal_year))
    return render_template(
        "network/asked.html", title=title, fiscal_year=fiscal_year, reached=reached, letters_url=letters_url
    )


def _follow_up(form, fiscal_year, organizations):
    try:
        for organization in organizations:
            follow_ups.record_follow_up(
                organization, form.follow_up_kind.data, form.follow_up_on.data, form.note.data, current_user
            )
    except follow_ups.FollowUpError as error:
        db.session.rollback()
        flash(str(error), "error")
        return None
    db.session.commit()
    message = ngettext(
        "The follow-up is recorded for %(num)d organization.",
        "The follow-up is recorded for %(num)d organizations.",
        len(organizations),
    )
    flash(message, "success")
    return None


ACTIONS = {
    "invite": _invite,
    "ask_report": _ask_report,
    "ask_details": _ask_details,
    "follow_up": _follow_up,
    "export": _export,
}
