"""Production refuses to start on unsafe settings, and what it runs with keeps secrets and
submitted text out of the logs and forged Host headers out of the site."""

import logging

import pytest
import sqlalchemy as sa

from consult import create_app
from consult.extensions import db as _db
from consult.extensions import limiter
from tests.conftest import Client, page_text
from tests.production import production_settings


@pytest.fixture
def production(app, db):
    """The production app on the suite's database; limits off again afterwards."""
    built = create_app("production", **production_settings(app))
    yield built
    limiter.enabled = False


@pytest.fixture
def logs(caplog, monkeypatch):
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("consult"):
            monkeypatch.setattr(logging.getLogger(name), "disabled", False)
    caplog.set_level(logging.INFO)
    return caplog


@pytest.mark.parametrize("setting", ["SECRET_KEY", "SITE_URL", "MAIL_SERVER", "REDIS_URL"])
def test_production_refuses_to_start_without(app, setting):
    with pytest.raises(RuntimeError, match=setting):
        create_app("production", **production_settings(app, **{setting: None}))


@pytest.mark.parametrize("site_url", ["consult.example.ca", "ftp://consult.example.ca", "https://"])
def test_production_refuses_a_site_url_that_is_no_address(app, site_url):
    with pytest.raises(RuntimeError, match="SITE_URL"):
        create_app("production", **production_settings(app, SITE_URL=site_url))


def test_production_refuses_rate_limits_counted_in_each_process(app):
    with pytest.raises(RuntimeError, match="REDIS_URL"):
        create_app("production", **production_settings(app, RATELIMIT_ENABLED=True))


def test_per_process_limits_only_when_asked_for_and_said_loudly(app, logs):
    built = create_app("production", **production_settings(app, RATELIMIT_ENABLED=True, REDIS_URL=None,
                                                           RATELIMIT_PER_PROCESS=True))
    limiter.enabled = False

    assert built.config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert any(r.levelno == logging.WARNING and "PER PROCESS" in r.getMessage() for r in logs.records)


def test_development_and_tests_start_without_them(app):
    assert create_app("development", SQLALCHEMY_DATABASE_URI="sqlite://").config["TRUSTED_HOSTS"] is None
    assert app.config["SITE_URL"] == "http://localhost"


def test_production_answers_only_its_own_host(production):
    browser = Client(production)

    assert browser.get("/", base_url="https://localhost").status_code == 200
    forged = browser.get("/", base_url="https://evil.example")
    assert forged.status_code == 400
    assert forged.headers["X-Request-ID"] in page_text(forged)
    assert browser.get("/auth/login", headers={"X-Forwarded-Host": "evil.example"},
                       base_url="https://localhost").status_code == 200


def test_more_hosts_can_be_trusted(app, db):
    built = create_app("production", **production_settings(app, TRUSTED_HOSTS=["localhost", "consult.internal"]))
    limiter.enabled = False
    browser = Client(built)

    assert browser.get("/", base_url="https://consult.internal").status_code == 200
    assert browser.get("/", base_url="https://evil.example").status_code == 400


def test_a_database_error_logs_the_statement_never_its_parameters(production, make, logs):
    """SQLAlchemy writes the values of a failed statement into its error; production hides them."""
    person = make.user(email="private.person@example.ca")

    def failing_page():
        _db.session.execute(sa.text("SELECT * FROM no_such_table WHERE email = :email AND body = :body"),
                            {"email": person.email, "body": "my street address is 12 Elm"})

    production.view_functions["consultations.home"] = failing_page
    response = Client(production).get("/", base_url="https://localhost")

    assert response.status_code == 500
    [logged] = [r for r in logs.records if r.name == "consult.web.errors"]
    text = logging.Formatter().format(logged)
    assert "no_such_table" in text  # the statement is there, to debug with
    assert "private.person@example.ca" not in text and "12 Elm" not in text
    assert "private.person@example.ca" not in logs.text and "12 Elm" not in logs.text


def test_without_a_mail_server_no_mail_text_is_logged_outside_development(production, make, logs):
    production.config["MAIL_SERVER"] = None
    production.config["MAIL_IN_BACKGROUND"] = False
    user = make.user()
    browser = Client(production)

    response = browser.post("/auth/forgot", {"email": user.email}, base_url="https://localhost",
                            headers={"Referer": "https://localhost/auth/forgot"})

    assert response.status_code == 200
    unsent = [r for r in logs.records if r.name == "consult.mail"]
    assert [r.levelno for r in unsent] == [logging.ERROR]
    assert "Reset your password" in unsent[0].getMessage()
    assert "/auth/reset/" not in logs.text and user.email not in logs.text


def test_development_logs_the_whole_mail_to_follow_its_links(app, client, make, logs):
    user = make.user()

    client.post("/auth/forgot", {"email": user.email})

    [unsent] = [r for r in logs.records if r.name == "consult.mail"]
    assert "http://localhost/auth/reset/" in unsent.getMessage()
