"""The printed invitations of a forum: each organization's letter, all letters at once, the QR poster."""

from flask import abort, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from app.auth.access import STAFF, role_required
from app.extensions import db
from app.forums import invitations as service
from app.forums import letters
from app.forums.models import Invitation
from app.forums.views import bp, get_forum_or_404
from app.reports.pdf import pdf_response


@bp.get("/<int:forum_id>/invitations/<int:invitation_id>/letter.pdf")
@role_required(*STAFF)
def letter(forum_id, invitation_id):
    forum = get_forum_or_404(forum_id)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.forum_id != forum.id:
        abort(404)
    pdf = letters.letters_pdf(forum, [invitation])
    with force_locale("th"):
        filename = f"{_('Invitation letter')}-{invitation.organization.name[:60]}.pdf"
    return pdf_response(pdf, filename)


@bp.get("/<int:forum_id>/letters.pdf")
@role_required(*STAFF)
def all_letters(forum_id):
    """All the forum's letters, or the ticked ones (?invitation_ids=…), in the list's order."""
    forum = get_forum_or_404(forum_id)
    chosen = set(request.args.getlist("invitation_ids", type=int))
    if not chosen and forum.invitations:
        # Every letter is a forum document: made in the background and kept when there are many.
        return redirect(url_for("documents.download", forum_id=forum.id, name="invitation-letters"))
    invitations = [i for i in service.invitations_of(forum) if not chosen or i.id in chosen]
    if not invitations:
        abort(404)
    with force_locale("th"):
        filename = f"{_('Invitation letters')}-{forum.public_code}.pdf"
    return pdf_response(letters.letters_pdf(forum, invitations), filename)


@bp.get("/<int:forum_id>/poster.pdf")
@role_required(*STAFF)
def poster(forum_id):
    forum = get_forum_or_404(forum_id)
    with force_locale("th"):
        filename = f"{_('QR poster')}-{forum.public_code}.pdf"
    return pdf_response(letters.poster_pdf(forum), filename)
