"""Every route of the app, for every role and every method: the allowed ones reach their handler,
the rest are refused (403 signed in, sign-in or 403 as a visitor; 405 for a method a route lacks).

The routes come from the app's own URL map, so a new route without an entry here fails
`test_every_route_has_an_entry`, naming the endpoint to add.
"""

from collections import namedtuple

import pytest

from .world import (
    ROLES,
    build_world,
    clear_database,
    collection_app,
    rules_by_endpoint,
    urls_for_rule,
)

ANYONE = frozenset(ROLES)
SIGNED_IN = ANYONE - {"visitor"}
NOBODY = frozenset()
AUTHOR = frozenset({"author"})
INTAKE_OF_THIS_ORG = frozenset({"intake"})
MODERATOR_OF_THIS_ORG = frozenset({"moderator"})
MODERATORS = frozenset({"moderator", "other_moderator"})
#: Designers of the consultation's lead organisation or of its partner.
DESIGNERS_OF_THIS_ORG = frozenset({"designer", "partner_designer"})
DESIGNERS = DESIGNERS_OF_THIS_ORG | {"other_designer"}
ADMINS_OF_THIS_ORG = frozenset({"admin", "site_admin"})
SITE_ADMIN = frozenset({"site_admin"})
#: Who describes the world's service: designers of the organisation owning it (this org), site admins.
SERVICE_OWNERS = frozenset({"designer", "site_admin"})
#: Who reads a moderation audit trail: moderators and admins of an organisation, site admins.
AUDITORS = MODERATORS | ADMINS_OF_THIS_ORG

#: get/post: roles allowed. args: URL argument -> world object (see world.World.objects), when the
#: default of world.DEFAULT_ARGUMENTS is not the one. fresh: every allowed POST gets a new world
#: (for an empty POST that still changes state, such as a deletion).
Entry = namedtuple("Entry", "get post args fresh", defaults=(NOBODY, NOBODY, None, False))

EXPECTED = {
    "account.about_you": Entry(get=SIGNED_IN, post=SIGNED_IN),
    "account.contribution_appeal": Entry(get=AUTHOR, post=AUTHOR, args={"contribution_id": "rejected"}),
    "account.data_download": Entry(get=SIGNED_IN),
    "account.delete": Entry(get=SIGNED_IN, post=SIGNED_IN),
    "account.index": Entry(get=SIGNED_IN),
    "account.language": Entry(post=ANYONE),
    "account.password": Entry(get=SIGNED_IN, post=SIGNED_IN),
    "account.profile": Entry(get=SIGNED_IN, post=SIGNED_IN),
    "admin.index": Entry(get=ADMINS_OF_THIS_ORG),
    "admin.membership_create": Entry(post=ADMINS_OF_THIS_ORG),
    "admin.membership_delete": Entry(post=ADMINS_OF_THIS_ORG, fresh=True),
    "admin.organization_create": Entry(get=SITE_ADMIN, post=SITE_ADMIN),
    "admin.organization_edit": Entry(get=ADMINS_OF_THIS_ORG, post=ADMINS_OF_THIS_ORG),
    "admin.organization_view": Entry(get=ADMINS_OF_THIS_ORG),
    "admin.organization_activity": Entry(get=ADMINS_OF_THIS_ORG),
    "auth.confirm_address": Entry(get=ANYONE, post=ANYONE),
    "auth.forgot_password": Entry(get=ANYONE, post=ANYONE),
    "auth.login": Entry(get=ANYONE, post=ANYONE),
    "auth.logout": Entry(post=ANYONE),
    "auth.register": Entry(get=ANYONE, post=ANYONE),
    "auth.reset_password": Entry(get=ANYONE, post=ANYONE),
    "consultations.consultation_list": Entry(get=ANYONE),
    "consultations.healthz": Entry(get=ANYONE),
    "consultations.home": Entry(get=ANYONE),
    "consultations.service_detail": Entry(get=ANYONE),
    "contributions.comment_create": Entry(post=SIGNED_IN),
    "contributions.comment_reply": Entry(post=SIGNED_IN),
    "contributions.comments_more": Entry(get=ANYONE),
    "contributions.consultation_detail": Entry(get=ANYONE),
    "contributions.contribution_delete": Entry(post=AUTHOR),
    "contributions.contribution_edit": Entry(get=AUTHOR, post=AUTHOR),
    "contributions.contribution_flag": Entry(get=SIGNED_IN - AUTHOR, post=SIGNED_IN - AUTHOR),
    "contributions.idea_create": Entry(post=SIGNED_IN),
    "contributions.idea_detail": Entry(get=ANYONE),
    "contributions.idea_vote": Entry(post=SIGNED_IN),
    "exports.dataset_download": Entry(get=DESIGNERS_OF_THIS_ORG),
    "exports.report_download": Entry(get=DESIGNERS_OF_THIS_ORG),
    "notifications.email_choice": Entry(post=SIGNED_IN),
    "notifications.notification_list": Entry(get=SIGNED_IN),
    "notifications.notification_read": Entry(post=AUTHOR),
    "notifications.notification_read_all": Entry(post=SIGNED_IN),
    "outcomes.idea_respond": Entry(get=DESIGNERS_OF_THIS_ORG, post=DESIGNERS_OF_THIS_ORG),
    "outcomes.outcome_detail": Entry(get=ANYONE, args={"slug": "closed_consultation"}),
    "outcomes.outcome_edit": Entry(get=DESIGNERS_OF_THIS_ORG, post=DESIGNERS_OF_THIS_ORG,
                                   args={"slug": "closed_consultation"}),
    "summaries.consultation_summary": Entry(get=DESIGNERS_OF_THIS_ORG),
    "intake.follow_up": Entry(get=INTAKE_OF_THIS_ORG | DESIGNERS_OF_THIS_ORG,
                              post=INTAKE_OF_THIS_ORG | DESIGNERS_OF_THIS_ORG),
    "intake.index": Entry(get=INTAKE_OF_THIS_ORG),
    "intake.record": Entry(get=INTAKE_OF_THIS_ORG, post=INTAKE_OF_THIS_ORG),
    "manage.consultation_create": Entry(get=DESIGNERS, post=DESIGNERS),
    "manage.consultation_edit": Entry(get=DESIGNERS_OF_THIS_ORG, post=DESIGNERS_OF_THIS_ORG, fresh=True),
    "manage.consultation_participation": Entry(get=DESIGNERS_OF_THIS_ORG),
    "manage.consultation_status_change": Entry(post=DESIGNERS_OF_THIS_ORG),
    "manage.index": Entry(get=DESIGNERS),
    "manage.service_create": Entry(get=DESIGNERS, post=DESIGNERS),
    "manage.service_edit": Entry(get=SERVICE_OWNERS, post=SERVICE_OWNERS),
    "moderation.audit_log": Entry(get=AUDITORS),
    "moderation.bulk_decide": Entry(post=MODERATORS),
    "moderation.item_decide": Entry(post=MODERATOR_OF_THIS_ORG),
    "moderation.queue": Entry(get=MODERATORS),
    "transparency.consultation_report": Entry(get=ANYONE),
}

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
#: What "reached the handler" may answer: a page, a redirect, a form error, a conflict.
ALLOWED_STATUSES = {200, 302, 303, 400, 409, 422}


def test_every_route_has_an_entry(app):
    rules = rules_by_endpoint(app)
    missing = [
        f'    "{endpoint}": Entry(...),  # {", ".join(sorted(r.rule for r in rules[endpoint]))} '
        f'{sorted({m for r in rules[endpoint] for m in r.methods} & set(METHODS))}'
        for endpoint in sorted(set(rules) - set(EXPECTED))
    ]
    assert not missing, ("Routes without an entry in EXPECTED of tests/security/test_authz_matrix.py; "
                         "add one line each, naming the roles allowed:\n" + "\n".join(missing))
    stale = sorted(set(EXPECTED) - set(rules))
    assert not stale, f"EXPECTED names endpoints the app no longer has; remove them: {stale}"


def _is_sign_in_redirect(response):
    return response.status_code in (301, 302, 303) and "/auth/login" in response.headers.get("Location", "")


def _check(response, role, allowed, what):
    code = response.status_code
    if allowed:
        assert code in ALLOWED_STATUSES and not _is_sign_in_redirect(response), (
            f"{what} as {role}: expected to reach the handler, got {code} {response.headers.get('Location', '')}")
    elif role == "visitor":
        assert _is_sign_in_redirect(response) or code in (401, 403), (
            f"{what} as visitor: expected sign-in redirect or 403, got {code}")
    else:
        assert code == 403, f"{what} as {role}: expected 403, got {code}"


def _send(client_factory, world, role, method, url):
    client = client_factory()
    user = world.person(role)
    if user is not None:
        client.login_as(user)
    if method == "POST":
        return client.post(url, {}, buffered=True)
    # Buffered: a streamed download is read inside its request, as a browser would.
    return client._send(method.lower(), url, buffered=True)


@pytest.mark.parametrize("endpoint", sorted(set(rules_by_endpoint(collection_app())) & set(EXPECTED)))
def test_route_matrix(app, db, make, client_factory, endpoint):
    """GET then POST, every role; a POST goes refused roles first, allowed ones last."""
    entry = EXPECTED[endpoint]
    world = build_world(make, db)
    for rule in rules_by_endpoint(app)[endpoint]:
        urls = urls_for_rule(rule, world, entry.args)
        for index, url in enumerate(urls):
            for method in sorted({"GET", "POST"} & rule.methods):
                allowed = entry.get if method == "GET" else entry.post
                # The other choices of an `any(...)` argument (an export's format) pass the same
                # check: they are proven refused, and only the first is fetched by those allowed.
                roles = ROLES if index == 0 else set(ROLES) - allowed
                for role in sorted(roles, key=lambda r: (r in allowed, ROLES.index(r))):
                    if method == "POST" and entry.fresh and role in allowed:
                        clear_database(db)
                        world = build_world(make, db)
                        url = urls_for_rule(rule, world, entry.args)[index]
                    response = _send(client_factory, world, role, method, url)
                    _check(response, role, role in allowed, f"{method} {url} ({endpoint})")
        present = {m for r in app.url_map.iter_rules() if r.rule == rule.rule for m in r.methods}
        for method in sorted(set(METHODS) - present):
            for role in ("visitor", "citizen"):
                response = _send(client_factory, world, role, method, urls[0])
                assert response.status_code == 405, (
                    f"{method} {urls[0]} ({endpoint}) as {role}: expected 405, got {response.status_code}")
