"""Fixtures: the app on SQLite and on PostgreSQL, a clean database per test, clients, factories."""

import os
import re
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from itsdangerous import URLSafeTimedSerializer

from consult import create_app
from consult.extensions import db as _db

from .browser_support import browser, browser_prerequisites, live_server  # noqa: F401 (fixtures)
from .factories import Factories

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/consult_test"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _postgres_url():
    """TEST_DATABASE_URL (or the local default), with this run's own database name,
    so that two test runs on one machine never empty each other's tables."""
    url = os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES_URL)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    target = sa.engine.make_url(url)
    return target.set(database=f"{target.database}_{os.getpid()}").render_as_string(hide_password=False)


def _drop_postgres(url):
    target = sa.engine.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin.dispose()


def _prepare_postgres(url):
    """Create the test database if needed and empty its schema; None when PostgreSQL is absent."""
    target = sa.engine.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                 {"n": target.database})
            if not exists:
                conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    except sa.exc.OperationalError as error:
        return str(error).splitlines()[0]
    finally:
        admin.dispose()
    engine = sa.create_engine(target)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return None


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request):
    return request.param


@pytest.fixture(scope="session")
def app(backend, tmp_path_factory):
    if backend == "sqlite":
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    else:
        url = _postgres_url()
        problem = _prepare_postgres(url)
        if problem:
            message = f"PostgreSQL is not reachable at {url}: {problem}"
            if IN_CI:
                pytest.fail(message)
            pytest.skip(message)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        _db.engine.dispose()
    if backend == "postgresql":
        _drop_postgres(url)


@pytest.fixture
def db(app):
    """A clean database for the test, inside an application context."""
    with app.app_context():
        tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
        with _db.engine.begin() as conn:
            # DELETE, not TRUNCATE: a test leaves a few rows, and TRUNCATE makes every table and
            # index a new file, which costs each test far more than deleting them.
            for table in tables:
                conn.execute(sa.text(f"DELETE FROM {table}"))
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT setval(oid, 1, false) FROM pg_class "
                                     "WHERE relkind = 'S' AND relnamespace = 'public'::regnamespace"))
        yield _db
        _db.session.remove()


@pytest.fixture
def org(make):
    """The organisation most tests' consultations belong to."""
    return make.organization(name="Health Department")


@pytest.fixture
def partner(make):
    """A partner organisation of those consultations."""
    return make.organization(name="Transport Department")


@pytest.fixture
def make(db):
    """Small factories: make.user(), make.consultation(status="open"), make.idea(...)."""
    return Factories(db)


class Client:
    """A test client that signs in, sends CSRF tokens and speaks htmx when asked."""

    def __init__(self, app):
        self.app = app
        self.http = app.test_client()

    def login_as(self, user):
        with self.http.session_transaction() as session:
            session["_user_id"] = user.session_token
            session["_fresh"] = True
        return self

    def csrf_token(self):
        with self.http.session_transaction() as session:
            raw = session.setdefault("csrf_token", "test-csrf-token-raw-value-0123456789ab")
        return URLSafeTimedSerializer(self.app.secret_key, salt="wtf-csrf-token").dumps(raw)

    def _send(self, method, url, **kwargs):
        """Each request in its own app context (its own `g` and session), as in production;
        the test's own session then reads what the request committed, not what it cached."""
        with self.app.app_context():
            response = getattr(self.http, method)(url, **kwargs)
        _db.session.expire_all()
        return response

    def get(self, url, htmx=False, **kwargs):
        headers = kwargs.pop("headers", {})
        if htmx:
            headers["HX-Request"] = "true"
        return self._send("get", url, headers=headers, **kwargs)

    def post(self, url, data=None, htmx=False, csrf=True, **kwargs):
        data = dict(data or {})
        headers = kwargs.pop("headers", {})
        if csrf:
            data.setdefault("csrf_token", self.csrf_token())
        if htmx:
            headers["HX-Request"] = "true"
        return self._send("post", url, data=data, headers=headers, **kwargs)


@pytest.fixture
def client(app, db):
    return Client(app)


@pytest.fixture
def client_factory(app, db):
    return lambda: Client(app)


@pytest.fixture
def count_queries(db):
    """Count the SQL statements run inside the `with` block."""

    @contextmanager
    def counter():
        statements = []

        def record(conn, cursor, statement, *args):
            statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", record)

    return counter


def page_text(response):
    """The visible text of a response, tags stripped and space folded, for assertions."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def pytest_collection_modifyitems(config, items):
    """Tests marked `backend("postgresql")` or `backend("sqlite")` run only there: deselected,
    not skipped, on the other, so that a CI run shows no skips at all."""
    keep, drop = [], []
    for item in items:
        marker = item.get_closest_marker("backend")
        params = getattr(item, "callspec", None)
        running = params.params.get("backend") if params else None
        (drop if marker and running and running != marker.args[0] else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
