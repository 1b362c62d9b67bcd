"""A real server for load and fault tests: gunicorn started with the repository's gunicorn.conf.py
(bind and workers overridden) in production configuration, against a PostgreSQL database that
these tests create, migrate and drop; and people who sign in through the sign-in form.

PostgreSQL only: every test here asks for `backend` and is marked backend("postgresql").
Without PostgreSQL (or Redis, for the test that stops it) a test is skipped, except in CI
(CI=true), where it fails.
"""

import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from consult import create_app
from consult.config import Config
from consult.extensions import db

from ..factories import PASSWORD, Factories
from .people import NO_ANSWER, Addresses, Person, wait_until

REPO = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() == "true"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/consult_test"
REDIS_URL = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/15")


def unavailable(message):
    """A service or a permission the test needs is missing: skip on a laptop, fail in CI."""
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


class Site:
    """The load tests' own database, with an app bound to it to set data up and read it back."""

    def __init__(self, url):
        self.url = url
        # The people's passwords at production's cost: the server signing them in runs production's.
        self.app = create_app("testing", SQLALCHEMY_DATABASE_URI=url.render_as_string(hide_password=False),
                              ARGON2_COST=Config.ARGON2_COST)
        self.make = Factories(db)

    @contextmanager
    def session(self):
        """db.session on this database, fresh for each `with` block."""
        with self.app.app_context():
            yield db.session

    def scalar(self, statement):
        with self.session() as session:
            return session.scalar(statement)

    def rows(self, statement):
        with self.session() as session:
            return session.execute(statement).all()


def _database_url():
    url = os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES_URL)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return sa.engine.make_url(url).set(database=f"consult_load_{os.getpid()}")


def _on_maintenance_database(url, statement):
    engine = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(statement))
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def site(backend):
    """A database consult_load_<pid> of its own, migrated, dropped at the end."""
    if backend != "postgresql":
        pytest.skip("load and fault tests run on PostgreSQL")
    url = _database_url()
    name = url.database
    try:
        _on_maintenance_database(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _on_maintenance_database(url, f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as error:
        unavailable(f"PostgreSQL is not reachable at {url}: {str(error).splitlines()[0]}")
    site = Site(url)
    with site.app.app_context():
        upgrade()
    yield site
    with site.app.app_context():
        db.engine.dispose()
    _on_maintenance_database(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_answers(url=REDIS_URL):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
    except redis.RedisError:
        return False


def _free_port():
    """A port free now, below the ephemeral range: a port the kernel hands out for bind(0) is one
    it may also give an outgoing connection (to PostgreSQL, from another test worker) before
    gunicorn binds it."""
    with open("/proc/sys/net/ipv4/ip_local_port_range") as ports:
        ephemeral_start = int(ports.read().split()[0])
    while True:
        port = random.randrange(10000, ephemeral_start)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


class Gunicorn:
    """gunicorn -c gunicorn.conf.py, two workers on a free port, its output in a log file."""

    def __init__(self, site, log_path):
        self.port = _free_port()
        self.log_path = log_path
        self.key_prefix = f"consult-load-{os.getpid()}-{secrets.token_hex(3)}"
        self.redis_url = REDIS_URL if redis_answers() else None
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MAIL_", "GUNICORN_"))}
        env.update(
            CONSULT_CONFIG="production",
            DATABASE_URL=site.url.render_as_string(hide_password=False),
            SECRET_KEY=secrets.token_hex(32),
            SESSION_COOKIE_SECURE="0",
            RATELIMIT_KEY_PREFIX=self.key_prefix,
            PYTHONUNBUFFERED="1",
            # Production refuses to start without its address and a mail server: nothing listens
            # on this port, so a mail fails (logged) and nothing is sent.
            SITE_URL=f"http://127.0.0.1:{self.port}",
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=str(_free_port()),
        )
        env.pop("REDIS_URL", None)
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        else:
            env["RATELIMIT_PER_PROCESS"] = "1"
        self._log = open(log_path, "wb")  # noqa: SIM115 - open while the server runs
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(REPO / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "wsgi:app"],
            cwd=REPO, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)

    def healthy(self):
        """True when /healthz answers 200 (the database answers too)."""
        try:
            return Person(self.port, "127.0.0.1", timeout=3).get("/healthz").status == 200
        except NO_ANSWER:
            return False

    def workers(self):
        """The process ids of the master's live workers."""
        pid = self.process.pid
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as children:
                return {int(p) for p in children.read().split()}
        except FileNotFoundError:
            return set()

    def log_tail(self, lines=40):
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def log_text(self):
        return self.log_path.read_text(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log.close()
        if self.redis_url and redis_answers(self.redis_url):
            import redis

            store = redis.Redis.from_url(self.redis_url)
            for key in store.scan_iter(f"*{self.key_prefix}*"):
                store.delete(key)


@pytest.fixture(scope="session")
def server(site):
    """The running server; waits for it to answer /healthz (60 s at most, for a busy machine).

    Its log goes to a directory of its own (pytest's base temp directory is pruned by the other
    test runs of the machine) and is removed with it."""
    keep = os.environ.get("CONSULT_LOAD_LOG_DIR")  # set it to read the server's log afterwards
    folder = Path(keep or tempfile.mkdtemp(prefix="consult-load-"))
    folder.mkdir(parents=True, exist_ok=True)
    gunicorn = Gunicorn(site, folder / "gunicorn.log")
    try:
        started = wait_until(lambda: gunicorn.process.poll() is not None
                             or (gunicorn.healthy() and len(gunicorn.workers()) == 2), 60, 0.2)
        if started is None or gunicorn.process.poll() is not None:
            pytest.fail(f"gunicorn did not start:\n{gunicorn.log_tail()}")
        yield gunicorn
    finally:
        gunicorn.stop()
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def addresses():
    return Addresses()


@pytest.fixture
def people(site, server, addresses):
    """people(n): n new citizens, each signed in through /auth/login from an address of their own."""

    def sign_in(n):
        token = secrets.token_hex(4)
        with site.session():
            users = [site.make.user(email=f"load-{token}-{i}@example.org") for i in range(n)]
            emails = [user.email for user in users]
        persons = [Person(server.port, addresses.next()) for _ in emails]
        with ThreadPoolExecutor(max_workers=8) as pool:
            return list(pool.map(lambda pair: pair[0].sign_in(pair[1], PASSWORD), zip(persons, emails, strict=True)))

    return sign_in


@pytest.fixture
def place(site):
    """An open consultation with an idea and a comment on it; flags are counted, never hide."""
    with site.session():
        consultation = site.make.consultation(status="open", flag_threshold=1000)
        idea = site.make.idea(consultation)
        comment = site.make.comment(consultation, idea=idea)
        return SimpleNamespace(
            slug=consultation.slug, consultation_id=consultation.id, idea_id=idea.id,
            comment_id=comment.id, page=f"/consultations/{consultation.slug}",
            idea_page=f"/consultations/{consultation.slug}/ideas/{idea.id}")


class PostgresCluster:
    """This machine's PostgreSQL cluster, restarted the Debian way (pg_ctlcluster)."""

    def __init__(self, site, version):
        self.url = site.url.set(database="postgres")
        self.command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]

    def answers(self):
        engine = sa.create_engine(self.url, poolclass=sa.pool.NullPool, connect_args={"connect_timeout": 2})
        try:
            with engine.connect() as conn:
                return conn.scalar(sa.text("SELECT 1")) == 1
        except sa.exc.OperationalError:
            return False
        finally:
            engine.dispose()

    def restart(self):
        subprocess.run([*self.command, "restart"], check=True, capture_output=True, timeout=90)

    def ensure_up(self):
        """Start the cluster if it is down, and wait until it answers; fail loudly otherwise."""
        if not self.answers():
            subprocess.run([*self.command, "start"], capture_output=True, timeout=90)
        if wait_until(self.answers, timeout=60, interval=0.5) is None:
            pytest.fail("PostgreSQL did not come back after the restart test")


@pytest.fixture
def postgres_cluster(site):
    """Restarting PostgreSQL needs root, pg_ctlcluster, one cluster and a database on this machine."""
    host = site.url.host or "localhost"
    versions = os.listdir("/etc/postgresql") if os.path.isdir("/etc/postgresql") else []
    if os.geteuid() != 0 or not shutil.which("pg_ctlcluster") or len(versions) != 1 \
            or host not in {"127.0.0.1", "localhost", "::1"}:
        unavailable("restarting PostgreSQL needs root, pg_ctlcluster and one local cluster")
    cluster = PostgresCluster(site, versions[0])
    yield cluster
    cluster.ensure_up()


class RedisServer:
    """The Redis that the server counts its rate limits in, stopped and started again."""

    def __init__(self, url):
        self.url = url
        location = sa.engine.make_url(url)  # redis://host:port/db parses like a database URL
        self.address = ["-h", location.host or "127.0.0.1", "-p", str(location.port or 6379)]
        self.port = str(location.port or 6379)

    def answers(self):
        return redis_answers(self.url)

    def stop(self):
        subprocess.run(["redis-cli", *self.address, "shutdown", "nosave"], capture_output=True, timeout=30)
        if wait_until(lambda: not self.answers(), timeout=10) is None:
            pytest.fail("Redis did not stop")

    def ensure_up(self):
        """Start Redis as this machine starts it, if it is down, and wait until it answers."""
        if not self.answers():
            subprocess.run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1",
                            "--port", self.port, "--save", "", "--appendonly", "no",
                            "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log"],
                           capture_output=True, timeout=30)
        if wait_until(self.answers, timeout=30, interval=0.2) is None:
            pytest.fail("Redis did not come back after the outage test")


@pytest.fixture
def redis_server(server):
    """Stopping Redis needs root, redis-cli and redis-server, and a server that uses Redis."""
    if not server.redis_url:
        unavailable(f"Redis does not answer at {REDIS_URL}; the server runs without it")
    if os.geteuid() != 0 or not (shutil.which("redis-cli") and shutil.which("redis-server")) \
            or not os.path.isdir("/var/lib/redis"):
        unavailable("stopping Redis needs root, redis-cli, redis-server and /var/lib/redis")
    redis = RedisServer(server.redis_url)
    yield redis
    redis.ensure_up()
