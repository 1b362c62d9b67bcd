"""Hypothesis-made query strings and form bodies, on every route, signed in as someone who may use
it and with a valid CSRF token: whatever arrives, the answer is never a 500."""

import contextlib
import importlib
import inspect
import io
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from wtforms import DateField, Form, StringField
from wtforms.fields.core import UnboundField

from consult.inputs import ConsultForm, has_control_characters
from consult.models import Comment
from tests.conftest import page_text

from .test_authz_matrix import EXPECTED
from .world import (
    ROLES,
    build_world,
    clear_database,
    collection_app,
    rules_by_endpoint,
    urls_for_rule,
)

#: Query parameters the list and queue pages read, besides form field names.
QUERY_KEYS = ("page", "before", "after", "order", "q", "status", "service", "life_event", "segment",
              "level", "consultation", "reason", "kind", "age", "next", "dataset")
#: Values that have broken form handling elsewhere: numbers out of range, bad dates, vocabulary
#: codes used in the wrong field, control characters, oversized and non-ASCII text.
SPECIAL = ("", "0", "-1", "1", "2", "2147483648", "99999999999999999999", "1e309", "nan", "2025-02-30", "0000-00-00",
           "9999-12-31", "y", "on", "true", "approve", "reject", "hide", "restore", "redact", "suspend",
           "other", "phone", "mail", "idea", "comment", "open", "closed", "reported", "draft", "fr", "en",
           "xx", "keep", "remove", "accepted", "implemented", "federal", "designer", "admin", "\x00",
           "a\x00b", "\u202e", "%", "//evil.example", "https://evil.example/", "x" * 6000)

EXAMPLES = 10
#: Routes that read no form and cost seconds a request (a PDF drawn by WeasyPrint): fewer examples.
FEWER_EXAMPLES = {"exports.report_download": 2, "exports.dataset_download": 4,
                  "summaries.consultation_summary": 5}

values = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def _form_fields(blueprint):
    """Names of every field of every form in `consult.<blueprint>.forms` (none if it has no forms)."""
    try:
        module = importlib.import_module(f"consult.{blueprint}.forms")
    except ModuleNotFoundError:
        return []
    names = set()
    for _name, cls in inspect.getmembers(module, inspect.isclass):
        if issubclass(cls, Form) and cls.__module__ == module.__name__:
            names.update(name for name, _field in cls._unbound_fields or ())
    return sorted(names)


def _role(allowed):
    """Someone who may use the route, signed in when the route allows it."""
    signed_in = [role for role in ROLES if role in allowed and role != "visitor"]
    return (signed_in or [role for role in ROLES if role in allowed] or [None])[0]


def _cases():
    app = collection_app()
    cases = []
    for endpoint in sorted(set(rules_by_endpoint(app)) & set(EXPECTED)):
        methods = {m for rule in rules_by_endpoint(app)[endpoint] for m in rule.methods}
        for method, allowed in (("GET", EXPECTED[endpoint].get), ("POST", EXPECTED[endpoint].post)):
            if method in methods and allowed:
                cases.append((endpoint, method))
    return cases


def _fields(names, world):
    keys = st.sampled_from(names + [f"version-{world.held.id}", "ids", "csrf_token_x"])
    return st.dictionaries(keys, st.one_of(values, st.lists(values, min_size=1, max_size=3)), max_size=8)


@pytest.mark.parametrize("endpoint, method", _cases())
def test_no_input_gives_a_server_error(app, db, make, client_factory, endpoint, method):
    world = build_world(make, db)
    entry = EXPECTED[endpoint]
    role = _role(entry.get if method == "GET" else entry.post)
    rule = next(r for r in rules_by_endpoint(app)[endpoint] if method in r.methods)
    url = urls_for_rule(rule, world, entry.args)[0]
    names = _form_fields(endpoint.split(".")[0]) + list(QUERY_KEYS)
    client = client_factory()
    if world.person(role) is not None:
        client.login_as(world.person(role))

    @settings(max_examples=FEWER_EXAMPLES.get(endpoint, EXAMPLES), deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(query=_fields(list(QUERY_KEYS), world), form=_fields(names, world))
    def fuzz(query, form):
        if method == "GET":
            response = client.get(url, query_string=query, buffered=True)
        else:
            response = client.post(url, form, query_string=query, buffered=True)
        assert response.status_code != 500, (
            f"{method} {url} ({endpoint}) as {role} gave 500 with query={query!r} form={form!r}")

    fuzz()


#: Found by the fuzzing above on PostgreSQL: numbers past INTEGER in a query string or a moderation
#: form reached the database and gave a 500. (role, path, form or None for a GET.)
BIG = "99999999999999999999"
PAST_THE_RANGE = [
    ("moderator", "/moderation/?after=2147483648", None),
    ("moderator", f"/moderation/audit?before={BIG}", None),
    ("visitor", "/consultations/{slug}/comments?before=2147483648", None),
    ("visitor", "/consultations/{slug}/ideas/{idea}/comments?before=2147483648", None),
    ("visitor", f"/consultations/{{slug}}?page={BIG}", None),
    ("visitor", f"/consultations/?page={BIG}", None),
    ("author", f"/account/?page={BIG}", None),
    ("author", f"/account/notifications/?page={BIG}", None),
    ("moderator", "/moderation/bulk", {"ids": "{held}", "version-{held}": BIG, "action": "approve"}),
    ("moderator", "/moderation/bulk", {"ids": BIG, f"version-{BIG}": "0", "action": "approve"}),
    ("moderator", "/moderation/items/{held}/decide", {"version": BIG, "action": "approve"}),
]


@pytest.mark.parametrize("role, path, form", PAST_THE_RANGE)
def test_numbers_past_the_database_range(db, make, client_factory, role, path, form):
    world = build_world(make, db)
    names = {"slug": world.consultation.slug, "idea": world.idea.id, "held": world.held.id}
    client = client_factory()
    if world.person(role) is not None:
        client.login_as(world.person(role))
    url = path.format(**names)
    if form is None:
        response = client.get(url)
    else:
        response = client.post(url, {key.format(**names): value.format(**names) for key, value in form.items()})
    assert response.status_code in (200, 303, 422), f"{url}: {response.status_code}"


# Hostile input on every route of the URL map (issue 14, finding 8): ids past INTEGER, control
# characters in path segments, query arguments and every form field, files where text is expected,
# dates out of any sane range, a Host label longer than DNS allows. Never a 500; a 404 for a path
# that names nothing; the field's own message where the form is shown again.

HUGE_IDS = ("99999999999999999999", str(2**31), "0")
NUL_MESSAGE = "holds a character that cannot be stored"
DATE_MESSAGE = "Enter a date between"
HOSTILE = Path(__file__).with_name("hostile.txt")
BLNS = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "blns.json"


def control_strings():
    """The control-character lines of hostile.txt, then every naughty string holding one."""
    lines = [line for line in HOSTILE.read_text("utf-8").splitlines() if "\\x" in line and not line.startswith("#")]
    own = [re.sub(r"\\x([0-9a-f]{2})", lambda m: chr(int(m[1], 16)), line) for line in lines]
    naughty = json.loads(BLNS.read_text("utf-8")) if BLNS.exists() else []
    return [s for s in own + naughty if has_control_characters(s)]


def _form_classes():
    """Every form class the app defines, with the module it lives in."""
    modules = [importlib.import_module("consult.web.robots")]
    for blueprint in sorted({endpoint.split(".")[0] for endpoint in EXPECTED}):
        with contextlib.suppress(ModuleNotFoundError):
            modules.append(importlib.import_module(f"consult.{blueprint}.forms"))
    return [cls for module in modules for _name, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, Form) and cls.__module__ == module.__name__]


def _typed_fields(blueprint):
    """name -> field class, for every field of the forms of `blueprint` (and the public forms')."""
    fields = {}
    for cls in _form_classes():
        if cls.__module__ in (f"consult.{blueprint}.forms", "consult.web.robots"):
            for name in dir(cls):
                if isinstance(getattr(cls, name), UnboundField):
                    fields[name] = getattr(cls, name).field_class
    return fields


def _signed_in(client_factory, world, role):
    client = client_factory()
    if world.person(role) is not None:
        client.login_as(world.person(role))
    return client


def _send(client, method, url, data=None, **kwargs):
    if method == "GET":
        return client.get(url, buffered=True, **kwargs)
    return client.post(url, data or {}, buffered=True, **kwargs)


def test_every_form_derives_from_the_checked_base():
    loose = [cls.__qualname__ for cls in _form_classes() if not issubclass(cls, ConsultForm)]
    assert not loose, f"forms not built on consult.inputs.ConsultForm (no NUL or date checks): {loose}"


def _routes_with(kind):
    """(endpoint, method, rule, argument) for every allowed method of every rule with a `kind` argument."""
    app = collection_app()
    found = []
    for endpoint, method in _cases():
        for rule in rules_by_endpoint(app)[endpoint]:
            if method in rule.methods:
                found += [(endpoint, method, rule.rule, name) for name, converter in rule._converters.items()
                          if type(converter).__name__ == kind]
    return found


def _rule(app, endpoint, path):
    return next(rule for rule in rules_by_endpoint(app)[endpoint] if rule.rule == path)


@pytest.mark.parametrize("endpoint, method, path, argument", _routes_with("BoundedIntConverter"))
def test_ids_past_the_database_integer_are_not_found(app, db, make, client_factory, endpoint, method, path,
                                                     argument):
    world = build_world(make, db)
    entry = EXPECTED[endpoint]
    role = _role(entry.get if method == "GET" else entry.post)
    url = urls_for_rule(_rule(app, endpoint, path), world, entry.args)[0]
    client = _signed_in(client_factory, world, role)
    for huge in HUGE_IDS:
        target = _replace_argument(_rule(app, endpoint, path), url, argument, huge)
        response = _send(client, method, target)
        assert response.status_code == 404, f"{method} {target} as {role}: {response.status_code}"
    assert _send(client, method, url).status_code != 404, f"{method} {url}: the sane id is not found either"


def _replace_argument(rule, url, argument, value):
    """`url` of `rule` with the segment of `argument` replaced by `value` (percent-encoded)."""
    template = rule.rule.split("/")
    segments = url.split("?")[0].split("/")
    index = next(i for i, part in enumerate(template) if part.startswith("<") and f":{argument}>" in part
                 or part == f"<{argument}>")
    segments[index] = quote(value, safe="")
    return "/".join(segments)


@pytest.mark.parametrize("endpoint, method, path, argument", _routes_with("TextSegmentConverter"))
def test_control_characters_in_a_path_segment_are_not_found(app, db, make, client_factory, endpoint, method,
                                                            path, argument):
    world = build_world(make, db)
    entry = EXPECTED[endpoint]
    role = _role(entry.get if method == "GET" else entry.post)
    rule = _rule(app, endpoint, path)
    url = urls_for_rule(rule, world, entry.args)[0]
    client = _signed_in(client_factory, world, role)
    for hostile in ("a\x00b", "\x00", "slug\x1b[0m"):
        target = _replace_argument(rule, url, argument, hostile)
        response = _send(client, method, target)
        assert response.status_code == 404, f"{method} {target!r} as {role}: {response.status_code}"


#: Forms known to come back with what was typed: the sweep must see each of these fields there.
SHOWN_AGAIN = {
    "auth.login": {"email"}, "auth.register": {"email", "display_name"}, "auth.forgot_password": {"email"},
    "account.profile": {"display_name"}, "contributions.comment_create": {"body", "submission_key"},
    "contributions.idea_create": {"title", "body"}, "contributions.contribution_flag": {"note"},
    "contributions.contribution_edit": {"body"},
}


def _shows(html, name, value):
    """Whether the page draws the control `name` holding `value` again (its form came back)."""
    escaped = re.escape(str(escape(value)))
    return re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*\bvalue="{escaped}"', html) is not None or \
        re.search(rf'<textarea[^>]*\bname="{re.escape(name)}"[^>]*>\s*{escaped}</textarea>', html) is not None


@pytest.mark.parametrize("endpoint", sorted({endpoint for endpoint, method in _cases() if method == "POST"}))
def test_hostile_values_in_every_form_field(app, db, make, client_factory, endpoint):
    """Each field of the area's forms alone: a NUL, another control character, a file, and for a
    date field a date out of range. Never a 500; a form shown again says what is wrong."""
    entry = EXPECTED[endpoint]
    world = build_world(make, db)
    role = _role(entry.post)
    rule = next(r for r in rules_by_endpoint(app)[endpoint] if "POST" in r.methods)
    fields = _typed_fields(endpoint.split(".")[0])
    shown = set()
    for name, field_class in sorted(fields.items()):
        if entry.fresh:
            clear_database(db)
            world = build_world(make, db)
        url = urls_for_rule(rule, world, entry.args)[0]
        client = _signed_in(client_factory, world, role)
        tries = [("a\x00b", NUL_MESSAGE if issubclass(field_class, StringField) else None),
                 ("x\x1b[0m", NUL_MESSAGE if issubclass(field_class, StringField) else None)]
        if issubclass(field_class, DateField):
            tries += [("0001-01-01", DATE_MESSAGE), ("9999-12-31", DATE_MESSAGE)]
        for value, message in tries:
            response = client.post(url, {name: value}, buffered=True)
            html = response.get_data().decode("utf-8", "replace")
            what = f"POST {url} ({endpoint}) as {role} with {name}={value!r}"
            assert response.status_code != 500, what
            if message and response.status_code in (200, 400, 422) and _shows(html, name, value):
                shown.add(name)
                assert message in page_text(response), f"{what}: the form came back without saying why"
        upload = client.post(url, {name: (io.BytesIO(b"%PDF-1.4 not text"), "upload.pdf")},
                             content_type="multipart/form-data", buffered=True)
        assert upload.status_code != 500, f"POST {url} ({endpoint}) as {role} with a file as {name}"
    assert shown >= SHOWN_AGAIN.get(endpoint, set()), f"{endpoint}: these fields never came back: " \
        f"{sorted(SHOWN_AGAIN[endpoint] - shown)}"


@pytest.mark.parametrize("endpoint", sorted({endpoint for endpoint, method in _cases() if method == "GET"}))
def test_control_characters_in_every_query_argument(app, db, make, client_factory, endpoint):
    entry = EXPECTED[endpoint]
    world = build_world(make, db)
    role = _role(entry.get)
    rule = next(r for r in rules_by_endpoint(app)[endpoint] if "GET" in r.methods)
    url = urls_for_rule(rule, world, entry.args)[0]
    client = _signed_in(client_factory, world, role)
    names = sorted(set(QUERY_KEYS) | set(_typed_fields(endpoint.split(".")[0])))
    for hostile in control_strings()[:6]:
        response = client.get(url, query_string={name: hostile for name in names}, buffered=True)
        assert response.status_code != 500, f"GET {url} ({endpoint}) as {role} with {hostile!r} in every argument"
        if _shows(response.get_data().decode("utf-8", "replace"), "q", hostile):
            assert NUL_MESSAGE in page_text(response), f"GET {url}: the search did not say why it ignored {hostile!r}"


@pytest.mark.parametrize("endpoint, method", _cases())
def test_a_host_label_longer_than_dns_allows_is_a_bad_request(app, db, make, client_factory, endpoint, method):
    world = build_world(make, db)
    entry = EXPECTED[endpoint]
    role = _role(entry.get if method == "GET" else entry.post)
    rule = next(r for r in rules_by_endpoint(app)[endpoint] if method in r.methods)
    url = urls_for_rule(rule, world, entry.args)[0]
    client = _signed_in(client_factory, world, role)
    response = _send(client, method, url, headers={"Host": "a" * 64 + ".example.org"})
    assert response.status_code == 400, f"{method} {url} ({endpoint}): {response.status_code}"
    assert response.headers.get("X-Request-ID"), "the refusal carries no request id"
    assert "The request could not be understood." in page_text(response)
    assert 'href="/"' in response.get_data(as_text=True)  # the normal error page, with its links


@pytest.mark.parametrize("field", ["body", "submission_key"])
def test_every_control_string_is_refused_on_a_comment(db, make, client, field):
    """The whole corpus on one field (a comment), each string its own post: refused, said, not stored."""
    consultation = make.consultation()
    client.login_as(make.user())
    for hostile in control_strings():
        data = {"body": "Words a person wrote.", "submission_key": "key-of-one-form", field: hostile}
        response = client.post(f"/consultations/{consultation.slug}/comments", data)
        assert response.status_code == 422 and NUL_MESSAGE in page_text(response), repr(hostile)
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0


def test_an_opening_date_out_of_range_is_refused_and_intake_still_opens(db, make, client_factory):
    world = build_world(make, db)
    designer = _signed_in(client_factory, world, "designer")
    slug = world.consultation.slug
    form = {"lead_organization": str(world.this_org.id), "service": str(world.service.id), "slug": slug,
            "title_en": "Title", "title_fr": "Titre", "moderation_mode": "post", "accepts_ideas": "y",
            "accepts_comments": "y", "opens_on": "0001-01-01"}
    opens_on = world.consultation.opens_on
    response = designer.post(f"/manage/consultations/{slug}/edit", form)
    assert response.status_code in (200, 422) and DATE_MESSAGE in page_text(response)
    assert db.session.get(type(world.consultation), world.consultation.id).opens_on == opens_on
    intake = _signed_in(client_factory, world, "intake")
    assert intake.get(f"/intake/consultations/{slug}/new").status_code == 200
    refused = intake.post(f"/intake/consultations/{slug}/new", {"kind": "comment", "body": "By phone.",
                                                              "channel": "phone", "received_on": "0001-01-01"})
    assert refused.status_code in (200, 422) and DATE_MESSAGE in page_text(refused)
