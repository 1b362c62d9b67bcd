"""A realistic demonstration: governments, services, consultations, people and what they said."""

import random
from datetime import UTC, datetime, time, timedelta

from consult.auth.services import hash_password
from consult.extensions import db
from consult.models import (
    Comment,
    Consultation,
    Flag,
    Idea,
    Membership,
    ModerationDecision,
    Organization,
    Service,
    User,
    Vote,
)
from consult.models.base import utcnow
from consult.models.vocabulary import TAG_KINDS
from consult.participation import recount_participation

from .demo_data import CITIZENS, CONSULTATIONS, FLAGGERS, ORGANIZATIONS, SERVICES, STAFF

DEMO_PASSWORD = "consult-demo-2026"

DEMO_ACCOUNTS = [(email, described) for _, email, _, described, _, _ in STAFF] + [
    ("amelie@example.org", "Citizen (French)"), ("daniel@example.org", "Citizen (English)"),
]

#: Authors that are channels: input typed in by intake staff on someone's behalf.
OFFLINE = ("phone", "mail", "in_person")


def load_demo(only_if_empty):
    """Add the demonstration to the session (flushed, not committed); True when loaded.

    Nothing is loaded, and False returned, when `only_if_empty` and an organisation exists,
    or when the demo's accounts are already there.
    """
    if only_if_empty and db.session.scalar(db.select(Organization.id).limit(1)) is not None:
        return False
    emails = [email for _, email, *_ in STAFF] + [f"{key}@example.org" for key, *_ in CITIZENS]
    if db.session.scalar(db.select(User.id).where(User.email.in_(emails)).limit(1)) is not None:
        return False
    organizations = {slug: Organization(slug=slug, level=level, name_en=en, name_fr=fr)
                     for slug, level, en, fr in ORGANIZATIONS}
    db.session.add_all(organizations.values())
    people = _people(organizations)
    services = {}
    for slug, name_en, name_fr, text_en, text_fr, events, segments, channels in SERVICES:
        service = Service(slug=slug, name_en=name_en, name_fr=name_fr,
                          description_en=text_en, description_fr=text_fr)
        for kind, codes in zip(TAG_KINDS, (events, segments, channels), strict=True):
            service.set_codes(kind, codes)
        services[slug] = service
    db.session.add_all(services.values())
    rng = random.Random(2026)
    for spec in CONSULTATIONS:
        # A service belongs to the lead of its first consultation, as the migration decided.
        service = services[spec["service"]]
        service.organization = service.organization or organizations[spec["lead"]]
        _consultation(spec, organizations, services, people, rng)
    db.session.flush()
    recount_participation()
    return True


def _people(organizations):
    """Staff with their roles, then citizens; every account shares one password hash."""
    password_hash = hash_password(DEMO_PASSWORD)
    people = {}
    for key, email, name, _, site_admin, roles in STAFF:
        people[key] = User(email=email, display_name=name, password_hash=password_hash,
                           is_site_admin=site_admin, locale="en", confirmed_at=utcnow())
        for slug, role in roles:
            people[key].memberships.append(Membership(organization=organizations[slug], role=role))
    for key, name, locale in CITIZENS:
        people[key] = User(email=f"{key}@example.org", display_name=name,
                           password_hash=password_hash, locale=locale, confirmed_at=utcnow())
    db.session.add_all(people.values())
    return people


def _consultation(spec, organizations, services, people, rng):
    """One consultation with its ideas, comment threads, votes and flags, counters exact."""
    today = utcnow().date()
    consultation = Consultation(
        slug=spec["slug"], service=services[spec["service"]],
        lead_organization=organizations[spec["lead"]],
        partners=[organizations[slug] for slug in spec["partners"]],
        status=spec["status"], moderation_mode=spec["moderation_mode"],
        opens_on=today + timedelta(days=spec["opens"]),
        closes_on=today + timedelta(days=spec["closes"]),
        **{f"{field}_{lang}": spec[f"{field}_{lang}"]
           for field in ("title", "summary", "background") for lang in ("en", "fr")},
    )
    db.session.add(consultation)
    db.session.flush()
    start = datetime.combine(consultation.opens_on, time(14), tzinfo=UTC)
    end = min(utcnow(), datetime.combine(consultation.closes_on, time(23), tzinfo=UTC))
    clock = _clock(start, end, rng)
    contributions = _thread(consultation, None, spec["comments"], people, clock)
    for author, title, body, comments in spec["ideas"]:
        idea = _contribution(Idea, consultation, author, people, clock, title=title, body=body)
        contributions += [idea, *_thread(consultation, idea, comments, people, clock)]
        if idea.status == "published":
            _votes(idea, people, rng)
    published = [c for c in contributions if c.status == "published"]
    consultation.idea_count = sum(isinstance(c, Idea) for c in published)
    consultation.comment_count = sum(isinstance(c, Comment) for c in published)


def _clock(now, end, rng):
    """Plausible, increasing times between a consultation's opening and its end (or now)."""
    while True:
        now = min(now + (end - now) * rng.uniform(0.02, 0.1), end)
        yield now


def _contribution(kind, consultation, spec, people, clock, **fields):
    """An Idea or Comment from an "author[:state]" spec: a citizen, or intake on their behalf."""
    who, _, state = spec.partition(":")
    offline = who in OFFLINE
    contribution = kind(
        consultation=consultation, author=None if offline else people[who],
        recorded_by=people["intake"] if offline else None,
        channel=who if offline else "web", created_at=next(clock),
        status=state if state in ("pending", "rejected") else "published", **fields,
    )
    db.session.add(contribution)
    db.session.flush()
    if state == "flagged":
        for flagger, reason in FLAGGERS:
            db.session.add(Flag(contribution_id=contribution.id, user_id=people[flagger].id,
                                reason=reason))
        contribution.flag_count = len(FLAGGERS)
    if state in ("pending", "flagged"):
        contribution.needs_review, contribution.review_since = True, contribution.created_at
    if state == "rejected":
        db.session.add(ModerationDecision(
            contribution_id=contribution.id, moderator=people["moderator"], action="reject",
            reason_code="off_topic", note="This is about parking, which another consultation covers.",
            created_at=next(clock)))
    return contribution


def _thread(consultation, idea, lines, people, clock):
    """Comments (on the consultation, or on `idea`) from "author|text" lines; ">" nests."""
    comments, last_at_depth = [], {}
    for line in lines:
        depth = len(line) - len(line.lstrip(">"))
        author, body = line[depth:].split("|", 1)
        parent = last_at_depth[depth - 1] if depth else None
        comment = _contribution(Comment, consultation, author, people, clock, body=body,
                                idea_id=idea.id if idea else None,
                                parent_id=parent.id if parent else None,
                                root_id=(parent.root_id or parent.id) if parent else None,
                                depth=depth)
        last_at_depth[depth] = comment
        comments.append(comment)
        if comment.status == "published":
            if idea is not None:
                idea.comment_count += 1
            if parent is not None:
                root = parent if parent.root_id is None else last_at_depth[0]
                root.comment_count += 1
    return comments


def _votes(idea, people, rng):
    """Most citizens vote on most ideas, mostly in agreement; never on their own."""
    for key, *_ in CITIZENS:
        if people[key] is idea.author or rng.random() > 0.65:
            continue
        agrees = rng.random() < 0.78
        db.session.add(Vote(idea_id=idea.id, user_id=people[key].id, value=1 if agrees else -1))
        idea.agree_count += agrees
        idea.disagree_count += not agrees
