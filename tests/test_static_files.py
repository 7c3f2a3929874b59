"""Pages for phones on mobile data: compressed answers, fingerprinted static files kept a year,
and the public pages' own small fonts (app/static_files.py, tools/web_fonts.py)."""

import gzip
import os
import re
from pathlib import Path

import brotli
import tinycss2
from flask import current_app, url_for

from app.extensions import db
from app.forums import invitations
from app.notes import feedback
from app.static_files import ONE_YEAR, file_fingerprint
from tests.registration.conftest import register  # noqa: F401  (a fixture)
from tools import public_css, web_fonts

STATIC = Path(__file__).resolve().parents[1] / "static"
BOOTSTRAP = STATIC / "vendor/bootstrap/bootstrap.min.css"


def static_url(filename):
    with current_app.test_request_context():
        return url_for("static", filename=filename)


def test_a_page_is_compressed_for_a_client_that_accepts_gzip(client, forum):
    plain = client.get(f"/f/{forum.public_code}")
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers

    compressed = client.get(f"/f/{forum.public_code}", headers={"Accept-Encoding": "gzip"})
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed.headers["Vary"]
    assert gzip.decompress(compressed.data) == plain.data
    assert len(compressed.data) < len(plain.data) / 2


def test_a_stylesheet_is_compressed_with_brotli_and_still_answers_304(client):
    address = static_url("vendor/bootstrap/bootstrap.min.css")
    with client.get(address, headers={"Accept-Encoding": "br"}) as response:
        assert response.headers["Content-Encoding"] == "br"
        assert brotli.decompress(response.data) == BOOTSTRAP.read_bytes()

    conditional = {"Accept-Encoding": "br", "If-None-Match": response.headers["ETag"]}
    with client.get(address, headers=conditional) as again:
        assert again.status_code == 304 and again.data == b""


def test_a_static_address_carries_the_files_fingerprint_and_is_kept_a_year(client):
    address = static_url("css/app.css")
    assert address == f"/static/css/app.css?v={file_fingerprint(str(STATIC / 'css/app.css'))}"

    with client.get(address) as response:
        assert response.status_code == 200
    cache = response.cache_control
    assert cache.public and cache.immutable and cache.max_age == ONE_YEAR and not cache.no_cache
    assert "Content-Security-Policy" in response.headers


def test_a_static_file_without_its_fingerprint_is_revalidated(client):
    with client.get("/static/css/app.css") as response:
        assert response.cache_control.no_cache and not response.cache_control.immutable
    with client.get("/static/css/app.css?v=000000000000") as old:
        assert old.cache_control.no_cache

    # Werkzeug's conditional answers keep working for the browser that revalidates.
    with client.get("/static/css/app.css", headers={"If-None-Match": response.headers["ETag"]}) as again:
        assert again.status_code == 304
    since = {"If-Modified-Since": response.headers["Last-Modified"]}
    with client.get("/static/css/app.css", headers=since) as modified:
        assert modified.status_code == 304


def test_a_changed_file_changes_its_address(app, client, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    page = tmp_path / "page.css"
    page.write_text("body { color: red; }")
    before = static_url("page.css")
    with client.get(before) as response:
        assert response.cache_control.immutable

    page.write_text("body { color: navy; }")
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1_000_000_000))
    after = static_url("page.css")
    assert after != before and after.startswith("/static/page.css?v=")
    with client.get(after) as response:
        assert response.cache_control.immutable
    # The old address now names content the server no longer has: no year-long promise for it.
    with client.get(before) as stale:
        assert stale.data == b"body { color: navy; }" and not stale.cache_control.immutable


def test_a_static_file_is_answered_without_the_visitors_cookie(client, forum):
    client.get("/lang/en")  # a permanent session, refreshed by every page
    assert client.get_cookie("session") is not None
    assert "Set-Cookie" in client.get(f"/f/{forum.public_code}").headers
    with client.get(static_url("css/app.css")) as response:
        assert "Cookie" not in response.headers.get("Vary", "")
    assert "Set-Cookie" not in response.headers


def test_the_public_pages_load_their_small_icon_set_and_no_bootstrap_script(client, forum):
    for path in (f"/f/{forum.public_code}", f"/f/{forum.public_code}/register"):
        page = client.get(path).get_data(as_text=True)
        assert static_url("vendor/bootstrap-icons/bootstrap-icons-public.css") in page, path
        assert static_url("vendor/bootstrap/bootstrap-public.min.css") in page, path
        assert "bootstrap-icons.min.css" not in page and "bootstrap.bundle" not in page, path
        assert "bootstrap.min.css" not in page, path
        assert static_url("css/fonts.css") in page, path


def test_the_public_icon_set_has_every_icon_the_public_pages_name():
    css = (STATIC / "vendor/bootstrap-icons/bootstrap-icons-public.css").read_text(encoding="utf-8")
    has = set(re.findall(r"\.bi-([a-z0-9-]+)::before", css))
    needed = set(web_fonts.public_icon_names())
    assert {"people-fill", "geo-alt", "calendar-event"} <= needed  # the search found the templates
    assert needed <= has, f"run make web-fonts: {sorted(needed - has)} missing"


def test_the_font_stylesheets_name_each_font_by_its_current_fingerprint():
    for stylesheet in ("css/fonts.css", "vendor/bootstrap-icons/bootstrap-icons-public.css"):
        path = STATIC / stylesheet
        references = re.findall(r'url\("([^"?]+)\?v=([0-9a-f]+)"\)', path.read_text(encoding="utf-8"))
        assert references, stylesheet
        for font, fingerprint in references:
            assert fingerprint == file_fingerprint(str(path.parent / font)), f"run make web-fonts: {font}"


def test_the_public_bootstrap_is_what_the_tool_makes_of_the_current_pages():
    committed = (STATIC / "vendor/bootstrap/bootstrap-public.min.css").read_text(encoding="utf-8")
    assert committed == public_css.build(), "run make web-fonts: a public page's classes changed"


def _selectors(css):
    """Every selector of the stylesheet, also those inside @media."""
    found = set()

    def walk(rules):
        for rule in rules:
            if rule.type == "qualified-rule":
                found.update(public_css.split_selectors(tinycss2.serialize(rule.prelude)))
            elif rule.type == "at-rule" and rule.at_keyword in ("media", "supports"):
                walk(tinycss2.parse_rule_list(rule.content))

    walk(tinycss2.parse_stylesheet(css, skip_comments=True))
    return found


def test_every_bootstrap_rule_for_the_classes_a_public_page_carries_is_kept(
    client,
    forum,
    register,  # noqa: F811
    create_organization,
):
    registration = register(forum, email="someone@example.net")
    (invitation,) = invitations.invite_organizations(forum, [create_organization()], seats=2)
    survey = feedback.ensure_survey(forum)
    db.session.commit()
    pages = [
        client.get(f"/f/{forum.public_code}"),
        client.get(f"/f/{forum.public_code}/register"),
        client.post(f"/f/{forum.public_code}/register", data={}),  # every field's error shown
        client.get(f"/t/{registration.ticket_code}"),
        client.get(f"/m/{registration.manage_token}"),
        client.get(f"/i/{invitation.token}"),
        client.get(f"/feedback/{survey.token}"),
        client.get(f"/feedback/{survey.token}/{registration.ticket_code}"),
        client.get("/certificates/NO-SUCH-CODE"),
    ]
    carried = set()
    for page in pages:
        assert page.status_code in (200, 404, 422), page.request.path
        assert "public-header" in page.get_data(as_text=True), page.request.path
        for value in re.findall(r'class="([^"]*)"', page.get_data(as_text=True)):
            carried.update(value.split())
    assert {"is-invalid", "invalid-feedback", "alert-danger"} <= carried  # the errors were shown

    def applies(selector):
        classes = set(public_css.CLASS.findall(public_css.without_functional_pseudos(selector)))
        return classes and classes <= carried

    needed = {s for s in _selectors(BOOTSTRAP.read_text(encoding="utf-8")) if applies(s)}
    kept = _selectors((STATIC / "vendor/bootstrap/bootstrap-public.min.css").read_text(encoding="utf-8"))
    assert len(needed) > 100
    assert not needed - kept, f"run make web-fonts: {sorted(needed - kept)[:10]}"
