"""What the OpenAPI document takes from the routes themselves, so it cannot drift from them.

Each API route is an operation of the document (an undocumented route, or a documented
operation no route serves, stops the document being built); its path parameters come from
the route's converters, its query parameters from its `@takes` declaration
(app/api/query.py), and a JSON body the view reads is required.
"""

import re

from flask import current_app

from app.params import MAX_ID

API_PREFIX = "/api/v1"
_ROUTE_PARAMETER = re.compile(r"<(?:(\w+):)?\w+>")
_DOCUMENT_PARAMETER = re.compile(r"\{\w+\}")
_METHODS = ("get", "post", "put", "patch", "delete")
#: A path parameter of the document: a row's id, within what a row's id can be.
RECORD_ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def _shape(path, pattern):
    return pattern.sub("{}", path)


def api_operations():
    """(document path shape, method, view function) of every route of the API blueprint."""
    for rule in current_app.url_map.iter_rules():
        if not rule.endpoint.startswith("api.") or rule.endpoint == "api.openapi_document":
            continue
        shape = _shape(rule.rule.removeprefix(API_PREFIX), _ROUTE_PARAMETER)
        view = current_app.view_functions[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield shape, method.lower(), view


def complete(paths):
    """Fill in `paths` (the document's) from the routes; raise LookupError where they disagree."""
    by_shape = {_shape(path, _DOCUMENT_PARAMETER): path for path in paths}
    served = set()
    for shape, method, view in api_operations():
        path = by_shape.get(shape)
        operation = paths.get(path, {}).get(method)
        if operation is None:
            raise LookupError(f"{method.upper()} {API_PREFIX}{shape} is served but not documented")
        served.add((path, method))
        declared = getattr(view, "query_parameters", ())
        operation["parameters"] = [
            *(p for p in operation.get("parameters", ()) if p["in"] != "query"),
            *(p.parameter() for p in declared),
        ]
        if not operation["parameters"]:
            del operation["parameters"]
        if "requestBody" in operation:
            operation["requestBody"]["required"] = True
    for path, item in paths.items():
        for parameter in item.get("parameters", ()):
            if parameter["in"] == "path":
                parameter["schema"] = RECORD_ID
        for method in _METHODS:
            if method in item and (path, method) not in served:
                raise LookupError(f"{method.upper()} {API_PREFIX}{path} is documented but no route serves it")
    return paths
