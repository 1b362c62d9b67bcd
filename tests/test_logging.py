"""What the logs say: sign-ins, failures, refusals, role changes, 500s with their request id;
and never a password or a token."""

import logging
import re

import pytest

from consult.extensions import mail
from consult.models import Membership, User
from consult.web.request_ids import LOG_FORMAT
from tests.auth.helpers import sign_in
from tests.conftest import page_text
from tests.factories import PASSWORD


@pytest.fixture
def logs(caplog, monkeypatch):
    """Every record of Consult's loggers at INFO and above, with the messages as written."""
    # Alembic's fileConfig (run by the app fixture) may disable loggers created before it.
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("consult"):
            monkeypatch.setattr(logging.getLogger(name), "disabled", False)
    caplog.set_level(logging.INFO, logger="consult")
    return caplog


def messages(caplog):
    return [record.getMessage() for record in caplog.records]


def test_every_line_of_a_request_carries_its_id(client, make, logs):
    response = sign_in(client, make.user(), password="not the password")

    [failure] = [r for r in logs.records if "sign-in failed" in r.getMessage()]
    assert failure.request_id == response.headers["X-Request-ID"]
    assert f"[{failure.request_id}]" in logging.Formatter(LOG_FORMAT).format(failure)


def test_lines_outside_a_request_say_so(logs):
    logging.getLogger("consult.test").warning("a command-line event")

    assert logs.records[-1].request_id == "-"


def test_sign_ins_and_failures_are_logged_by_account_not_by_address(client, make, logs):
    user = make.user()

    sign_in(client, user, password="not the password")
    client.post("/auth/login", {"email": "nobody@example.ca", "password": "whatever it is"})
    sign_in(client, user)

    assert f"sign-in failed: user {user.id}" in messages(logs)
    assert "sign-in failed: no such account" in messages(logs)
    assert f"sign-in: user {user.id}" in messages(logs)
    assert user.email not in logs.text and "nobody@example.ca" not in logs.text


def test_a_permission_refusal_is_logged(client, make, logs):
    consultation = make.consultation(status="open")
    citizen = make.user()
    client.login_as(citizen)

    response = client.get(f"/manage/consultations/{consultation.slug}/edit")

    assert response.status_code == 403
    refusal = [m for m in messages(logs) if m.startswith("permission refused")]
    assert refusal == [f"permission refused: consultation.edit on Consultation {consultation.id}, "
                       f"user {citizen.id}"]


def test_role_changes_are_logged(client, db, make, logs):
    org = make.organization()
    admin = make.user(role="admin", organization=org)
    person = make.user(email="sam@example.org")
    client.login_as(admin)

    client.post(f"/admin/organizations/{org.slug}/memberships", {"email": person.email, "role": "designer"})
    membership = db.session.scalar(db.select(Membership).filter_by(user_id=person.id))
    client.post(f"/admin/organizations/{org.slug}/memberships/{membership.id}/delete")

    assert (f"role given: designer in organisation {org.id} to user {person.id}, by user {admin.id}"
            in messages(logs))
    assert (f"role taken away: designer in organisation {org.id} from user {person.id}, "
            f"by user {admin.id}" in messages(logs))


def test_a_500_shows_a_request_id_and_no_traceback(app, client, logs, monkeypatch):
    def broken_page():
        raise RuntimeError("the database said something private")

    monkeypatch.setitem(app.view_functions, "consultations.home", broken_page)

    response = client.get("/")

    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    text = page_text(response)
    assert f"quote this reference: {request_id}" in text
    for leak in ("Traceback", "RuntimeError", "something private", 'File "'):
        assert leak not in response.get_data(as_text=True)
    [logged] = [r for r in logs.records if r.name == "consult.web.errors"]
    assert logged.request_id == request_id and request_id in logged.getMessage()
    assert logged.exc_info is not None  # the traceback is in the log, for us


def test_a_500_when_the_database_is_down_is_still_a_page(app, client, make, logs, monkeypatch):
    """The usual error page needs the database for its header; with the database gone the
    person still gets a page in their language with the reference, not the server's bare 500."""
    import sqlalchemy as sa

    from consult.web import templates

    client.login_as(make.user())

    def database_gone(*_args, **_kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setitem(app.view_functions, "consultations.home", database_gone)
    monkeypatch.setattr(templates, "can", database_gone)

    response = client.get("/", headers={"Accept-Language": "fr"})

    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert request_id in page_text(response)
    assert 'lang="fr"' in response.get_data(as_text=True)
    assert "connection refused" not in response.get_data(as_text=True)
    assert any("error page failed too" in r.getMessage() for r in logs.records)


def test_a_500_in_htmx_is_plain_text_with_the_id(app, client, monkeypatch, logs):
    monkeypatch.setitem(app.view_functions, "consultations.home", lambda: 1 / 0)

    response = client.get("/", htmx=True)

    assert response.status_code == 500
    assert response.mimetype == "text/plain"
    assert response.headers["X-Request-ID"] in response.get_data(as_text=True)


def test_errors_are_in_the_persons_language(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "fr"})

    assert response.status_code == 404
    assert "Code d'erreur : 404." in page_text(response)
    assert "trouvé cette page" in page_text(response)


def test_no_password_or_token_ever_reaches_the_logs(app, client, client_factory, db, make, logs, monkeypatch):
    """Every path a secret takes: sign-in (right and wrong), registration and its confirmation
    (wrong, then right), a refused common password, a change, a reset by mail (a real mail
    server, so the mail is not logged)."""
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.invalid")
    sent = []
    monkeypatch.setattr(mail, "send", sent.append)
    user = make.user()
    secrets = [PASSWORD, "a wrong guess at it", "maple syrup in winter", "iloveyou1",
               "a brand new passphrase", "the newest passphrase of all"]

    sign_in(client, user, password=secrets[1])
    sign_in(client, user)
    newcomer = client_factory()
    newcomer.post("/auth/register", {"email": "ana@example.ca", "display_name": "Ana",
                                     "password": secrets[2], "confirm": secrets[2]})
    confirm = re.search(r"/auth/confirm/\S+", sent.pop().body).group(0)
    newcomer.post(confirm, {"password": secrets[1]})
    newcomer.post(confirm, {"password": secrets[2]})
    client.post("/account/password", {"current_password": PASSWORD, "new_password": secrets[3],
                                      "confirm": secrets[3]})
    client.post("/account/password", {"current_password": PASSWORD, "new_password": secrets[4],
                                      "confirm": secrets[4]})
    client.post("/auth/forgot", {"email": user.email})
    [reset_mail] = sent
    path = re.search(r"/auth/reset/\S+", reset_mail.body).group(0)
    client.post(path, {"password": secrets[5], "confirm": secrets[5]}, csrf=False)  # refused: logged
    client.post(path, {"password": secrets[5], "confirm": secrets[5]})

    db.session.expire_all()
    user = db.session.get(User, user.id)
    tokens = [path.rsplit("/", 1)[1], confirm.rsplit("/", 1)[1], user.session_token, user.password_hash, client.csrf_token()]
    logged = logs.text + "\n".join(messages(logs))
    assert len(logs.records) >= 6
    for secret in secrets + tokens:
        assert secret not in logged
