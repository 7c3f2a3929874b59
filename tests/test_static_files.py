"""Pages for phones on mobile data: compressed answers, fingerprinted static files kept a year,
and the public pages' own small fonts (app/static_files.py, tools/web_fonts.py)."""

import gzip
import os
import re
from pathlib import Path

import brotli
from flask import current_app, url_for

from app.static_files import ONE_YEAR, file_fingerprint
from tools import web_fonts

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
        assert "bootstrap-icons.min.css" not in page and "bootstrap.bundle" not in page, path
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
