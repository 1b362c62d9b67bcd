"""Hypothesis-made query strings and form bodies, on every route, signed in as someone who may use
it and with a valid CSRF token: whatever arrives, the answer is never a 500."""

import importlib
import inspect

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms import Form

from .test_authz_matrix import EXPECTED
from .world import ROLES, build_world, collection_app, rules_by_endpoint, urls_for_rule

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
