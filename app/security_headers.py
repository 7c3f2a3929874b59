"""Security headers on every response: a Content-Security-Policy, no framing, HSTS in production,
and no referrer and no caching on the pages whose address carries a secret token.

The policy allows scripts and styles from our own origin only; the pages keep no inline script
(a JSON data block is not run) and no inline event handler (static/js/page-actions.js takes
``data-confirm`` and ``data-autosubmit`` instead). Inline ``style`` attributes stay allowed
(`style-src-attr`): templates set bar widths with them, and a style attribute cannot run code.
The scanner decodes QR codes with WebAssembly, hence 'wasm-unsafe-eval'.
"""

from flask import current_app, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self' blob: mediastream:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
#: The public pages whose address is a secret: a ticket, a registration's manage link, an
#: invitation, an organization's self-update link.
TOKEN_PAGES = ("/t/", "/m/", "/i/", "/u/")


def add_security_headers(response):
    """Every response's security headers (an after_request hook)."""
    config = current_app.config
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    if request.path.startswith(TOKEN_PAGES):
        # The address is a key: no caching, no search engines, no Referer carrying it elsewhere.
        headers["Referrer-Policy"] = "no-referrer"
        headers["Cache-Control"] = "no-store"
        headers["X-Robots-Tag"] = "noindex, nofollow"
    else:
        headers.setdefault("Referrer-Policy", "same-origin")
    if config.get("HSTS_SECONDS"):
        hsts = f"max-age={config['HSTS_SECONDS']}; includeSubDomains"
        headers.setdefault("Strict-Transport-Security", hsts)
    return response
