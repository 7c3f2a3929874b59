"""The kinds of background job: each area registers its own (e.g. "mail.send").

A kind lists the keys of its items once, when the job first runs, and handles one item
at a time. The runner records each item's outcome in the same transaction as whatever
the handler changed in the database, so an item recorded as sent is never handled again.
"""

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any


class ItemFailed(Exception):
    """This item can never succeed (a refused address): record it as failed and go on."""


class TryAgainLater(Exception):
    """A temporary failure, told in words for people: the item is tried again later.

    Any other exception is temporary too, but is recorded with its type for the developer."""


class JobCannotContinue(Exception):
    """Nothing can succeed now (wrong password, server refuses us): stop, leave items pending."""


def _no_resource(job):
    return nullcontext()


def _no_description(job, keys):
    return {}


@dataclass(frozen=True)
class JobKind:
    #: Stored in Job.kind; keep it stable once jobs of the kind exist.
    name: str
    #: A lazy string naming the kind for people.
    label: Any
    #: items(job) → the keys of its items, in the order they are to be handled.
    items: Callable[[Any], Iterable[str]]
    #: handle(job, item, resource) does one item; it may change the database but never commits.
    handle: Callable[[Any, Any, Any], None]
    #: resource(job) → a context manager whose value every handle() of one run shares
    #: (an SMTP connection), opened once per run.
    resource: Callable[[Any], AbstractContextManager] = field(default=_no_resource)
    #: describe(job, keys) → {key: text} telling people which item a key is (for failed ones).
    describe: Callable[[Any, list[str]], dict] = field(default=_no_description)


_kinds: dict[str, JobKind] = {}


def register(kind):
    """Make a kind known to the runner; registering the same name again replaces it."""
    _kinds[kind.name] = kind
    return kind


def unregister(name):
    _kinds.pop(name, None)


def get(name):
    """The kind of that name, or None when no area registered it (in this process)."""
    return _kinds.get(name)
