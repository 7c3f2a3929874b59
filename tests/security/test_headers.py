"""Security headers on every page; no inline script or event handler for the policy to refuse."""

import re
from pathlib import Path

import pytest

from app import create_app
from app.auth.models import Role
from app.extensions import db
from tests.registration.conftest import register  # noqa: F401  (a fixture)

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _policy(response):
    return dict(
        [*part.strip().split(" ", 1), ""][:2]
        for part in response.headers["Content-Security-Policy"].split(";")
    )


def test_every_page_carries_the_policy(client, login_as, forum, register):  # noqa: F811
    registration = register(forum, email="someone@example.net")
    login_as(Role.ADMIN)
    for path in ("/login", "/", "/directory/", f"/forums/{forum.id}", f"/forums/{forum.id}/checkin",
                 f"/f/{forum.public_code}", "/api/v1/forums", "/no-such-page"):  # fmt: skip
        response = client.get(path)
        policy = _policy(response)
        assert policy["script-src"] == "'self' 'wasm-unsafe-eval'", path
        assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'", path
        assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"], path
        assert response.headers["X-Frame-Options"] == "DENY", path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert "Strict-Transport-Security" not in response.headers  # not over plain HTTP in development
    assert client.get(f"/f/{forum.public_code}").headers["Referrer-Policy"] == "same-origin"
    for path in (
        f"/t/{registration.ticket_code}",
        f"/m/{registration.manage_token}",
        "/i/not-a-token",
        "/u/nope",
    ):
        response = client.get(path)
        assert response.headers["Referrer-Policy"] == "no-referrer", path
        assert response.headers["Cache-Control"] == "no-store", path
        assert "Content-Security-Policy" in response.headers, path


def test_production_sends_hsts(app):
    production = create_app(
        "production",
        {"SECRET_KEY": "x" * 32, "PUBLIC_BASE_URL": "https://forum.example.go.th",
         "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]},
    )  # fmt: skip
    response = production.test_client().get("/login", base_url="https://forum.example.go.th")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    with production.app_context():
        db.session.remove()


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
INLINE_STYLE_ELEMENT = re.compile(r"<style\b", re.I)


@pytest.mark.parametrize(
    "template",
    sorted(
        p
        for p in TEMPLATES.rglob("*.html")
        if "pdf" not in p.parts and "email" not in p.parts and not p.name.endswith("_pdf.html")
    ),
    ids=lambda path: str(path.relative_to(TEMPLATES)),
)
def test_pages_hold_no_inline_script_handler_or_style_element(template):
    """The policy would refuse them (PDFs and e-mails are not pages: WeasyPrint and mail readers)."""
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text)
    assert not INLINE_HANDLER.search(text)
    assert not INLINE_STYLE_ELEMENT.search(text)


def test_every_pdf_render_reads_only_local_files():
    """Each WeasyPrint document of the app is made in reports.pdf or by its workers
    (reports.parallel_parts), and each with the LocalFilesOnly fetcher."""
    app_dir = TEMPLATES.parent / "app"
    made = {
        str(path.relative_to(app_dir)): path.read_text()
        for path in app_dir.rglob("*.py")
        if re.search(r"\bHTML\(", path.read_text())
    }
    assert set(made) == {"reports/pdf.py", "reports/parallel_parts.py"}
    for source in made.values():
        assert source.count("HTML(") == 1 and "url_fetcher=LocalFilesOnly" in source
