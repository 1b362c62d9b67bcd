"""The content-state matrix: every state a contribution can be in x every viewer x every GET route
that can show a contribution. What consult/visibility.py refuses a viewer (text, title, author's
name) reaches them on no page, partial, feed or export; what it allows does reach them.

The routes come from the app's URL map: a GET route that is neither in VIEWS nor in SHOWS_NONE
fails `test_every_get_route_is_classified`, so a new page is swept (or says why it need not be).
Voting, commenting under, replying to and flagging anything not live are refused for everyone.
"""

from dataclasses import dataclass

import pytest

from .content_states import (
    AUTHORLESS,
    LIVE,
    PUBLISHED,
    TOMBSTONES,
    author_name,
    build_content_world,
)
from .world import collection_app, rules_by_endpoint, snapshot

#: Who looks, besides each state's own author. The moderators' and designer's roles are held in the
#: consultation's lead organisation, "partner_moderator" in its partner, "other_moderator" elsewhere.
VIEWERS = ("visitor", "citizen", "intake", "moderator", "partner_moderator", "other_moderator", "designer")
#: Who sees every state of the consultation's contributions, besides the author.
MODERATORS = frozenset({"moderator", "partner_moderator"})
#: The words of a state's own contributions, checked on every page; "below" and "orphan" (other
#: people's published comments under the state's idea and comment) only where threads are shown.
OWN_PIECES = ("idea_title", "idea_body", "comment", "under", "reply", "closed_title")


def _everyone(viewer, state):
    return True


def _own(viewer, state):
    return viewer == ("author", state)


def _designer(viewer, state):
    return viewer == "designer"


@dataclass(frozen=True)
class View:
    """One GET of a route. `args`: URL arguments, a value or the name of a world object ("idea",
    "comment", ... of the state; "world_idea", "world_comment", "closed"). `pieces`: what the page
    shows of a state to those who may see it, who open the page (`audience`) and, with policy
    "live", only while the state is live (outcomes, exports, counts)."""

    endpoint: str
    args: tuple = ()
    pieces: tuple = ()
    audience: object = _everyone
    policy: str = "visible"
    htmx: bool = False

    @property
    def per_state(self):
        return any(value in ("idea", "comment", "under", "reply") for _name, value in self.args)


THREAD = ("comment", "reply", "orphan", "tombstone_comment")
VIEWS = (
    View("contributions.consultation_detail", pieces=("idea_title", "name", *THREAD)),
    View("contributions.comments_more", pieces=THREAD),
    View("contributions.comments_more", pieces=THREAD, htmx=True),
    View("contributions.idea_detail", (("idea_id", "world_idea"),), pieces=("under",)),
    View("contributions.comments_more", (("idea_id", "world_idea"),), pieces=("under",)),
    View("contributions.comments_more", (("idea_id", "world_idea"),), pieces=("under",), htmx=True),
    View("contributions.idea_detail", (("idea_id", "idea"),),
         pieces=("idea_title", "idea_body", "name", "below", "tombstone_idea")),
    View("contributions.comments_more", (("idea_id", "idea"),), pieces=("below",)),
    View("contributions.comments_more", (("idea_id", "idea"),), pieces=("below",), htmx=True),
    View("contributions.contribution_flag", (("contribution_id", "idea"),)),
    View("contributions.contribution_flag", (("contribution_id", "reply"),), htmx=True),
    View("contributions.contribution_edit", (("contribution_id", "idea"),), pieces=("idea_body",), audience=_own),
    View("account.contribution_appeal", (("contribution_id", "comment"),)),
    View("outcomes.idea_respond", (("idea_id", "idea"),)),
    View("outcomes.outcome_detail", (("slug", "closed"),), pieces=("closed_title",), policy="live"),
    View("outcomes.outcome_edit", (("slug", "closed"),)),
    View("notifications.notification_list", pieces=("closed_title",), audience=_own),
    View("account.index", pieces=("idea_title", "comment", "under", "reply", "closed_title"), audience=_own),
    View("account.data_download", pieces=OWN_PIECES, audience=_own),
    *(View("exports.dataset_download", (("dataset", "contributions"), ("file_format", file_format)),
           pieces=OWN_PIECES[:-1], audience=_designer, policy="live") for file_format in ("csv", "json")),
    View("exports.dataset_download", (("dataset", "votes"), ("file_format", "csv"))),
    View("summaries.consultation_summary"),
    View("manage.consultation_participation"),
    View("transparency.consultation_report"),
    View("moderation.queue"),
    View("moderation.audit_log"),
    View("intake.record"),
    View("intake.index"),
    View("intake.follow_up"),
    # The audit trail of the consultation's lead organisation: what was done, never what was said.
    View("admin.organization_activity", (("slug", "organization"),)),
    View("consultations.home"),
    View("consultations.consultation_list"),
    View("consultations.service_detail", (("slug", "service"),)),
)

#: GET routes that show no contribution, and why.
SHOWS_NONE = {
    "account.about_you": "the person's own segments and region",
    "account.delete": "the account deletion form",
    "account.password": "the password form",
    "account.profile": "the display name form",
    "admin.index": "organisations and people",
    "admin.organization_create": "a form",
    "admin.organization_edit": "an organisation's names",
    "admin.organization_view": "an organisation's members",
    "auth.confirm_address": "a form", "auth.forgot_password": "a form", "auth.login": "a form",
    "auth.register": "a form", "auth.reset_password": "a form",
    "consultations.healthz": "a status word",
    "manage.consultation_create": "a form", "manage.consultation_edit": "the consultation's own texts",
    "manage.index": "the designer's consultations and their counts",
    "manage.service_create": "a form", "manage.service_edit": "a service's texts",
    # A PDF and a spreadsheet compress their text: the report draws the summary page's figures
    # (swept above) and the spreadsheet holds the rows of the CSV (swept above), from one query.
    "exports.report_download": "the PDF of the summary page (swept as summaries.consultation_summary)",
}


def test_every_get_route_is_classified():
    rules = rules_by_endpoint(collection_app())
    shown = {view.endpoint for view in VIEWS}
    get_routes = {endpoint for endpoint, endpoint_rules in rules.items()
                  if any("GET" in rule.methods for rule in endpoint_rules)}
    missing = sorted(get_routes - shown - set(SHOWS_NONE))
    assert not missing, ("GET routes the content-state matrix does not know; add a View to VIEWS of "
                         f"tests/security/test_content_states.py, or a reason to SHOWS_NONE: {missing}")
    stale = sorted((shown | set(SHOWS_NONE)) - get_routes)
    assert not stale, f"classified endpoints the app no longer has: {stale}"
    assert not shown & set(SHOWS_NONE), "an endpoint is both swept and said to show nothing"


def may_see(viewer, state):
    """The rule under test, restated as the table DESIGN.md gives."""
    return state in PUBLISHED or viewer in MODERATORS or viewer == ("author", state)


def _texts(objects):
    """piece -> its words on a page, for one state (None: nothing to find, its text is erased)."""
    state = objects.state
    texts = dict(objects.texts)
    if state == "deleted":
        texts.update(dict.fromkeys(OWN_PIECES))
    texts["name"] = None if state in AUTHORLESS or state == "deleted" else author_name(state)
    tombstones = state == "deleted"
    texts["tombstone_idea"] = TOMBSTONES["idea"] if tombstones else None
    texts["tombstone_comment"] = TOMBSTONES["comment"] if tombstones else None
    return texts


def _expected(view, viewer, state):
    if not view.audience(viewer, state):
        return False
    return state in LIVE if view.policy == "live" else may_see(viewer, state)


def _url(app, view, cw, objects):
    world = cw.world
    values = {"slug": world.consultation.slug}
    names = {"world_idea": world.idea.id, "world_comment": world.comment.id,
             "closed": world.closed_consultation.slug, "service": world.service.slug,
             "organization": world.this_org.slug}
    for name, value in view.args:
        if objects is not None and value in ("idea", "comment", "under", "reply"):
            value = getattr(objects, value).id
        values[name] = names.get(value, value)
    with app.test_request_context():
        from flask import url_for

        return url_for(view.endpoint, **values)


def _check(failures, view, viewer, body, states):
    """Refused: none of the state's words. Allowed and shown here: the view's pieces."""
    for objects in states:
        texts = _texts(objects)
        allowed = may_see(viewer, objects.state)
        for piece, text in texts.items():
            if text is None:
                continue
            on_every_page = piece in (*OWN_PIECES, "name")
            if not allowed and (on_every_page or piece in view.pieces) and text in body:
                failures.append(f"{objects.state}: {piece} reaches {viewer} at {view.endpoint} {view.args}")
            elif piece in view.pieces and _expected(view, viewer, objects.state) and text not in body:
                failures.append(f"{objects.state}: {piece} missing for {viewer} at {view.endpoint} {view.args}")


@pytest.fixture
def content_world(app, db, make):
    saved = app.config["PAGE_SIZE"]
    # Every thread of the consultation on its first page, so that "missing" means refused.
    app.config["PAGE_SIZE"] = 60
    yield build_content_world(make, db)
    app.config["PAGE_SIZE"] = saved


def _clients(client_factory, cw):
    people = {"citizen": cw.world.people["citizen"], "intake": cw.world.people["intake"],
              "moderator": cw.world.people["moderator"], "partner_moderator": cw.partner_moderator,
              "other_moderator": cw.world.people["other_moderator"], "designer": cw.world.people["designer"]}
    people.update({("author", state): objects.author for state, objects in cw.states.items()
                   if objects.author is not None})
    clients = {"visitor": client_factory()}
    for viewer, user in people.items():
        clients[viewer] = client_factory().login_as(user)
    return clients


def test_content_state_matrix(app, content_world, client_factory):
    cw = content_world
    clients = _clients(client_factory, cw)
    failures = []
    for view in VIEWS:
        # A page about one state's contribution, for that state's author and every other viewer;
        # a page about the consultation, once for everyone, checked for every state at once.
        targets = [(objects, [objects]) for objects in cw.states.values()] if view.per_state \
            else [(None, list(cw.states.values()))]
        for objects, states in targets:
            url = _url(app, view, cw, objects)
            viewers = [*VIEWERS, *((("author", objects.state),) if objects and objects.author else ())] \
                if objects else list(clients)
            for viewer in viewers:
                response = clients[viewer].get(url, htmx=view.htmx, buffered=True)
                assert response.status_code < 500, f"{url} as {viewer}: {response.status_code}"
                _check(failures, view, viewer, response.get_data(as_text=True), states)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:60])


def _refused(response, viewer):
    if viewer == "visitor":
        return response.status_code in (302, 303) and "/auth/login" in response.headers.get("Location", "")
    return response.status_code in (403, 404)


#: Who tries: the moderators and the author see what is not live, and still may not act on it.
ACTORS = ("visitor", "citizen", "moderator", "partner_moderator")


def _actions(objects):
    """Every way to take part in what a state's contributions hang under: (what, url, form)."""
    slug = objects.idea.consultation.slug
    actions = [("vote on the idea", f"/ideas/{objects.idea.id}/vote", {"value": "1"}),
               ("comment under the idea", f"/consultations/{slug}/ideas/{objects.idea.id}/comments",
                {"body": "Under a contribution that is not live.", "submission_key": f"c{objects.idea.id}"})]
    for name in ("comment", "under", "reply", "orphan"):
        contribution = getattr(objects, name)
        actions.append((f"reply to the {name}", f"/contributions/{contribution.id}/replies",
                        {"body": "A reply.", "submission_key": f"r{contribution.id}"}))
    for name in ("idea", "comment", "under", "reply", "below"):
        actions.append((f"flag the {name}", f"/contributions/{getattr(objects, name).id}/flag",
                        {"reason": "spam"}))
    return actions


def test_nothing_but_live_contributions_take_part(app, content_world, client_factory, db):
    """Refused for everyone, author and moderators included, and nothing changes; on a published
    contribution the same requests are accepted (so the refusals are the rule's, not the test's)."""
    cw = content_world
    clients = _clients(client_factory, cw)
    before = snapshot(db)
    failures = []
    for state, objects in cw.states.items():
        if state in LIVE:
            continue
        actors = [*ACTORS, *((("author", state),) if objects.author else ())]
        for what, url, form in _actions(objects):
            for actor in actors:
                if what.startswith("flag the below") and actor == "citizen":
                    continue  # their own comment: refused for that reason alone
                if state == "deleted" and what in ("reply to the orphan", "flag the below"):
                    continue  # live, under a tombstone: a deleted comment's thread goes on
                # The htmx form of each request once: it passes the same rule.
                for htmx in (False, True) if actor == "citizen" else (False,):
                    response = clients[actor].post(url, form, htmx=htmx)
                    if not _refused(response, actor):
                        failures.append(f"{state}: {what} by {actor} (htmx={htmx}) got {response.status_code}")
    assert not failures, "\n".join(failures)
    assert snapshot(db) == before, "a refused request changed the database"
    published = cw.states["published"]
    for what, url, form in _actions(published):
        actor = "moderator" if what == "flag the below" else "citizen"
        response = clients[actor].post(url, form)
        assert response.status_code in (200, 303), f"published: {what} by {actor} got {response.status_code}"


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_own_reply_under_a_hidden_comment_does_not_show_the_thread(make, client, action):
    """Editing or deleting one's reply redraws its thread: never with a comment hidden since."""
    consultation = make.consultation()
    root = make.comment(consultation, body="zqhiddenrootzq")
    replier = make.user()
    reply = make.comment(consultation, author=replier, parent=root, body="My own reply.")
    root.status = "hidden"
    make.db.session.commit()
    client.login_as(replier)
    if action == "edit":
        response = client.post(f"/contributions/{reply.id}/edit", {"body": "My reply, edited."}, htmx=True)
    else:
        response = client.post(f"/contributions/{reply.id}/delete", {}, htmx=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "zqhiddenrootzq" not in page
    assert ("My reply, edited." if action == "edit" else TOMBSTONES["comment"]) in page
