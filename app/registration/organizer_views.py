"""The organizer's pages of a forum's registration form: extra questions, and linking typed organizations."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.auth.access import STAFF, role_required
from app.directory.models import Organization
from app.extensions import db
from app.forums.views import get_forum_or_404
from app.registration import organizations, questions
from app.registration.forms import LinkOrganizationForm, QuestionForm
from app.registration.models import Question
from app.registration.views import bp


def get_question_or_404(forum, question_id):
    question = db.session.get(Question, question_id)
    if question is None or question.forum_id != forum.id:
        abort(404)
    return question


@bp.route("/<int:forum_id>/questions", methods=["GET", "POST"])
@role_required(*STAFF)
def questions_page(forum_id):
    forum = get_forum_or_404(forum_id)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            questions.add_question(forum, form.question_data())
        except questions.QuestionDataError as error:
            form.show_errors(error.errors)
        else:
            db.session.commit()
            flash(_("The question is added to the registration form."), "success")
            return redirect(url_for("registration.questions_page", forum_id=forum.id))
    return render_template(
        "registration/questions.html", forum=forum, form=form, questions=questions.questions_of(forum)
    )


@bp.route("/<int:forum_id>/questions/<int:question_id>", methods=["GET", "POST"])
@role_required(*STAFF)
def edit_question(forum_id, question_id):
    forum = get_forum_or_404(forum_id)
    question = get_question_or_404(forum, question_id)
    form = QuestionForm(obj=question)
    if request.method == "GET":
        form.kind.data = question.kind.value
        form.options.data = "\n".join(question.options or [])
    elif form.validate_on_submit():
        try:
            questions.update_question(question, form.question_data())
        except questions.QuestionDataError as error:
            form.show_errors(error.errors)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("registration.questions_page", forum_id=forum.id))
    return render_template("registration/question_form.html", forum=forum, form=form, question=question)


@bp.post("/<int:forum_id>/questions/<int:question_id>/delete")
@role_required(*STAFF)
def delete_question(forum_id, question_id):
    forum = get_forum_or_404(forum_id)
    questions.delete_question(get_question_or_404(forum, question_id))
    db.session.commit()
    flash(_("The question is removed from the form. Answers already given are kept."), "info")
    return redirect(url_for("registration.questions_page", forum_id=forum.id))


@bp.post("/<int:forum_id>/questions/<int:question_id>/move")
@role_required(*STAFF)
def move_question(forum_id, question_id):
    forum = get_forum_or_404(forum_id)
    offset = -1 if request.form.get("direction") == "up" else 1
    questions.move_question(get_question_or_404(forum, question_id), offset)
    db.session.commit()
    return redirect(url_for("registration.questions_page", forum_id=forum.id))


@bp.route("/<int:forum_id>/registrations/organizations", methods=["GET", "POST"])
@role_required(*STAFF)
def unlisted(forum_id):
    """Organizations people typed that are not in the directory: link each to one, or add it."""
    forum = get_forum_or_404(forum_id)
    form = LinkOrganizationForm()
    if form.validate_on_submit():
        name = form.organization_name.data
        if form.action.data == "create":
            organization = organizations.create_from_typed_name(forum, name, current_user)
        else:
            organization = db.session.get(Organization, form.organization_id.data or 0)
            if organization is None:
                flash(_("Choose an organization from the directory."), "error")
                return redirect(url_for("registration.unlisted", forum_id=forum.id))
        linked = organizations.link_organization(forum, name, organization)
        db.session.commit()
        flash(
            ngettext(
                "%(num)d registration is now linked to %(org)s.",
                "%(num)d registrations are now linked to %(org)s.",
                linked,
                org=organization.name,
            ),
            "success",
        )
        return redirect(url_for("registration.unlisted", forum_id=forum.id))
    return render_template(
        "registration/unlisted.html",
        forum=forum,
        names=[
            (name, count, organizations.suggestions(name))
            for name, count in organizations.unlisted_names(forum)
        ],
        choices=organizations.directory_choices(),
        form=form,
    )


@bp.get("/<int:forum_id>/registrations/organization-search")
@role_required(*STAFF)
def organization_search(forum_id):
    """The staff form's type-ahead: every organization of the directory, whatever its status."""
    get_forum_or_404(forum_id)
    return {"items": organizations.search_organization_names(request.args.get("q", ""), active_only=False)}
