"""The query string of the API's lists: each parameter declared once, read and documented from it.

A route names the parameters it takes with `@takes(...)`; the view reads each with `.read()`,
and the OpenAPI document lists the same objects' `parameter()` for that route
(app/api/openapi.py). A value the declaration does not allow is a 400 naming the parameter:
never ignored silently, never another status (../shared/API.md: errors name the field). An
empty value (`?sort=`) and a parameter given twice are not allowed values either.
"""

import re

from flask import current_app, request

from app.api.common import MAX_PER_PAGE, ApiError
from app.params import MAX_PAGE

#: The spellings of yes and no a flag takes (a generated client sends true and false).
FLAGS = {"true": True, "1": True, "false": False, "0": False}


def bad_query(name, message):
    return ApiError(400, "bad_query", f"{name}: {message}", {name: message})


class Parameter:
    """One query parameter: its name, its JSON Schema, how its text is read, its default."""

    schema = {"type": "string"}

    def __init__(self, name, description="", default=None):
        self.name, self.description, self.default = name, description, default

    def parameter(self):
        """The parameter in an OpenAPI operation."""
        entry = {"name": self.name, "in": "query", "required": False, "schema": self.schema}
        if self.description:
            entry["description"] = self.description
        return entry

    def read(self):
        """The value the request gives, or the default; a 400 naming the parameter when not allowed."""
        view = current_app.view_functions.get(request.endpoint)
        if self not in getattr(view, "query_parameters", ()):
            raise LookupError(f"{request.endpoint} reads ?{self.name} without declaring it with @takes")
        given = request.args.getlist(self.name)
        if not given:
            return self.default
        if len(given) > 1:
            raise bad_query(self.name, "Give it once.")
        return self.parse(given[0])

    def parse(self, text):
        return text


class Text(Parameter):
    def __init__(self, name, max_length=200, description=""):
        super().__init__(name, description, default="")
        self.max_length = max_length
        self.schema = {"type": "string", "maxLength": max_length}

    def parse(self, text):
        if len(text) > self.max_length:
            raise bad_query(self.name, f"At most {self.max_length} characters.")
        return text


class Choice(Parameter):
    """One of `allowed` (strings); the default ("" unless given) when not sent."""

    def __init__(self, name, allowed, default="", description=""):
        super().__init__(name, description, default)
        self.allowed = tuple(allowed)
        self.schema = {"type": "string", "enum": list(self.allowed)}
        if default:
            self.schema["default"] = default

    def parse(self, text):
        if text not in self.allowed:
            raise bad_query(self.name, "One of: " + ", ".join(self.allowed))
        return text


class Number(Parameter):
    """A whole number within [low, high]; None (or the default) when not sent."""

    def __init__(self, name, low, high, default=None, description=""):
        super().__init__(name, description, default)
        self.low, self.high = low, high
        self.schema = {"type": "integer", "minimum": low, "maximum": high}
        if default is not None:
            self.schema["default"] = default

    def parse(self, text):
        if not (text.isascii() and text.isdigit()) or not self.low <= int(text) <= self.high:
            raise bad_query(self.name, f"A whole number from {self.low} to {self.high}.")
        return int(text)


class Flag(Parameter):
    schema = {"type": "boolean"}

    def __init__(self, name, description=""):
        super().__init__(name, description, default=False)

    def parse(self, text):
        if text not in FLAGS:
            raise bad_query(self.name, "true or false.")
        return FLAGS[text]


class RecordKey(Parameter):
    """`prefix:id` (e.g. org:12) or one of `also` (e.g. none); "" when not sent.

    Ids of up to nine digits: the pattern the document gives is the one the server holds to,
    and every id a row here will have fits.
    """

    def __init__(self, name, prefixes, also=(), description=""):
        super().__init__(name, description, default="")
        self.prefixes, self.also = tuple(prefixes), tuple(also)
        keys = "|".join(self.prefixes)
        self.pattern = f"^(({keys}):[1-9][0-9]{{0,8}}" + "".join(f"|{a}" for a in self.also) + ")$"
        self.schema = {"type": "string", "pattern": self.pattern}

    def parse(self, text):
        if not re.fullmatch(self.pattern, text, flags=re.ASCII):
            raise bad_query(self.name, " or ".join([*(f"{p}:<id>" for p in self.prefixes), *self.also]))
        return text


PAGE = Number("page", 1, MAX_PAGE, default=1)
PER_PAGE = Number("per_page", 1, MAX_PER_PAGE, default=50)
#: What every list that pages takes.
PAGING = (PAGE, PER_PAGE)


def paging():
    """(page, per_page) of a list that declared PAGING."""
    return PAGE.read(), PER_PAGE.read()


def takes(*parameters):
    """Declare the query parameters a route reads: the view reads them, the document lists them."""

    def declare(view):
        view.query_parameters = parameters
        return view

    return declare
