"""Fixtures: the app on SQLite and on PostgreSQL, a clean database per test, clients, factories.

Every test runs on both databases, SQLite included (the embedded default), with three kinds of
exception, each marked `backend(...)` where it is written: the browser tests run on SQLite (what a
browser sees does not depend on the database, and Chromium is the slow part); the sweeps whose rule
is settled before any query (response headers, the CSRF token, what a worker imports) run on
SQLite; races between connections run on PostgreSQL (SQLite writes one at a time). Each test runs inside
one transaction, rolled back at the end, that the test's session and every request's session join
(their commits release savepoints). On SQLite that needs SQLAlchemy's documented pysqlite
workaround, applied to the test's connection only: pysqlite neither begins transactions when asked
nor keeps SAVEPOINTs, so SQLAlchemy says BEGIN itself. Tests that need real commits (other threads
or processes, migrations, pg_dump) are marked `commits`, or use the live server; they get the
database committed for real, emptied after them.

Under pytest-xdist (`make test`) each worker has its own PostgreSQL database, SQLite file and live
server port; the load tests keep to one worker, and one that restarts a shared service runs alone.
"""

import fcntl
import os
import re
import threading
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSession
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy.orm import scoped_session, sessionmaker

from consult import create_app
from consult.extensions import db as _db

from .browser_support import browser, browser_prerequisites, live_server  # noqa: F401 (fixtures)
from .factories import Factories

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/consult_test"
IN_CI = os.environ.get("CI", "").lower() == "true"
#: What the rolled-back `db` fixture sends for the commits of a test, not the test's own SQL.
_HARNESS_STATEMENT = re.compile(r"\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT|BEGIN)\b", re.I)


def _postgres_url():
    """TEST_DATABASE_URL (or the local default), with this process's own database name (the
    pytest-xdist worker and the pid), so that two runs, or two workers of one run, never empty
    each other's tables."""
    url = os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES_URL)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    target = sa.engine.make_url(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"{target.database}_{worker}_{os.getpid()}"
    return target.set(database=name).render_as_string(hide_password=False)


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
            # A test database need not survive a power cut: its commits don't wait for the disk.
            # (The load tests that restart PostgreSQL use a database of their own, durable.)
            conn.execute(sa.text(f'ALTER DATABASE "{target.database}" SET synchronous_commit TO off'))
    except sa.exc.OperationalError as error:
        return str(error).splitlines()[0]
    finally:
        admin.dispose()
    engine = sa.create_engine(target)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return None


#: Fixtures of tests that stop or restart a service every test on the machine uses.
DISRUPTIVE = {"postgres_cluster", "redis_server"}


@pytest.fixture(scope="session")
def _worker_lock(tmp_path_factory):
    """With pytest-xdist, a file every worker of the run opens; None in one process."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        yield None
        return
    with open(tmp_path_factory.getbasetemp().parent / "services.lock", "a+") as handle:
        yield handle


@pytest.fixture(autouse=True)
def _services_stay_up(request, _worker_lock):
    """A test that restarts PostgreSQL or stops Redis runs while no other worker runs a test."""
    if _worker_lock is None:
        yield
        return
    fcntl.flock(_worker_lock, fcntl.LOCK_EX if DISRUPTIVE & set(request.fixturenames) else fcntl.LOCK_SH)
    try:
        yield
    finally:
        fcntl.flock(_worker_lock, fcntl.LOCK_UN)


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
def db(request, app):
    """The database for one test, inside an application context.

    Each test runs inside a transaction on one connection, rolled back at the end: every session
    (the test's and each request's) joins it, and their commits only release savepoints. Tests
    that need real commits (marked `commits`, or using the live server) get the database committed
    for real and emptied afterwards."""
    with app.app_context():
        if request.node.get_closest_marker("commits") or "live_server" in request.fixturenames:
            yield from _committed()
        else:
            yield from _rolled_back()


def _committed():
    """Real commits on the engine's own connections; every table emptied after the test."""
    _empty_tables()
    try:
        yield _db
    finally:
        _db.session.remove()
        _empty_tables()


def _empty_tables():
    """DELETE, not TRUNCATE: a test leaves a few rows, and TRUNCATE makes every table and index a
    new file. Sequences start again at 1, as on a new database."""
    tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
    with _db.engine.begin() as conn:
        for table in tables:
            conn.execute(sa.text(f"DELETE FROM {table}"))
        _reset_sequences(conn)


def _reset_sequences(conn):
    """PostgreSQL's sequences, which a rollback leaves where they got to, start again at 1: every
    test begins on empty tables (a committing test empties them after itself)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT setval(oid, 1, false) FROM pg_class "
                             "WHERE relkind = 'S' AND relnamespace = 'public'::regnamespace"))


class _JoinedSession(FlaskSession):
    """Flask-SQLAlchemy's session on the test's connection. Its own get_bind picks the app's engine
    and ignores `bind`; and a session made in another thread (a live server, a pool of requests)
    cannot share one connection, so that test must be marked `commits`."""

    owner = None

    def get_bind(self, *args, **kwargs):
        if threading.get_ident() != self.owner:
            raise RuntimeError("a session in another thread: mark the test @pytest.mark.commits")
        return self.bind


def _rolled_back():
    """The test inside one transaction, rolled back at the end (SQLAlchemy's "Joining a Session
    into an External Transaction"): commits release savepoints, nothing reaches the database."""
    original = _db.session
    connection = _db.engine.connect()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        driver = connection.connection.driver_connection
        # pysqlite opens transactions itself, late, and breaks SAVEPOINT: on this connection only,
        # SQLAlchemy says BEGIN (its documented pysqlite workaround).
        driver_mode, driver.isolation_level = driver.isolation_level, None
        sa.event.listen(connection, "begin", _sqlite_begin)
    transaction = connection.begin()
    _JoinedSession.owner = threading.get_ident()
    _db.session = scoped_session(
        sessionmaker(class_=_JoinedSession, db=_db, query_cls=_db.Query, bind=connection,
                            join_transaction_mode="create_savepoint"),
        scopefunc=original.registry.scopefunc)
    try:
        yield _db
    finally:
        _db.session.remove()
        _db.session = original
        transaction.rollback()
        with connection.begin():
            _reset_sequences(connection)
        if sqlite:
            sa.event.remove(connection, "begin", _sqlite_begin)
            driver.isolation_level = driver_mode
        connection.close()


def _sqlite_begin(conn):
    conn.exec_driver_sql("BEGIN")


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
        the test's own session then reads what the request committed, not what it cached.
        In the rolled-back `db`, the test's session first releases its savepoint, so that a later
        rollback of the test's session cannot undo what the request committed."""
        if isinstance(_db.session.registry(), _JoinedSession):
            _db.session.commit()
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
    """Count the SQL statements run inside the `with` block; not the savepoints (and SQLite's BEGIN)
    by which the `db` fixture keeps each test's commits inside its transaction."""

    @contextmanager
    def counter():
        statements = []

        def record(conn, cursor, statement, *args):
            if not _HARNESS_STATEMENT.match(statement):
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
    not skipped, on the other, so that a CI run shows no skips at all. The load tests keep to one
    pytest-xdist worker (with `--dist loadgroup`, as `make test` runs)."""
    keep, drop = [], []
    for item in items:
        if item.nodeid.startswith("tests/load/"):
            # One pytest-xdist worker runs them all, one after another: they start servers and
            # one of them stops and restarts the machine's Redis.
            item.add_marker(pytest.mark.xdist_group("load"))
        marker = item.get_closest_marker("backend")
        params = getattr(item, "callspec", None)
        running = params.params.get("backend") if params else None
        (drop if marker and running and running != marker.args[0] else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
