"""Every response of /api/v1 in the tests is validated against the served OpenAPI document.

The hook is the test client (tests/conftest.py), so no API test can skip it. openapi-core
checks the status code is documented for the operation, the content type, the headers it
declares and the JSON body against the schema.
"""

from functools import cache

from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.exceptions import HTTPException

API_PREFIX = "/api/v1/"


@cache
def _openapi(app):
    with app.test_request_context():
        document = app.view_functions["api.openapi_document"]()
    return OpenAPI.from_dict(document)


class _Request(WerkzeugOpenAPIRequest):
    @property
    def body(self):
        # Only the response is checked (tests send bad requests on purpose); the body was read.
        return b""


def validate_api_response(app, response):
    """Raise openapi-core's error when the response breaks the document."""
    request = response.request
    if not request.path.startswith(API_PREFIX) or request.path == API_PREFIX + "openapi.json":
        return
    try:
        app.url_map.bind("localhost").match(request.path, request.method)
    except HTTPException:
        # No route answers this path and method (a 404 or 405 of routing): no operation to hold it to.
        return
    _openapi(app).validate_response(_Request(request), WerkzeugOpenAPIResponse(response))
