"""Static files for phones on mobile data: compressed, fingerprinted, kept a year by the browser.

``url_for('static', filename=...)`` adds ``?v=`` and the first 12 hex digits of the file's
SHA-256. A request carrying the file's current fingerprint is answered with
``Cache-Control: public, max-age=31536000, immutable``: the browser does not ask again, and a
changed file gets a new address, since its fingerprint changes. Every other request for a
static file (no ``v``, an old one, a file a stylesheet names without it) keeps Flask's
``no-cache`` with an ETag, so the browser revalidates it and Werkzeug answers 304.

The fingerprint is computed on first use and kept per path with the file's modification time
and size: a file edited while the development server runs gets a new one at once, and a page
costs one ``stat`` per static address after the first.

Flask-Compress compresses HTML, CSS, JavaScript, JSON and SVG answers (COMPRESS_MIMETYPES):
with zstd, Brotli or gzip, the first of these the browser accepts; a static file, streamed from
disk, with zstd, Brotli or deflate. WOFF2 fonts are compressed already.
"""

import hashlib
import os
import threading
from stat import S_ISREG

from flask import current_app, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.security import safe_join

ONE_YEAR = 365 * 24 * 3600
FINGERPRINT_LENGTH = 12

_fingerprints = {}
_lock = threading.Lock()


def file_fingerprint(path):
    """The file's fingerprint (hex), or None if there is no such file (a folder has none)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if not S_ISREG(stat.st_mode):
        return None
    known = _fingerprints.get(path)
    if known is not None and known[0] == (stat.st_mtime_ns, stat.st_size):
        return known[1]
    with open(path, "rb") as file:
        digest = hashlib.file_digest(file, "sha256").hexdigest()[:FINGERPRINT_LENGTH]
    with _lock:
        _fingerprints[path] = ((stat.st_mtime_ns, stat.st_size), digest)
    return digest


def static_fingerprint(filename):
    path = safe_join(current_app.static_folder, filename) if filename else None
    return file_fingerprint(path) if path else None


def add_fingerprint(endpoint, values):
    """A url_defaults hook: the static file's address carries its fingerprint."""
    if endpoint == "static" and "v" not in values:
        fingerprint = static_fingerprint(values.get("filename"))
        if fingerprint:
            values["v"] = fingerprint


def cache_fingerprinted(response):
    """An after_request hook: a static file asked for by its current fingerprint is kept a year."""
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    fingerprint = request.args.get("v")
    if fingerprint and fingerprint == static_fingerprint((request.view_args or {}).get("filename")):
        cache = response.cache_control
        cache.no_cache = None
        cache.public = True
        cache.max_age = ONE_YEAR
        cache.immutable = True
    return response


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, kept out of static files' answers.

    Flask-Login looks at the session after every request, so Flask would answer every static
    file with ``Vary: Cookie`` (and a refreshed cookie for a permanent session): a browser that
    got a new session cookie since (the registration form's CSRF token) could not reuse its cached
    files, and a cookie has no place on an answer any cache may keep. A static file neither reads
    nor changes the session.
    """

    def save_session(self, app, session, response):
        if request.endpoint == "static":
            return
        super().save_session(app, session, response)


def close_the_file_too(response):
    """An after_request hook, run before Flask-Compress's: closing the answer closes its file.

    Flask-Compress replaces a streamed body (a static file's) with a generator over it, and
    closing that generator leaves the file open until the garbage collector finds it.
    """
    if response.is_streamed and hasattr(response.response, "close"):
        response.call_on_close(response.response.close)
    return response


def init_app(app):
    from app.extensions import compress

    app.session_interface = SessionInterface()
    app.url_defaults(add_fingerprint)
    # Flask runs after_request hooks last registered first: these see the answer before Flask-Compress.
    compress.init_app(app)
    app.after_request(close_the_file_too)
    app.after_request(cache_fingerprinted)
