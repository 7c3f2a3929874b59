"""The query string of the API's lists, read by one rule: a bad value is a 400 naming its parameter.

A value is never ignored silently nor turned into another status (../shared/API.md: errors
name the field). The OpenAPI document declares the same allowed values and bounds.
"""

from flask import request

from app.api.common import ApiError
from app.params import MAX_ID

#: The spellings of yes and no a flag takes.
FLAGS = {"1": True, "true": True, "0": False, "false": False, "": False}


def bad_query(name, message):
    return ApiError(400, "bad_query", f"{name}: {message}", {name: message})


def choice(name, allowed, default=""):
    """One of `allowed` (strings), or the default when not given."""
    value = request.args.get(name, default)
    if value != default and value not in allowed:
        raise bad_query(name, "One of: " + ", ".join(allowed))
    return value


def number(name, low, high):
    """A whole number within [low, high], or None when not given."""
    text = request.args.get(name)
    if text is None or text == "":
        return None
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise bad_query(name, f"A whole number from {low} to {high}.")
    return int(text)


def flag(name):
    text = request.args.get(name, "")
    if text not in FLAGS:
        raise bad_query(name, "1, true, 0 or false.")
    return FLAGS[text]


def record_key(name, prefixes, also=()):
    """`prefix:id` (e.g. org:12), one of `also` (e.g. none), or "" when not given."""
    value = request.args.get(name, "")
    prefix, _sep, digits = value.partition(":")
    if not value or value in also:
        return value
    if prefix in prefixes and digits.isascii() and digits.isdigit() and 0 < int(digits) <= MAX_ID:
        return value
    raise bad_query(name, " or ".join([*(f"{p}:<id>" for p in prefixes), *also]))
