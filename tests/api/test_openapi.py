"""The OpenAPI document: served, valid, and the hook that holds every API test's responses to it."""

import pytest
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.validation.response.exceptions import InvalidData
from openapi_spec_validator import validate
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request, Response

from tests.openapi_check import validate_api_response


def test_the_document_is_valid_openapi_3_1(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert document["components"]["schemas"]["OrganizationCreate"]["required"] == ["name", "kind"]


def _response(path, body, status=200, method="GET"):
    response = Response(body, status=status, mimetype="application/json")
    response.request = Request(EnvironBuilder(path=path, method=method).get_environ())
    return response


def test_a_response_that_breaks_the_document_fails_the_test(app):
    with pytest.raises(InvalidData):
        validate_api_response(app, _response("/api/v1/organizations/1", '{"id": "one"}'))


def test_an_undocumented_status_fails_the_test(app):
    with pytest.raises(ResponseNotFound):
        validate_api_response(app, _response("/api/v1/organizations/1", "{}", status=418))
