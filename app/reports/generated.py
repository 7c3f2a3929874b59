"""Big documents made in the background and kept until their data changes.

A document kind (:class:`DocumentKind`) says how to build the document of one forum, how
many rows it has and what data it depends on (its fingerprint). Below
DOCUMENTS_BACKGROUND_ROWS rows it is made in the request; from there on a background job
(app/jobs) builds it, its progress shows on the page, and the file is kept in
GENERATED_DOCUMENTS_DIR, recorded with the fingerprint of the data it was made from: the
next request for the same data gets the same file at once, and a change of the data
(a registration, a check-in, the forum's details, a setting) makes a new one.

Any forum document can be registered: ``register(DocumentKind("summary-report", label,
filename, whole(render_summary_report), size, fingerprint))``.
"""

import hashlib
import io
import os
from collections.abc import Callable, Generator, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.checkin.models import CheckIn
from app.directory.models import Organization
from app.extensions import db
from app.forums.models import Forum
from app.jobs import service as jobs
from app.jobs.registry import JobKind
from app.registration.models import Registration
from app.reports.models import Certificate, GeneratedDocument
from app.reports.pdf import finish
from app.timeutil import utcnow
from app.urls import link_base, links_based_on

JOB_KIND = "reports.document"
#: The job's items: the share of the document built (percent) when each is done.
STEPS = [str(percent) for percent in range(10, 101, 10)]
#: Settings that show on forum documents: changing one makes new documents.
SETTINGS = ("OFFICE_NAME", "OFFICE_ADDRESS", "OFFICE_LOGO", "SIGNER_NAME", "SIGNER_POSITION")


@dataclass(frozen=True)
class DocumentKind:
    #: In URLs and file names ("badges"); stable once documents of the kind exist.
    name: str
    label: Any
    #: filename(forum) → the name the download gets.
    filename: Callable[[Forum], str]
    #: build(forum) → a generator yielding the share built (0 to 1) and returning the PDF.
    build: Callable[[Forum], Generator]
    #: size(forum) → its work in sign-in sheet rows; from DOCUMENTS_BACKGROUND_ROWS on, it is made
    #: in the background.
    size: Callable[[Forum], int]
    #: fingerprint(forum) → values that change whenever the document would.
    fingerprint: Callable[[Forum], Iterable] = None


_kinds: dict[str, DocumentKind] = {}


def register(kind):
    _kinds[kind.name] = kind
    return kind


def get(name):
    return _kinds.get(name)


def whole(render):
    """A build for a document made in one go: ``render(forum)`` → PDF bytes."""

    def build(forum):
        yield 0.0
        return render(forum)

    return build


def forum_data(forum, certificates=True):
    """What every forum document depends on: the forum, its registrations and their
    check-ins, their organizations, the issued certificates, the settings and the links' base.

    ``certificates=False`` leaves the issued certificates out: the certificates document
    issues them as it is made, and must not count as changed by its own making (who is
    eligible, and so which certificates there are, follows from the check-ins).
    """
    registrations = db.session.execute(
        select(
            func.count(Registration.id),
            func.max(Registration.updated_at),
            func.max(Registration.checked_in_at),
            func.count(Registration.checked_in_at),
        ).where(Registration.forum_id == forum.id)
    ).one()
    # A second day's check-in, or the undoing of one, leaves the registration's first arrival as it was.
    checkins = db.session.execute(
        select(func.count(CheckIn.id), func.max(CheckIn.recorded_at), func.max(CheckIn.undone_at)).where(
            CheckIn.forum_id == forum.id
        )
    ).one()
    organizations = db.session.scalar(
        select(func.max(Organization.updated_at))
        .join(Registration, Registration.organization_id == Organization.id)
        .where(Registration.forum_id == forum.id)
    )
    issued = certificates and db.session.scalar(
        select(func.count(Certificate.id))
        .join(Registration, Registration.id == Certificate.registration_id)
        .where(Registration.forum_id == forum.id)
    )
    settings = [current_app.config.get(name) for name in SETTINGS]
    return [forum.updated_at, *registrations, *checkins, organizations, issued, *settings, link_base()]


def fingerprint(kind, forum):
    data = (kind.fingerprint or forum_data)(forum)
    return hashlib.sha256(repr([kind.name, forum.id, *map(str, data)]).encode()).hexdigest()


def scope_of(forum):
    return f"forum:{forum.id}"


def in_background(kind, forum):
    return kind.size(forum) >= current_app.config["DOCUMENTS_BACKGROUND_ROWS"]


def file_path(record):
    return os.path.join(current_app.config["GENERATED_DOCUMENTS_DIR"], record.filename)


def is_ready(record):
    return record is not None and record.finished_at is not None and os.path.isfile(file_path(record))


def is_working(record):
    job = record.job if record is not None else None
    return job is not None and not job.is_finished and not job.is_stalled


def current_record(kind, forum):
    """The kept document made from the forum's data as it is now, made or being made; or None."""
    return db.session.scalar(
        select(GeneratedDocument).where(
            GeneratedDocument.scope == scope_of(forum),
            GeneratedDocument.kind == kind.name,
            GeneratedDocument.fingerprint == fingerprint(kind, forum),
        )
    )


@dataclass
class DocumentStatus:
    """Where a forum's document stands, for its link: made in the request, or kept (ready or being made)."""

    kind: DocumentKind
    in_background: bool
    record: GeneratedDocument | None = None

    @property
    def ready(self):
        return is_ready(self.record)

    @property
    def working(self):
        return is_working(self.record)


def status(kind, forum):
    if not in_background(kind, forum):
        return DocumentStatus(kind, False)
    return DocumentStatus(kind, True, current_record(kind, forum))


def render_now(kind, forum):
    """Make the document in this request (a small one)."""
    return finish(kind.build(forum))


def prepare(kind, forum, created_by=None):
    """The kept document of the data as it is now: made, being made, or queued now (the caller commits)."""
    record = current_record(kind, forum)
    if is_ready(record) or is_working(record):
        return record
    if record is None:
        record = GeneratedDocument(
            scope=scope_of(forum), kind=kind.name, fingerprint=fingerprint(kind, forum)
        )
        try:
            with db.session.begin_nested():
                db.session.add(record)
        except IntegrityError:  # another request queued it at the same moment
            return current_record(kind, forum)
    record.finished_at, record.filename = None, ""
    record.job = jobs.create_job(
        JOB_KIND,
        title=f"{kind.label}: {forum.title}",
        parameters={"document_id": record.id, "base_url": link_base()},
        created_by=created_by,
    )
    db.session.flush()
    return record


class _Build:
    """One run's build of one document, advanced item by item (a resumed run starts it afresh)."""

    def __init__(self, job):
        self.job = job
        self.record = db.session.get(GeneratedDocument, job.parameters["document_id"])
        self.generator, self.done, self.pdf = None, 0.0, None

    def advance_to(self, share):
        with links_based_on(self.job.parameters.get("base_url") or ""):
            if self.generator is None:
                forum = db.session.get(Forum, int(self.record.scope.split(":", 1)[1]))
                self.generator = get(self.record.kind).build(forum)
            while self.pdf is None and self.done < share:
                try:
                    self.done = next(self.generator)
                except StopIteration as finished:
                    self.pdf, self.done = finished.value, 1.0


@contextmanager
def _build(job):
    yield _Build(job)


def _keep(record, pdf):
    folder = current_app.config["GENERATED_DOCUMENTS_DIR"]
    os.makedirs(folder, exist_ok=True)
    record.filename = f"{record.scope.replace(':', '-')}-{record.kind}-{record.fingerprint[:20]}.pdf"
    partial = file_path(record) + ".part"
    with open(partial, "wb") as file:
        file.write(pdf)
    os.replace(partial, file_path(record))
    record.pages = len(PdfReader(io.BytesIO(pdf)).pages)
    record.finished_at = utcnow()
    _forget_older(record)


def _forget_older(record):
    """The same document made from older data is of no more use: its file and record go."""
    older = db.session.scalars(
        select(GeneratedDocument).where(
            GeneratedDocument.scope == record.scope,
            GeneratedDocument.kind == record.kind,
            GeneratedDocument.id != record.id,
            GeneratedDocument.finished_at.is_not(None),
        )
    ).all()
    for stale in older:
        if stale.filename and os.path.isfile(file_path(stale)):
            os.remove(file_path(stale))
        db.session.delete(stale)


def _handle(job, item, build):
    if build.record is None:
        return  # the forum was deleted
    build.advance_to(int(item.key) / 100)
    if build.pdf is not None and item.key == STEPS[-1]:
        _keep(build.record, build.pdf)


MAKE_DOCUMENT = JobKind(
    JOB_KIND,
    _l("Preparing a document"),
    items=lambda job: STEPS,
    handle=_handle,
    resource=_build,
)
