"""A large, realistic consultation loaded in bulk, for benchmarks: `flask --app consult seed-scale`.

Rows are generated in Python and written with PostgreSQL COPY (or big executemany batches on
SQLite); every counter is then computed in SQL from the rows themselves, so that the figures the
pages show are exactly those the services would have kept.
"""

import json
import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
import sqlalchemy as sa
from sqlalchemy.schema import AddConstraint, DropConstraint

from consult.auth.services import hash_password
from consult.extensions import db
from consult.models import (
    Consultation,
    Contribution,
    Flag,
    Hold,
    Membership,
    ModerationDecision,
    Organization,
    Service,
    User,
    Vote,
)
from consult.models.base import utcnow
from consult.models.vocabulary import PARTICIPANT_SEGMENTS, REGIONS
from consult.participation import recount_participation

from .scale_content import ContributionPlan

#: The password of every account the loader creates, staff and participants alike.
PASSWORD = "scale-bench-password"
STAFF_ROLES = ("designer", "moderator", "intake")
BATCH = 20_000


@dataclass
class Sizes:
    participants: int = 20_000
    ideas: int = 2_000
    comments: int = 100_000
    votes: int = 1_000_000


@dataclass
class Loaded:
    """What was loaded: the consultation, its staff, and the exact row counts."""

    slug: str
    staff: dict
    featured_idea_id: int
    rows: dict = field(default_factory=dict)


class Loader:
    """Writes rows table by table on one connection, in one transaction."""

    def __init__(self, connection, progress=None):
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"
        self.progress = progress or (lambda n: None)
        self.counts = {}

    def next_id(self, model):
        return (self.connection.scalar(sa.select(sa.func.max(model.id))) or 0) + 1

    def insert(self, model, columns, rows):
        """Insert `rows` (tuples in the order of `columns`), filling other columns' defaults."""
        table = model.__table__
        extra = {c.name: c.default.arg for c in table.columns
                 if c.name not in columns and c.default is not None and c.default.is_scalar}
        names = list(columns) + list(extra)
        tail = tuple(extra.values())
        json_at = [i for i, name in enumerate(names) if isinstance(table.c[name].type, sa.JSON)]
        count = 0
        if self.postgres:
            cursor = self.connection.connection.driver_connection.cursor()
            with cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
                for row in rows:
                    row = row + tail
                    if json_at:
                        row = tuple(json.dumps(v) if i in json_at else v for i, v in enumerate(row))
                    copy.write_row(row)
                    count += 1
                    if count % BATCH == 0:
                        self.progress(BATCH)
        else:
            batch = []
            for row in rows:
                batch.append(dict(zip(names, row + tail, strict=True)))
                if len(batch) == BATCH:
                    self.connection.execute(table.insert(), batch)
                    count += len(batch)
                    self.progress(len(batch))
                    batch = []
            if batch:
                self.connection.execute(table.insert(), batch)
                count += len(batch)
        self.progress(count % BATCH)
        self.counts[table.name] = self.counts.get(table.name, 0) + count
        return count

    @contextmanager
    def foreign_keys_deferred(self, *models):
        """On PostgreSQL, drop the tables' foreign keys during the load and add them back after,
        checked once over all rows instead of once per row (PostgreSQL's "Populating a Database")."""
        constraints = [fk for model in models for fk in model.__table__.foreign_key_constraints]
        if self.postgres:
            for constraint in constraints:
                self.connection.execute(DropConstraint(constraint))
        yield
        if self.postgres:
            for constraint in constraints:
                self.connection.execute(AddConstraint(constraint))

    def reset_sequences(self):
        """After explicit ids, let PostgreSQL's sequences continue past them."""
        if not self.postgres:
            return
        for model in (User, Contribution, Vote, Flag, Hold, ModerationDecision):
            table = model.__tablename__
            self.connection.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))


def _setting(connection, slug, password_hash, now):
    """The organisation, service, consultation and staff accounts, through the ORM (few rows)."""
    from sqlalchemy.orm import Session

    session = Session(bind=connection)
    organization = Organization(slug=f"{slug}-org", name_en="Service Canada (benchmark)",
                                name_fr="Service Canada (banc d'essai)", level="federal")
    service = Service(slug=f"{slug}-service", name_en="Passport renewal", name_fr="Renouvellement du passeport",
                      description_en="Renewing an adult passport.", description_fr="Renouveler un passeport adulte.",
                      organization=organization)
    service.set_codes("life_event", ["moving"])
    service.set_codes("segment", ["newcomers", "rural_remote"])
    service.set_codes("channel", ["online", "in_person", "mail"])
    consultation = Consultation(
        slug=slug, service=service, lead_organization=organization, status="open", moderation_mode="post",
        title_en="Redesigning passport renewal", title_fr="Repenser le renouvellement du passeport",
        summary_en="Tell us what would make renewing a passport simpler.",
        summary_fr="Dites-nous ce qui simplifierait le renouvellement du passeport.",
        background_en="Renewals take **too long** for many people.",
        background_fr="Le renouvellement prend **trop de temps** pour bien des gens.",
        opens_on=(now - timedelta(days=40)).date(), closes_on=(now + timedelta(days=30)).date())
    session.add(consultation)
    staff = {}
    for role in STAFF_ROLES:
        user = User(email=f"{role}@{slug}.example.org", display_name=f"{role.title()} ({slug})",
                    password_hash=password_hash, confirmed_at=utcnow())
        user.memberships.append(Membership(organization=organization, role=role))
        session.add(user)
        staff[role] = user
    session.flush()
    ids = consultation.id, {role: user.id for role, user in staff.items()}
    session.close()
    return ids


def _participants(loader, rng, count, password_hash, start):
    first = loader.next_id(User)
    regions = list(REGIONS)
    segments = list(PARTICIPANT_SEGMENTS)

    def rows():
        for n in range(count):
            uid = first + n
            chosen = sorted({segments[i] for i in rng.integers(0, len(segments), rng.integers(0, 3))})
            region = regions[rng.integers(0, len(regions))] if rng.random() < 0.7 else None
            yield (uid, f"p{uid}@participants.example.org", f"Participant {uid}", password_hash,
                   secrets.token_urlsafe(24), False, start, start, chosen, region)

    loader.insert(User, ("id", "email", "display_name", "password_hash", "session_token",
                         "is_site_admin", "created_at", "confirmed_at", "segments", "region"), rows())
    return np.arange(first, first + count)


def _votes(loader, rng, ideas, people, total, when):
    """`total` votes, one per person per idea: popular ideas get many, and two camps split
    on the divisive ones, so that opinion groups have something to find."""
    camp = rng.choice(3, size=len(people), p=[0.45, 0.4, 0.15])
    popularity = 1.0 / np.arange(1, len(ideas) + 1) ** 0.7
    per_idea = np.minimum(rng.multinomial(total, popularity / popularity.sum()), len(people))
    short = total - int(per_idea.sum())
    for i in range(len(ideas)):
        if short <= 0:
            break
        extra = min(short, len(people) - int(per_idea[i]))
        per_idea[i] += extra
        short -= extra
    # Per idea: the chance each camp agrees. A third divisive, most consensual, some unpopular.
    kinds = rng.choice(3, size=len(ideas), p=[0.3, 0.55, 0.15])
    agree_by_kind = np.array([[0.88, 0.12, 0.5], [0.8, 0.75, 0.78], [0.25, 0.3, 0.3]])
    stamps = [when - timedelta(minutes=int(m)) for m in range(0, 30 * 24 * 60, 37)]
    first = loader.next_id(Vote)

    def rows():
        vid = first
        for idea_id, count, kind in zip(ideas, per_idea, kinds, strict=True):
            voters = rng.choice(len(people), size=int(count), replace=False)
            agrees = rng.random(len(voters)) < agree_by_kind[kind][camp[voters]]
            stamp = stamps[idea_id % len(stamps)]
            for voter, agree in zip(voters.tolist(), agrees.tolist(), strict=True):
                yield (vid, idea_id, int(people[voter]), 1 if agree else -1, stamp)
                vid += 1

    loader.insert(Vote, ("id", "idea_id", "user_id", "value", "created_at"), rows())


def _moderation(loader, plan, people, moderator_id, now):
    first = loader.next_id(Flag)
    reasons = ("spam", "abusive", "off_topic")
    loader.insert(Flag, ("id", "contribution_id", "user_id", "reason", "created_at"), (
        (first + 3 * n + k, cid, int(people[(cid * 7 + k) % len(people)]), reasons[k], now)
        for n, cid in enumerate(plan.hidden) for k in range(3)))
    first = loader.next_id(Hold)
    loader.insert(Hold, ("id", "contribution_id", "rule", "spans", "created_at"), (
        (first + n, cid, rule, [list(span)], now) for n, (cid, (rule, span)) in enumerate(plan.held)))
    first = loader.next_id(ModerationDecision)
    decided = [(cid, "reject") for cid in plan.rejected] + [(cid, "hide") for cid in plan.hidden[1::2]]
    loader.insert(ModerationDecision, ("id", "contribution_id", "moderator_id", "action", "reason_code",
                                       "created_at"), (
        (first + n, cid, moderator_id, action, "off_topic", now) for n, (cid, action) in enumerate(decided)))


COUNTERS = (
    # Ideas: agree and disagree from the votes.
    """UPDATE contributions SET agree_count = v.agree, disagree_count = v.disagree FROM (
         SELECT idea_id, SUM(CASE WHEN value = 1 THEN 1 ELSE 0 END) AS agree,
                SUM(CASE WHEN value = -1 THEN 1 ELSE 0 END) AS disagree
         FROM votes WHERE idea_id BETWEEN :first AND :last GROUP BY idea_id) AS v
       WHERE contributions.id = v.idea_id""",
    # Ideas: published, undeleted comments on them, replies included.
    """UPDATE contributions SET comment_count = v.n FROM (
         SELECT idea_id, COUNT(*) AS n FROM contributions
         WHERE consultation_id = :consultation AND kind = 'comment' AND status = 'published'
           AND deleted_at IS NULL AND idea_id IS NOT NULL GROUP BY idea_id) AS v
       WHERE contributions.id = v.idea_id""",
    # Thread roots: published, undeleted replies under them.
    """UPDATE contributions SET comment_count = v.n FROM (
         SELECT root_id, COUNT(*) AS n FROM contributions
         WHERE consultation_id = :consultation AND root_id IS NOT NULL AND status = 'published'
           AND deleted_at IS NULL GROUP BY root_id) AS v
       WHERE contributions.id = v.root_id""",
    """UPDATE contributions SET flag_count = v.n FROM (
         SELECT contribution_id, COUNT(*) AS n FROM flags
         WHERE contribution_id BETWEEN :first AND :last GROUP BY contribution_id) AS v
       WHERE contributions.id = v.contribution_id""",
    """UPDATE consultations SET
         idea_count = (SELECT COUNT(*) FROM contributions WHERE consultation_id = :consultation
                       AND kind = 'idea' AND status = 'published' AND deleted_at IS NULL),
         comment_count = (SELECT COUNT(*) FROM contributions WHERE consultation_id = :consultation
                          AND kind = 'comment' AND status = 'published' AND deleted_at IS NULL)
       WHERE id = :consultation""",
)


def load(sizes, slug, seed=7, progress=None):
    """Load one consultation of `sizes` at `slug` and commit; returns what was loaded."""
    rng = np.random.default_rng(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    start = now - timedelta(days=35)
    password_hash = hash_password(PASSWORD)
    # The load runs on its own connection and, on PostgreSQL, briefly drops foreign keys (an
    # exclusive lock): the session's own transaction ends first so it holds no lock in the way,
    # and anyone else's that does makes the load fail after a while rather than wait for ever.
    db.session.close()
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SET LOCAL lock_timeout = '60s'"))
        loader = Loader(connection, progress)
        consultation_id, staff = _setting(connection, slug, password_hash, now)
        people = _participants(loader, rng, sizes.participants, password_hash, start)
        first = loader.next_id(Contribution)
        plan = ContributionPlan(rng, consultation_id, people, staff["intake"], first, start, now,
                                sizes.ideas + sizes.comments)
        idea_ids, idea_times = plan.ideas(sizes.ideas)
        plan.comments(sizes.comments, idea_ids, idea_times)
        featured = plan.renumber()[idea_ids[0]]
        published = [row[0] for row in plan.rows
                     if row[1] == "idea" and row[6] == "published" and row[13] is None]
        with loader.foreign_keys_deferred(Contribution, Vote):
            loader.insert(Contribution, ContributionPlan.COLUMNS, iter(plan.rows))
            _votes(loader, rng, published, people, sizes.votes, now)
        _moderation(loader, plan, people, staff["moderator"], now)
        for statement in COUNTERS:
            connection.execute(sa.text(statement), {"first": first, "last": plan.next_id - 1,
                                                    "consultation": consultation_id})
        loader.reset_sequences()
    recount_participation([consultation_id])
    db.session.commit()
    # What an operator does after a bulk load (autovacuum would, later): statistics for the
    # planner and, on PostgreSQL, a visibility map, so that index-only scans skip the table.
    analyze = "VACUUM (ANALYZE)" if db.engine.dialect.name == "postgresql" else "ANALYZE"
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in ("users", "contributions", "votes", "flags", "holds", "moderation_decisions",
                      "participations"):
            connection.execute(sa.text(f"{analyze} {table}"))
    return Loaded(slug=slug, staff={role: f"{role}@{slug}.example.org" for role in staff},
                  featured_idea_id=featured, rows=loader.counts)


def total_rows(sizes):
    """Roughly how many rows `load` writes, for a progress bar."""
    contributions = sizes.ideas + sizes.comments
    return sizes.participants + contributions + sizes.votes + int(contributions * 0.06)


QUICK = Sizes(participants=2_000, ideas=200, comments=10_000, votes=100_000)
