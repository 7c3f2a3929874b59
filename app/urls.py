"""Absolute links for what leaves the app: e-mails, LINE messages, QR codes, Open Graph tags."""

from contextlib import contextmanager

from flask import current_app, g, has_request_context, request, url_for


def external_url(endpoint, **values):
    """The absolute URL of an endpoint.

    Behind a proxy, or outside a request (a background job), PUBLIC_BASE_URL is the
    address people reach the app at; in a request without it, the request's own host; in a
    job without it, the base the job was given (`links_based_on`).
    """
    base = current_app.config.get("PUBLIC_BASE_URL") or g.get("link_base")
    if not base:
        if not has_request_context():
            raise RuntimeError("set PUBLIC_BASE_URL to build links outside a request")
        return url_for(endpoint, _external=True, **values)
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return base.rstrip("/") + path


def link_base():
    """The base URL for the links a background job will write, captured when it is queued.

    PUBLIC_BASE_URL when it is set. When it is not and we are in a request, the request's own
    host URL (e.g. http://10.0.0.5:5000/): the job runs without a request, so it would otherwise
    have no address to build links on, and the organizer who queues it reaches the app at that
    address. Outside a request without PUBLIC_BASE_URL: "" (external_url then refuses).
    """
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not base and has_request_context():
        base = request.host_url
    return (base or "").rstrip("/")


@contextmanager
def links_based_on(base):
    """Build external_url links on `base` inside the block (a job's captured link_base())."""
    previous = g.get("link_base")
    g.link_base = base
    try:
        yield
    finally:
        g.link_base = previous
