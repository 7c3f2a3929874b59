"""Cancelling or replacing an invited organization's delegate when one holds only the invitation's link.

That link is pasted into LINE groups, so holding it is not enough: asking sends the organization's own
address and its contacts' a link, and the change is made only when that link is followed. The link
carries a signed, expiring token (itsdangerous with the app's secret) naming the registration and the
change, nothing personal. It works once: a cancelled or replaced registration cannot change again.
"""

from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.extensions import db
from app.forums.display import when_text
from app.forums.invitations import organization_emails
from app.mail.service import prepare_message, send_messages
from app.registration import service
from app.registration.models import Registration
from app.urls import external_url

ACTIONS = ("cancel", "replace")
#: Long enough for a contact who reads mail every other day, short enough that an old mail is harmless.
VALID_FOR = timedelta(days=3)
_SALT = "registration.delegate-change"


class LinkInvalid(service.RegistrationError):
    """The link is forged, expired, for another change, or already used: nothing is changed."""


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def request_change(registration, action):
    """E-mail the delegate's organization a link that makes the change; returns how many addresses.

    :raise RegistrationError: the change is not possible, or the organization has no e-mail address.
    """
    if action not in ACTIONS or registration.invitation is None:
        raise service.RegistrationError(_("Only a delegate registered through an invitation can be changed."))
    if not registration.can_be_replaced:  # cancelled, checked in, or the forum is over
        raise service.RegistrationError(_("This registration can no longer be changed."))
    organization = registration.invitation.organization
    addresses = organization_emails(organization)
    if not addresses:
        raise service.RegistrationError(
            _("The office has no e-mail address of your organization. Please call the office.")
        )
    url = external_url(
        "registration_public.confirm_change", token=_serializer().dumps([registration.id, action])
    )
    with force_locale("th"):
        subject = _("Please confirm: cancel %(name)s", name=registration.full_name)
        if action == "replace":
            subject = _("Please confirm: replace %(name)s", name=registration.full_name)
        text = render_template(
            "registration/email/change_request.txt",
            registration=registration,
            forum=registration.forum,
            organization=organization,
            when=when_text(registration.forum),
            action=action,
            url=url,
            days=VALID_FOR.days,
        )
    messages = [
        prepare_message(
            address,
            f"{subject} · {registration.forum.title}"[:200],
            text,
            recipient_name=organization.name,
            reference=f"registration:{registration.id}:ask-{action}",
        )
        for address in addresses
    ]
    send_messages(messages, title=subject)
    return len(addresses)


def read_link(token):
    """The registration and the change a link asks for, if the link is genuine, fresh and unused.

    :raise LinkInvalid: otherwise.
    """
    try:
        registration_id, action = _serializer().loads(token, max_age=VALID_FOR.total_seconds())
    except SignatureExpired as error:
        raise LinkInvalid(_("This link has expired. Ask again from the invitation page.")) from error
    except (BadSignature, ValueError, TypeError) as error:
        raise LinkInvalid(_("This link is not valid.")) from error
    registration = db.session.get(Registration, registration_id) if isinstance(registration_id, int) else None
    if registration is None or action not in ACTIONS or not registration.is_active:
        raise LinkInvalid(_("This link was already used, or the registration has changed since."))
    return registration, action


def confirm_cancel(token):
    """Cancel the delegate the link names. Returns the registration."""
    registration, action = read_link(token)
    if action != "cancel":
        raise LinkInvalid(_("This link is not valid."))
    service.cancel(registration)
    return registration


def confirm_replace(token, data):
    """Give the delegate's place to the person in `data`. Returns the new registration."""
    registration, action = read_link(token)
    if action != "replace":
        raise LinkInvalid(_("This link is not valid."))
    return service.replace_delegate(registration, data)
