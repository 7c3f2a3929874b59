"""Text from outside made storable before any view sees it.

A NUL character (PostgreSQL refuses it in any text) and a lone surrogate (JSON can carry one,
UTF-8 cannot) are dropped from query strings, form fields and JSON bodies. Nobody types either:
scripts, fuzzers and broken scanners send them, and without this they reach the database and fail
there, as a 500, in whichever of the many text fields they were put.
"""

import re

from flask import Request
from flask.json.provider import DefaultJSONProvider
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text):
    return _UNSTORABLE.sub("", text)


def _cleaned(value):
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {_cleaned(key): _cleaned(item) for key, item in value.items()}
    return value


class StorableParameters(ImmutableMultiDict):
    """The query string's and a form's fields, without unstorable characters (files untouched)."""

    def __init__(self, mapping=None):
        if isinstance(mapping, MultiDict):
            mapping = mapping.items(multi=True)
        elif isinstance(mapping, dict):
            mapping = mapping.items()
        super().__init__([(_cleaned(key), _cleaned(value)) for key, value in mapping or ()])


class StorableRequest(Request):
    parameter_storage_class = StorableParameters


class StorableJSONProvider(DefaultJSONProvider):
    """JSON bodies (request.get_json) without unstorable characters in any string, keys included."""

    def loads(self, s, **kwargs):
        return _cleaned(super().loads(s, **kwargs))


def keep_text_storable(app):
    app.request_class = StorableRequest
    app.json = StorableJSONProvider(app)
