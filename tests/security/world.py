"""One "world" for the security tests: organisations, a consultation led by "this org", every kind of
object a URL can name, and one person for every role; plus how to fill a URL rule from it."""

import functools
import itertools
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from werkzeug.routing.converters import AnyConverter

from consult.auth.services import confirmation_token, reset_token
from consult.models import Appeal, Hold, Membership, ModerationDecision, Notification, Outcome
from consult.models.base import utcnow

#: Everyone the matrix decides about. "Designer", "moderator", "intake" and "admin" hold their role in
#: the organisation leading the consultation; "partner_designer" in its partner; "other_*" elsewhere.
ROLES = (
    "visitor", "citizen", "author", "intake", "moderator", "other_moderator", "designer",
    "partner_designer", "other_designer", "admin", "site_admin",
)

#: (role, organisation attribute of the world) for the staff roles.
STAFF = {
    "intake": ("intake", "this_org"), "moderator": ("moderator", "this_org"),
    "other_moderator": ("moderator", "other_org"), "designer": ("designer", "this_org"),
    "partner_designer": ("designer", "partner_org"), "other_designer": ("designer", "other_org"),
    "admin": ("admin", "this_org"),
}


@dataclass
class World:
    """Everything a URL of the app can name, and who is who."""

    this_org: object
    partner_org: object
    other_org: object
    service: object
    consultation: object
    closed_consultation: object
    idea: object
    comment: object
    reply: object
    held: object
    rejected: object
    appealed: object
    membership: object
    notification: object
    #: Registered, address not yet confirmed (password: the factories' PASSWORD).
    newcomer: object
    people: dict = field(default_factory=dict)

    def person(self, role):
        """The user playing `role`; None for a visitor."""
        return self.people.get(role)

    def objects(self):
        """Name -> the value a URL argument takes from it (slug or id)."""
        values = {
            "consultation": self.consultation.slug, "closed_consultation": self.closed_consultation.slug,
            "service": self.service.slug, "organization": self.this_org.slug,
            "other_organization": self.other_org.slug, "idea": self.idea.id, "comment": self.comment.id,
            "reply": self.reply.id, "held": self.held.id, "rejected": self.rejected.id,
            "appealed": self.appealed.id, "membership": self.membership.id,
            "notification": self.notification.id,
            "token": reset_token(self.people["citizen"]),
            "confirmation": confirmation_token(self.newcomer),
        }
        return values


#: Not part of the application's own routes.
IGNORED_ENDPOINTS = {"static"}


def rules_by_endpoint(app):
    """endpoint -> its URL rules (several for a view served at two paths), static files left out."""
    rules = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in IGNORED_ENDPOINTS:
            rules.setdefault(rule.endpoint, []).append(rule)
    return rules


@functools.cache
def collection_app():
    """An app built only to read its URL map while tests are collected; it touches no database."""
    from consult import create_app

    return create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")


#: For an argument name: the world object it names by default, by path prefix (longest first).
DEFAULT_ARGUMENTS = {
    "slug": [("/services/", "service"), ("/manage/services/", "service"),
             ("/admin/organizations/", "organization"), ("/", "consultation")],
    "idea_id": [("/", "idea")],
    "contribution_id": [("/moderation/", "held"), ("/", "comment")],
    "membership_id": [("/", "membership")],
    "notification_id": [("/", "notification")],
    "token": [("/", "token")],
    "confirmation": [("/", "confirmation")],
}


def urls_for_rule(rule, world, overrides=None):
    """The paths of `rule` with every argument filled from `world`: one per choice of each
    `any(...)` argument (an export's dataset and format), else one.

    `overrides` maps an argument name to a world object name (see World.objects); unknown arguments
    fail with the rule named, so that a new kind of URL argument is noticed.
    """
    values = world.objects()
    fixed, choices = {}, {}
    for name in sorted(rule.arguments):
        converter = rule._converters.get(name)
        if isinstance(converter, AnyConverter) and name not in (overrides or {}):
            choices[name] = sorted(converter.items)
            continue
        choice = (overrides or {}).get(name)
        if choice is None:
            candidates = DEFAULT_ARGUMENTS.get(name)
            if candidates is None:
                raise LookupError(f"{rule.endpoint} ({rule.rule}): no world object for <{name}>; "
                                  f"add one to tests/security/world.py or an override to its entry")
            choice = next(obj for prefix, obj in candidates if rule.rule.startswith(prefix))
        fixed[name] = values[choice]
    return [rule.build({**fixed, **dict(zip(choices, combination, strict=True))}, append_unknown=False)[1]
            for combination in itertools.product(*choices.values())]


def build_world(make, db):
    """A consultation led by "this org" with a partner, and one of every object; committed."""
    this_org = make.organization(name="This Department")
    partner_org = make.organization(name="Partner Department")
    other_org = make.organization(name="Other Department")
    people = {"citizen": make.user(), "author": make.user(), "site_admin": make.user(site_admin=True)}
    orgs = {"this_org": this_org, "partner_org": partner_org, "other_org": other_org}
    for role, (held_role, org) in STAFF.items():
        people[role] = make.user(role=held_role, organization=orgs[org])
    service = make.service(organization=this_org)
    consultation = make.consultation(lead=this_org, partners=[partner_org], service=service)
    closed = make.consultation(status="closed", lead=this_org, partners=[partner_org], service=service)
    author = people["author"]
    idea = make.idea(consultation, author=author)
    comment = make.comment(consultation, author=author)
    reply = make.comment(consultation, parent=comment, author=people["citizen"])
    now = utcnow()
    held = make.comment(consultation, author=author, body="Call me at 613-555-0199.", status="pending",
                        needs_review=True, review_since=now)
    held.holds.append(Hold(rule="phone", spans=[[11, 23]]))
    rejected = make.comment(consultation, author=author, body="Rejected words.", status="rejected")
    appealed = make.comment(consultation, author=author, body="Appealed words.", status="rejected",
                            needs_review=True, review_since=now)
    moderator = people["moderator"]
    for contribution in (rejected, appealed):
        db.session.add(ModerationDecision(contribution_id=contribution.id, moderator_id=moderator.id,
                                          action="reject", reason_code="off_topic",
                                          created_at=now - timedelta(hours=1)))
    db.session.add(Appeal(contribution_id=appealed.id, text="Please look again."))
    newcomer = make.user()
    newcomer.confirmed_at = None
    spare = make.user()
    membership = Membership(user=spare, organization=this_org, role="intake")
    db.session.add(membership)
    db.session.add(Outcome(consultation=closed, heard_en="What we heard.", changes_en="What changes.",
                           published_at=now, published_by_id=people["designer"].id))
    notification = Notification(user_id=author.id, kind="outcome_published", consultation_id=closed.id)
    db.session.add(notification)
    db.session.commit()
    return World(this_org=this_org, partner_org=partner_org, other_org=other_org, service=service,
                 consultation=consultation, closed_consultation=closed, idea=idea, comment=comment,
                 reply=reply, held=held, rejected=rejected, appealed=appealed, membership=membership,
                 notification=notification, newcomer=newcomer, people=people)


def clear_database(db):
    """Empty every table, as the `db` fixture does between tests, to rebuild a world in one test."""
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    db.session.remove()
    # On the session's connection: inside the test's transaction, when the `db` fixture keeps one.
    conn = db.session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            conn.execute(sa.text(f"DELETE FROM {table}"))
    db.session.commit()


def snapshot(db):
    """Every row of every table, to prove that a refused request changed nothing."""
    db.session.expire_all()
    rows = {}
    conn = db.session.connection()  # the test's own, which sees what its requests committed
    for table in db.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        rows[table.name] = [tuple(row) for row in conn.execute(sa.select(table).order_by(*order))]
    return rows


def changed_tables(before, after):
    """Names of the tables whose rows differ between two snapshots."""
    return sorted(name for name in before if before[name] != after.get(name))
