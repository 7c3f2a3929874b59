"""Absolute links for what leaves the app: e-mails, LINE messages, QR codes, Open Graph tags."""

from flask import current_app, has_request_context, url_for


def external_url(endpoint, **values):
    """The absolute URL of an endpoint.

    Behind a proxy, or outside a request (a background job), PUBLIC_BASE_URL is the
    address people reach the app at; in a request without it, the request's own host.
    """
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not base:
        if not has_request_context():
            raise RuntimeError("set PUBLIC_BASE_URL to build links outside a request")
        return url_for(endpoint, _external=True, **values)
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return base.rstrip("/") + path
