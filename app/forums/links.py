"""The public addresses of a forum and of an invitation (printed, shared in LINE, sent by e-mail)."""

from app.urls import external_url


def public_url(forum):
    """The forum's public page: /f/<public code>."""
    return external_url("forums_public.forum", code=forum.public_code)


def registration_url(forum, invitation=None):
    """Where people register: /f/<public code>/register, with ?invitation=<token> through an invitation."""
    if invitation is not None:
        return external_url(
            "registration_public.register", code=forum.public_code, invitation=invitation.token
        )
    return external_url("registration_public.register", code=forum.public_code)


def invitation_url(invitation):
    """The organization's own invitation page: /i/<token>."""
    return external_url("forums_public.invitation", token=invitation.token)


def card_url(forum):
    """The forum's card image; the version changes with the forum, since LINE and Facebook cache images."""
    return external_url(
        "forums_public.card", code=forum.public_code, v=forum.updated_at.strftime("%Y%m%d%H%M%S")
    )


def calendar_url(forum):
    return external_url("forums_public.calendar", code=forum.public_code)
