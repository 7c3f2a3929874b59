"""The lists' query parameters: declared once on the route, read and documented from that."""

import pytest

from app.api import openapi_routes
from app.params import MAX_ID


def _document(client):
    return client.get("/api/v1/openapi.json").get_json()


def test_every_route_is_an_operation_with_the_query_it_reads(app, client):
    paths = _document(client)["paths"]
    with app.test_request_context():
        operations = list(openapi_routes.api_operations())
    assert len(operations) >= 35
    for shape, method, view in operations:
        path = next(p for p in paths if openapi_routes._shape(p, openapi_routes._DOCUMENT_PARAMETER) == shape)
        documented = [p["name"] for p in paths[path][method].get("parameters", []) if p["in"] == "query"]
        assert documented == [p.name for p in getattr(view, "query_parameters", ())], (method, path)


def test_the_document_gives_the_bounds_and_values_the_server_holds_to(client):
    paths = _document(client)["paths"]
    params = {p["name"]: p["schema"] for p in paths["/organizations"]["get"]["parameters"]}
    sort = {"type": "string", "enum": ["name", "district", "confirmed", "updated"], "default": "name"}
    assert params["sort"] == sort
    assert params["page"]["maximum"] == 10**6 and params["per_page"]["maximum"] == 200
    forum_id = paths["/forums/{id}"]["parameters"][0]["schema"]
    assert forum_id == {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    assert paths["/forums/{id}/action-items"]["post"]["requestBody"]["required"] is True


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/organizations?sort=", "sort"),
        ("/api/v1/organizations?kind=", "kind"),
        ("/api/v1/organizations?stale=yes", "stale"),
        ("/api/v1/organizations?q=" + "ก" * 201, "q"),
        ("/api/v1/forums?fiscal_year=0", "fiscal_year"),
        ("/api/v1/forums?fiscal_year=2562&fiscal_year=2563", "fiscal_year"),
        ("/api/v1/network-health?fiscal_year=2569&fiscal_year=2569", "fiscal_year"),
        ("/api/v1/forums?page=1000001", "page"),
        ("/api/v1/action-items?owner=org:%C2%B2", "owner"),
        ("/api/v1/action-items?owner=org:1234567890", "owner"),
        ("/api/v1/action-items?owner=org:01", "owner"),
        ("/api/v1/action-items?status=", "status"),
    ],
)
def test_a_value_the_document_does_not_allow_is_a_400_naming_it(api, url, field):
    response = api("GET", url)
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"] == {field: response.get_json()["error"]["fields"][field]}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organizations?sort=district&stale=true&kind=public_benefit",
        "/api/v1/action-items?owner=org:123456789&overdue=1",
        "/api/v1/action-items?owner=none&status=open&fiscal_year=2562",
        "/api/v1/forums?page=1000000&per_page=200&when=past",
    ],
)
def test_what_the_document_allows_is_answered(api, url):
    assert api("GET", url).status_code == 200


def test_reading_a_parameter_the_route_did_not_declare_fails_loudly(app):
    from app.api.forums import WHEN

    with app.test_request_context("/api/v1/organizations?when=all"):
        app.preprocess_request()
        with pytest.raises(LookupError, match="without declaring"):
            WHEN.read()
