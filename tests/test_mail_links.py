"""Every link in every mail the site sends is on its configured public address (SITE_URL), whatever
Host header the request that caused the mail named: a forged Host never gets a reset link mailed."""

import ast
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from itsdangerous import URLSafeTimedSerializer

from consult.extensions import mail
from consult.models import Idea
from tests.conftest import Client
from tests.factories import PASSWORD

SITE = "https://consult.example.ca"
HOSTILE = "http://evil.example"
LINK = re.compile(r"[a-z][a-z0-9+.-]*://[^\s)>\"']+", re.I)

#: Both languages, whatever the outcome and response forms come to require.
REPORT = {"heard_en": "Heard", "heard_fr": "Entendu", "changes_en": "Changes", "changes_fr": "Changements",
          "publish": "y"}
RESPONSE = {"status": "accepted", "text": "Yes.", "text_en": "Yes.", "text_fr": "Oui."}


class HostileClient(Client):
    """A browser whose every request names the Host evil.example (its cookies are that host's)."""

    def login_as(self, user):
        with self.http.session_transaction(base_url=HOSTILE) as session:
            session["_user_id"] = user.session_token
        return self

    def csrf_token(self):
        with self.http.session_transaction(base_url=HOSTILE) as session:
            raw = session.setdefault("csrf_token", "test-csrf-token-raw-value-0123456789ab")
        return URLSafeTimedSerializer(self.app.secret_key, salt="wtf-csrf-token").dumps(raw)

    def _send(self, method, url, **kwargs):
        return super()._send(method, url, base_url=HOSTILE, **kwargs)


@pytest.fixture
def hostile(app, db):
    return HostileClient(app)


@pytest.fixture
def sent(app, monkeypatch):
    """Every mail handed to the mail server (account mails and notifications alike), as
    (subject, body)."""
    mails = []

    class Connection:
        def __enter__(self):
            return self

        def __exit__(self, *_exc):
            return False

        def send(self, message):
            mails.append((message.subject, message.body))

    monkeypatch.setitem(app.config, "SITE_URL", SITE)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.invalid")
    monkeypatch.setattr(mail, "send", Connection().send)
    monkeypatch.setattr(mail, "connect", Connection)
    return mails


def _register(browser, email, password=PASSWORD):
    return browser.post("/auth/register", {"email": email, "display_name": "Ana", "password": password,
                                           "confirm": password})


def _forgot(browser, make, _world):
    browser.post("/auth/forgot", {"email": make.user().email})


def _register_new(browser, _make, _world):
    _register(browser, "new.person@example.ca")


def _register_existing(browser, make, _world):
    _register(browser, make.user().email)


def _sign_in_unconfirmed(browser, make, _world):
    person = make.user()
    person.confirmed_at = None
    make.db.session.commit()
    browser.post("/auth/login", {"email": person.email, "password": PASSWORD})


def _outcome_published(browser, make, world):
    consultation, designer = world
    make.idea(consultation, author=make.user())
    browser.login_as(designer).post(f"/manage/consultations/{consultation.slug}/outcome", REPORT)


def _idea_response(browser, make, world):
    consultation, designer = world
    idea = make.idea(consultation, author=make.user())
    browser.login_as(designer).post(f"/consultations/{consultation.slug}/ideas/{idea.id}/response",
                                    RESPONSE)


#: Every request that sends a mail, each mail the site has.
MAILS = {
    "password reset": _forgot,
    "address confirmation": _register_new,
    "you already have an account": _register_existing,
    "confirmation again, at sign-in": _sign_in_unconfirmed,
    "outcome published": _outcome_published,
    "response to an idea": _idea_response,
}


@pytest.mark.parametrize("kind", MAILS)
def test_every_mail_links_only_to_the_configured_address(hostile, make, sent, kind):
    org = make.organization()
    world = (make.consultation(status="closed", lead=org),
             make.user(role="designer", organization=org))

    MAILS[kind](hostile, make, world)

    assert sent, f"{kind}: no mail sent"
    links = [link for _subject, body in sent for link in LINK.findall(body)]
    assert links, f"{kind}: the mail carries no link"
    assert all(link.startswith(SITE + "/") for link in links), links
    assert not any("evil.example" in body for _subject, body in sent)


def test_the_reset_link_from_a_forged_host_works_on_the_real_site(client, hostile, make, sent):
    user = make.user()
    hostile.post("/auth/forgot", {"email": user.email})

    [link] = LINK.findall(sent[0][1])
    assert link.startswith(f"{SITE}/auth/reset/")
    assert client.get(link.removeprefix(SITE)).status_code == 200


def test_links_follow_a_site_served_under_a_path(app, hostile, make, monkeypatch, sent):
    monkeypatch.setitem(app.config, "SITE_URL", "https://gov.example.ca/consult")
    hostile.post("/auth/forgot", {"email": make.user().email})

    assert LINK.findall(sent[0][1])[0].startswith("https://gov.example.ca/consult/auth/reset/")


def test_the_idea_in_a_response_mail_is_named_by_its_real_address(hostile, db, make, sent):
    org = make.organization()
    consultation = make.consultation(status="closed", lead=org)
    _idea_response(hostile, make, (consultation, make.user(role="designer", organization=org)))

    idea_id = db.session.scalar(sa.select(Idea.id))
    [(_subject, body)] = sent
    assert f"{SITE}/consultations/{consultation.slug}/ideas/{idea_id}" in body


#: The functions that send a mail, each with the case above that makes it send.
SENDERS = {
    "consult/mail/account.py:send_password_reset": "password reset",
    "consult/mail/account.py:send_confirmation": "address confirmation",
    "consult/mail/account.py:send_already_registered": "you already have an account",
    "consult/mail/notifications.py:send_outcome_published": "outcome published",
    "consult/mail/notifications.py:send_idea_response": "response to an idea",
}
SENDING_CALLS = {"send_later", "send_messages", "send_mail", "mail.send"}
ROOT = Path(__file__).resolve().parent.parent


def _called(call):
    """"send_later" for send_later(...), "mail.send" for mail.send(...)."""
    return ast.unparse(call.func)


def _mail_senders():
    """Every function of consult/ that hands a mail over (mail/sending.py itself, which does the
    sending, and the outbox, which only defers it, aside)."""
    found = set()
    for path in (ROOT / "consult").rglob("*.py"):
        name = path.relative_to(ROOT).as_posix()
        if name in ("consult/mail/sending.py", "consult/mail/outbox.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(call, ast.Call) and _called(call) in SENDING_CALLS for call in ast.walk(node)):
                found.add(f"{name}:{node.name}")
    return found


def test_the_family_names_every_mail_the_site_sends():
    """A new mail fails here until it has a case in MAILS (and so is proven to link only to SITE_URL)."""
    assert _mail_senders() == set(SENDERS)
    assert set(SENDERS.values()) <= set(MAILS)


def test_no_link_is_built_on_the_request_host():
    offences = [f"{path.relative_to(ROOT)}:{n}" for path in (ROOT / "consult").rglob("*")
                if path.suffix in (".py", ".html", ".txt")
                for n, line in enumerate(path.read_text().splitlines(), 1)
                if re.search(r"(?<!\w)_external\s*=\s*True|request\.(host|url_root|host_url|base_url)\b", line)]
    assert offences == []
