"""Every POST route refuses a request without a valid CSRF token, or with another session's, from a
signed-in person who may do it, and the database is left exactly as it was.

Each route has a body that does change the database when sent with the right token (the control),
so a refusal here is the token's doing and not an incomplete form's.
"""

import re

import pytest

from consult.models.base import utcnow
from tests.conftest import page_text
from tests.factories import PASSWORD

from .test_authz_matrix import EXPECTED
from .world import (
    build_world,
    changed_tables,
    collection_app,
    rules_by_endpoint,
    snapshot,
    urls_for_rule,
)

NEW_PASSWORD = "another long passphrase 42"


def _someone_to_tell(world):
    """A caller who left a phone number, in a consultation whose outcome is out: staff mark them told."""
    from consult.extensions import db
    from consult.models import Comment, IntakeContact

    entry = Comment(consultation_id=world.consultation.id, channel="phone", body="Called about it.",
                    status="published")
    db.session.add(entry)
    db.session.flush()
    db.session.add(IntakeContact(contribution_id=entry.id, name="A caller", contact="555-0100"))
    world.consultation.status = "reported"
    db.session.commit()
    return {"contribution_id": str(entry.id)}

#: endpoint -> (who sends it, the form body: a function of the world). The URL comes from the
#: world as in the authorization matrix (same overrides).
BODIES = {
    "account.about_you": ("citizen", lambda w: {"segments": "parent", "region": "ON", "save": "Save"}),
    "account.contribution_appeal": ("author", lambda w: {"text": "Please look at it again."}),
    "account.delete": ("citizen", lambda w: {"contributions": "keep", "password": PASSWORD}),
    "account.language": ("citizen", lambda w: {"locale": "fr", "next": "/"}),
    "account.password": ("citizen", lambda w: {"current_password": PASSWORD, "new_password": NEW_PASSWORD,
                                               "confirm": NEW_PASSWORD}),
    "account.profile": ("citizen", lambda w: {"display_name": "A new name"}),
    "admin.membership_create": ("admin", lambda w: {"email": w.person("citizen").email, "role": "moderator"}),
    "admin.membership_delete": ("admin", lambda w: {}),
    "admin.organization_create": ("site_admin", lambda w: {"slug": "new-body", "name_en": "New body",
                                                           "name_fr": "Nouvel organisme", "level": "municipal"}),
    "admin.organization_edit": ("admin", lambda w: {"slug": w.this_org.slug, "name_en": "Renamed",
                                                    "name_fr": "Renommé", "level": "federal"}),
    "auth.confirm_address": ("citizen", lambda w: {"password": PASSWORD}),
    "auth.forgot_password": ("citizen", lambda w: {"email": w.person("citizen").email}),
    "auth.login": ("citizen", lambda w: {"email": w.person("citizen").email, "password": PASSWORD}),
    "auth.logout": ("citizen", lambda w: {}),
    "auth.register": ("citizen", lambda w: {"email": "newcomer@example.org", "display_name": "Newcomer",
                                            "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    "auth.reset_password": ("citizen", lambda w: {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    "contributions.comment_create": ("citizen", lambda w: {"body": "A comment that should not land."}),
    "contributions.comment_reply": ("citizen", lambda w: {"body": "A reply that should not land."}),
    "contributions.contribution_delete": ("author", lambda w: {}),
    "contributions.contribution_edit": ("author", lambda w: {"body": "Edited behind their back."}),
    "contributions.contribution_flag": ("citizen", lambda w: {"reason": "spam"}),
    "contributions.idea_create": ("citizen", lambda w: {"title": "An idea", "body": "Its reasons."}),
    "contributions.idea_vote": ("citizen", lambda w: {"value": "1"}),
    "intake.follow_up": ("intake", _someone_to_tell),
    "intake.record": ("intake", lambda w: {"channel": "phone", "received_on": utcnow().date().isoformat(),
                                           "kind": "comment", "body": "Said on the phone.", "idea": "0"}),
    "manage.consultation_create": ("designer", lambda w: {
        "lead_organization": str(w.this_org.id), "service": str(w.service.id), "slug": "made-up",
        "title_en": "Made up", "title_fr": "Inventée", "moderation_mode": "post"}),
    "manage.consultation_edit": ("designer", lambda w: {
        "lead_organization": str(w.this_org.id), "service": str(w.service.id), "slug": "renamed",
        "title_en": "Renamed", "title_fr": "Renommée", "moderation_mode": "post"}),
    "manage.consultation_status_change": ("designer", lambda w: {"status": "closed"}),
    "manage.service_create": ("designer", lambda w: {"slug": "new-service", "name_en": "New service",
                                                     "name_fr": "Nouveau service",
                                                     "organization_id": str(w.this_org.id)}),
    "manage.service_edit": ("designer", lambda w: {"slug": w.service.slug, "name_en": "Renamed service",
                                                   "name_fr": "Service renommé",
                                                   "organization_id": str(w.this_org.id)}),
    "moderation.bulk_decide": ("moderator", lambda w: {"ids": str(w.held.id), f"version-{w.held.id}": "0",
                                                       "action": "approve"}),
    "moderation.item_decide": ("moderator", lambda w: {"action": "approve", "version": "0"}),
    "notifications.email_choice": ("author", lambda w: {}),
    "notifications.notification_read": ("author", lambda w: {}),
    "notifications.notification_read_all": ("author", lambda w: {}),
    "outcomes.idea_respond": ("designer", lambda w: {"status": "accepted", "text_en": "We will do it.",
                                                            "text_fr": "Nous le ferons."}),
    "outcomes.outcome_edit": ("designer", lambda w: {"heard_en": "We heard a lot.", "heard_fr": "Nous avons entendu.",
                                                     "changes_en": "Changes.", "changes_fr": "Changements.",
                                                     "save": "Save"}),
}

#: Routes whose right request changes the person's session only, never a row: the control is
#: then the response itself (what a refused request never gets).
SESSION_ONLY = {"auth.forgot_password"}


def _post_endpoints():
    return sorted(e for e, rules in rules_by_endpoint(collection_app()).items()
                  if any("POST" in r.methods for r in rules))


def test_every_post_route_has_a_body():
    missing = sorted(set(_post_endpoints()) - set(BODIES))
    assert not missing, ("POST routes without an entry in BODIES of tests/security/test_csrf_sweep.py "
                         f"(who sends it and a body that changes the database): {missing}")


def _foreign_token(client_factory):
    """A real token, from a form another browser session was given."""
    html = client_factory().get("/auth/login").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


# The token is refused before any handler reads the database: one backend sweeps it.
@pytest.mark.backend("sqlite")
@pytest.mark.parametrize("endpoint", [e for e in _post_endpoints() if e in BODIES])
def test_post_needs_this_sessions_token(app, db, make, client_factory, endpoint):
    world = build_world(make, db)
    role, body = BODIES[endpoint]
    rule = next(r for r in rules_by_endpoint(app)[endpoint] if "POST" in r.methods)
    url = urls_for_rule(rule, world, EXPECTED[endpoint].args if endpoint in EXPECTED else None)[0]
    client = client_factory().login_as(world.person(role))
    data = body(world)
    foreign = _foreign_token(client_factory)
    for label, token in (("without a token", None), ("with another session's token", foreign),
                         ("with a forged token", "forged")):
        before = snapshot(db)
        sent = dict(data, csrf_token=token) if token else data
        response = client.post(url, sent, csrf=False, buffered=True)
        assert response.status_code == 400, f"POST {url} ({endpoint}) {label}: got {response.status_code}"
        # The CSRF refusal itself (errors.csrf_error), not a form that failed for another reason.
        assert "Your session expired" in page_text(response), f"POST {url} ({endpoint}) {label}"
        assert not changed_tables(before, snapshot(db)), (
            f"POST {url} ({endpoint}) {label} changed {changed_tables(before, snapshot(db))}")

    before = snapshot(db)
    response = client.post(url, data, buffered=True)
    assert response.status_code < 400, f"control POST {url} ({endpoint}) failed: {response.status_code}"
    if endpoint not in SESSION_ONLY:
        assert changed_tables(before, snapshot(db)), (
            f"control POST {url} ({endpoint}) with a valid token changed nothing: fix its body in BODIES")
