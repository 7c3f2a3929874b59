"""Fixtures: one app and schema per test session (built by the migrations), empty tables per test.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set.
"""

import os
import threading
from datetime import datetime, timedelta

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, make_url, text

from app import create_app
from app.auth import service as auth_service
from app.auth.models import Role
from app.directory import service as directory_service
from app.directory.models import OrganizationKind
from app.extensions import db, limiter
from tests.clock import DEFAULT_MOMENT, pinned
from tests.openapi_check import validate_api_response

PASSWORD = "correct-horse-42"


def _database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return _own_database(make_url(url.replace("postgresql://", "postgresql+psycopg://", 1)))
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


def _own_database(url):
    """Under pytest-xdist each worker gets a database of its own beside the one named (test_gw0, …)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url.render_as_string(hide_password=False)
    own = url.set(database=f"{url.database}_{worker}")
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database})
        if exists.scalar() is None:
            conn.execute(text(f'CREATE DATABASE "{own.database}"'))
    engine.dispose()
    return own.render_as_string(hide_password=False)


def drop_everything():
    """Leave the database empty, the Alembic version table included."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def empty_tables():
    """Empty every table a test left rows in, and start their ids from 1 again."""
    names = set(inspect(db.engine).get_table_names())
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name in names]
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            holding, sequences = _left_behind_on_postgresql(conn, tables)
        else:
            holding, sequences = names, []
        for table in tables:
            if table.name in holding:
                conn.execute(table.delete())
        for sequence in sequences:
            conn.execute(text("SELECT setval(CAST(:sequence AS regclass), 1, false)"), {"sequence": sequence})


def _left_behind_on_postgresql(conn, tables):
    """(names of the tables holding rows, the sequences that gave a number): emptying only these.

    TRUNCATE of every table after each test cost PostgreSQL about 0.15 s a test (new files for each
    table), more than most tests themselves; a DELETE of the few rows a test leaves costs almost nothing.
    """
    holding = " UNION ALL ".join(f"SELECT '{t.name}' WHERE EXISTS (SELECT FROM \"{t.name}\")" for t in tables)
    used = (
        "SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences"
        " WHERE schemaname = current_schema() AND last_value IS NOT NULL"
    )
    return set(conn.scalars(text(holding))), conn.scalars(text(used)).all()


class RequestInItsOwnContext(FlaskClient):
    """Each request runs in a fresh app context, as in production (own session, own `g`).

    The test's own session then forgets what it loaded, so it sees what the request wrote.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        validate_api_response(self.application, response)
        return response


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = create_app(
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
            "MAIL_OUTBOX_DIR": str(tmp_path_factory.mktemp("outbox")),
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
        },
    )
    app.test_client_class = RequestInItsOwnContext
    with app.app_context():
        drop_everything()
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def wait_for_background_jobs(timeout=30):
    """Join the threads running background jobs (app.jobs.dispatch names them job-<id>)."""
    for thread in threading.enumerate():
        if thread.name.startswith("job-") and thread is not threading.current_thread():
            thread.join(timeout)
            assert not thread.is_alive(), f"background job thread {thread.name} still running"


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield
        wait_for_background_jobs()
        db.session.remove()
        empty_tables()
        limiter.reset()


@pytest.fixture
def clock(request):
    """The process's clock pinned at a moment (tests/clock.py): DEFAULT_MOMENT, 08:00 Bangkok on an
    ordinary day, unless the test is parametrized (`@at_every_pinned_moment`). Fixtures that build
    "today" or "now" take `clock.moment`; the clock runs on from it like a real one.
    """
    with pinned(getattr(request, "param", DEFAULT_MOMENT)) as pinned_clock:
        yield pinned_clock


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def create_user():
    def make(role=Role.ORGANIZER, email=None, password=PASSWORD, **overrides):
        email = email or f"{role}-{os.urandom(3).hex()}@example.org"
        user, _ = auth_service.create_user(email, role, password=password, name=overrides.pop("name", ""))
        for key, value in overrides.items():
            setattr(user, key, value)
        db.session.commit()
        return user

    return make


@pytest.fixture
def login_as(client, create_user):
    """Log the test client in as a new user of the role and return the user."""

    def login(role):
        user = create_user(role)
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return login


@pytest.fixture
def create_organization():
    def make(**overrides):
        data = {"name": "มูลนิธิเพื่อการทดสอบ", "kind": OrganizationKind.PUBLIC_BENEFIT}
        data.update(overrides)
        organization = directory_service.create_organization(data)
        db.session.commit()
        return organization

    return make


@pytest.fixture
def organization(create_organization):
    return create_organization(
        name="มูลนิธิพัฒนาเด็กพิษณุโลก",
        certification_no="พล 12/2561",
        province_code="65",
        district_code="6501",
        subdistrict_code="650101",
        postal_code="65000",
        phone="055-123456",
        contacts=[{"name": "นางสาวสมใจ ใจดี", "position": "ประธาน", "phone": "081-234-5678", "email": ""}],
    )


@pytest.fixture
def create_forum():
    """Make a forum (a draft unless status= is given); times are naive UTC, like the columns."""

    def make(status=None, **overrides):
        from app.forums import service as forum_service
        from app.forums.models import ForumKind, ForumStatus

        data = {
            "title": "เวทีสมัชชาองค์กรสวัสดิการชุมชน จังหวัดพิษณุโลก",
            "kind": ForumKind.FORUM,
            "starts_at": datetime(2018, 10, 25, 3, 0),
            "ends_at": datetime(2018, 10, 25, 9, 0),
            "venue_name": "โรงแรมเรือนแพ รอยัล ปาร์ค",
            "venue_address": "ถนนวังจันทน์ ตำบลในเมือง อำเภอเมืองพิษณุโลก",
            "capacity": 110,
        }
        data.update(overrides)
        forum = forum_service.create_forum(data)
        if status is not None:
            forum.status = ForumStatus(status)
        db.session.commit()
        return forum

    return make


@pytest.fixture
def forum(create_forum):
    """An open forum taking registrations, far ahead of any moment the tests pin or run at."""
    start = datetime(2099, 10, 25, 3, 0)
    return create_forum(status="open", starts_at=start, ends_at=start + timedelta(hours=6))
