"""Every route, fed what people and scripts really send: NUL characters, markup, text far too long,
numbers out of range, lone surrogates and wrong JSON types. Nothing may answer 500, and markup
sent in must never come back as markup.

Runs on SQLite and, in CI's second pass, on PostgreSQL, which refuses a NUL in text outright.
"""

import html
import json
import re

import pytest

from app.auth.models import Role
from app.directory import service as directory_service
from app.extensions import db
from app.forums.models import ForumStatus
from app.notes import feedback
from app.params import RecordIdConverter
from app.registration.models import Registration
from tests.conftest import PASSWORD
from tests.test_access import notes_for_access, routes, url_values  # noqa: F401  (url_values is a fixture)

SCRIPT = "<script>alert('x')</script>"
#: One request per value: each goes into every field of the form at once.
HOSTILE = [
    f"สม\x00ใจ {SCRIPT}",
    "ก" * 5000,
    "-99999999999999999999",
    "99999999999999999999",
    "1e309",
    "๒๕๖๑-๑๓-๔๕",
]
#: What JSON can carry that a form cannot.
HOSTILE_JSON = ["\ud800", None, True, [], {"x": [1]}, 2**70, -1.5e308]
#: Names the API takes (../shared/API.md).
API_FIELDS = {
    "name", "kind", "status", "title", "description", "starts_at", "ends_at", "capacity", "venue_name",
    "registration_opens_at", "registration_closes_at", "seats_per_organization", "organization_ids",
    "first_name", "last_name", "prefix", "phone", "email", "organization_id", "organization_name",
    "position", "dietary", "answers", "consents", "category", "body", "agenda_item_id",
    "owner_organization_id", "owner_user_id", "due_on", "forum_id", "scan", "nonce", "scanned_at",
    "device", "seat_quota", "contacts", "fields_of_work", "district", "subdistrict", "mode",
}  # fmt: skip
#: What lists and searches take in their query strings.
QUERY_FIELDS = {"q", "page", "sort", "kind", "status", "district", "fy", "owner", "per_page", "format"}
#: Run last: they end the session, or remove what the other routes work on.
ENDING = re.compile(r"logout|delete|revoke|cancel|merge|reset_password|clone|status|set_state")
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
ACTION = re.compile(r'\baction="([^"]*)"')
FIELD_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
NOT_TEXT = {"csrf_token", "file", "photos"}


@pytest.fixture
def public_values(url_values, forum, organization):  # noqa: F811
    """Real keys for the public pages, so their forms are reached rather than answered 404."""
    forum.status = ForumStatus.OPEN
    directory_service.renew_self_update_link(organization)
    registration = db.session.get(Registration, url_values["registration_id"])
    invitation = forum.invitations[0]
    survey = feedback.ensure_survey(forum)
    db.session.commit()
    return {
        "forums_public.invitation": {"token": invitation.token},
        "forums_public.decline": {"token": invitation.token},
        "registration_public.replace": {"token": invitation.token},
        "registration_public.cancel_delegate": {"token": invitation.token},
        "registration_public.manage": {"token": registration.manage_token},
        "registration_public.cancel": {"token": registration.manage_token},
        "self_update.": {"token": organization.self_update_token},
        "feedback_public.": {"token": survey.token, "code": registration.ticket_code},
        "forums_public.": {"code": forum.public_code},
        "registration_public.register": {"code": forum.public_code},
        "registration_public.organizations": {"code": forum.public_code},
        "registration_public.": {"code": registration.ticket_code},
        "certificates_public.download": {"code": registration.ticket_code},
    }


def _url(rule, url_values, public_values):  # noqa: F811
    values = {**url_values, "lang": "th", "code": "no-such-code"}
    for key, overrides in public_values.items():
        if rule.endpoint == key or (key.endswith(".") and rule.endpoint.startswith(key)):
            values.update(overrides)
            break
    return rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]


def _staff_routes(app):
    return sorted(routes(app), key=lambda rm: (bool(ENDING.search(rm[0].endpoint)), rm[0].rule, rm[1]))


def _public_routes(app):
    from tests.test_access import PUBLIC

    return [
        (rule, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint in PUBLIC and rule.endpoint != "static"
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


def _forms(client, urls):
    """The field names of every form the pages show, by the address the form is sent to and method."""
    fields = {}
    for url in urls:
        with client.get(url) as page:
            if page.mimetype != "text/html":
                continue
            text = page.get_data(as_text=True)
        for attributes, body in FORM.findall(text):
            action = ACTION.search(attributes)
            target = html.unescape(action.group(1)).split("?")[0] if action and action.group(1) else url
            method = "POST" if re.search(r'method="post"', attributes, re.I) else "GET"
            fields.setdefault((target, method), set()).update(FIELD_NAME.findall(body))
    return fields


def _check(response, what, problems):
    # Closed at once: a file sent from disk (a report's attachment) stays open until then.
    with response:
        if response.status_code >= 500:
            problems.append(f"{what}: {response.status_code}")
        elif response.mimetype == "text/html" and SCRIPT in response.get_data(as_text=True):
            problems.append(f"{what}: the script came back unescaped")


def _as_json(data):
    # Escaped as most clients send it: a lone surrogate can travel as \ud800 but not as UTF-8.
    return json.dumps(data)


def test_no_route_fails_or_echoes_markup_on_hostile_input(app, client, login_as, url_values, public_values):  # noqa: F811
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        problems = _attack(client, login_as(Role.ADMIN), url_values, public_values)
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert problems == [], "\n".join(problems)


def _attack(client, admin, url_values, public_values):  # noqa: F811
    app = client.application
    everything = _public_routes(app) + _staff_routes(app)
    urls = [(rule, method, _url(rule, url_values, public_values)) for rule, method in everything]
    forms = _forms(client, sorted({url for _, method, url in urls if method == "GET" and "/api/" not in url}))
    problems = []
    for rule, method, url in urls:
        if rule.endpoint == "auth.logout":
            continue
        is_api = url.startswith("/api/")
        names = forms.get((url, method), set()) - NOT_TEXT
        if method == "GET":
            names |= QUERY_FIELDS
        elif is_api:
            names |= API_FIELDS
        for value in HOSTILE:
            data = dict.fromkeys(names, value[:300] if method == "GET" else value)
            what = f"{method} {url} {sorted(names)[:3]}…={value[:20]!r}"
            if method == "GET":
                _check(client.get(url, query_string=data), what, problems)
            else:
                body = (
                    {"data": _as_json(data), "content_type": "application/json"} if is_api else {"data": data}
                )
                _check(client.open(url, method=method, **body), what, problems)
        if is_api and method != "GET":
            for value in HOSTILE_JSON:
                data = dict.fromkeys(names, value)
                response = client.open(
                    url, method=method, data=_as_json(data), content_type="application/json"
                )
                _check(response, f"{method} {url} json {value!r}", problems)
        if any(isinstance(rule._converters.get(name), RecordIdConverter) for name in rule.arguments):
            huge = {
                name: 10**20
                for name in rule.arguments
                if isinstance(rule._converters[name], RecordIdConverter)
            }
            _check(
                client.open(_url(rule, {**url_values, **huge}, {}), method=method),
                f"{method} {rule.rule} id 10**20",
                problems,
            )
        if client.get("/account").status_code != 200:
            # A route ended the session (a password change, a role): carry on as the admin.
            client.post("/login", data={"email": admin.email, "password": PASSWORD})
    return problems
