"""The addresses of a forum's feedback survey, for the QR on the last slide, the ticket page and messages."""

from app.urls import external_url


def feedback_url(survey):
    """The survey's link for everybody at the forum: /feedback/<survey token>.

    Whoever opens it says who they are with the phone number they registered with.
    """
    return external_url("feedback_public.answer", token=survey.token)


def personal_feedback_url(survey, registration):
    """A participant's own link, for the ticket page and the message after the forum.

    /feedback/<survey token>/<ticket code>: the ticket code names the registration,
    so the person answers without typing anything.
    """
    return external_url("feedback_public.personal", token=survey.token, code=registration.ticket_code)
