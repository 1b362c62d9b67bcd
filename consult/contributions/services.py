"""The rules of contributing: post, reply, edit, delete, vote, flag. Flush, never commit."""

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..models import Comment, Contribution, Flag, Hold, Idea, Vote
from ..models.base import utcnow
from ..models.contributions import MAX_DEPTH
from ..models.dialects import insert_or_ignore, upsert
from ..participation import take_part
from ..visibility import PUBLISHED, is_live
from .status import bump, recount, send_to_review, set_status


def _store(model, **values):
    """Insert a new idea or comment, or return the one its submission key already stored."""
    key = values.get("submission_key")
    new_id = insert_or_ignore(Contribution, ["submission_key"], kind=model.__mapper_args__["polymorphic_identity"],
                              **values)
    if new_id is None:
        return db.session.scalar(sa.select(Contribution).where(Contribution.submission_key == key)), False
    return db.session.get(model, new_id), True


def _id(user):
    return user.id if user is not None else None


def _initial_status(consultation):
    return "pending" if consultation.moderation_mode == "pre" else "published"


def add_idea(consultation, author, title, body, submission_key=None, channel="web", recorded_by=None,
             seconds_taken=None):
    """Propose an idea; returns (idea, created). A repeated submission key returns the first."""
    idea, created = _store(
        Idea, consultation_id=consultation.id, author_id=_id(author), title=title.strip(),
        body=body.strip(), channel=channel, recorded_by_id=_id(recorded_by),
        submission_key=submission_key or None, status=_initial_status(consultation))
    if created:
        _arrived(idea, seconds_taken)
    return idea, created


def add_comment(consultation, author, body, submission_key=None, idea=None, parent=None,
                channel="web", recorded_by=None, seconds_taken=None):
    """Comment on the consultation or an idea, or reply to a comment; returns (comment, created)."""
    if parent is not None:
        if parent.depth >= MAX_DEPTH:
            parent = db.session.get(Comment, parent.parent_id)
        idea_id, root_id, depth = parent.idea_id, parent.root_id or parent.id, parent.depth + 1
    else:
        idea_id, root_id, depth = (idea.id if idea else None), None, 0
    comment, created = _store(
        Comment, consultation_id=consultation.id, author_id=_id(author), body=body.strip(),
        idea_id=idea_id, parent_id=parent.id if parent else None, root_id=root_id, depth=depth,
        channel=channel, recorded_by_id=_id(recorded_by), submission_key=submission_key or None,
        status=_initial_status(consultation))
    if created:
        _arrived(comment, seconds_taken)
    return comment, created


def edit_contribution(contribution, body, title=None):
    """The author's edit, screened again like a new contribution; under pre-moderation a published
    one waits for a moderator again. Returns False, changing nothing, when it was deleted meanwhile.

    The row is taken first (its moderation version raised, so a decision form opened on the old
    text is out of date) and read back under that lock. The text as it stood at the last decision
    is kept while the edit waits in the queue, for the moderator to see what changed.
    """
    db.session.flush()
    row = db.session.execute(
        sa.update(_contributions).where(_contributions.c.id == contribution.id)
        .values(moderation_version=_contributions.c.moderation_version + 1)
        .returning(*(_contributions.c[name] for name in _EDIT_READS))).one()
    for name in _EDIT_READS:
        set_committed_value(contribution, name, getattr(row, name))
    if contribution.is_deleted:
        return False
    if contribution.before_edit_body is None:
        contribution.before_edit_body, contribution.before_edit_title = contribution.body, contribution.title
    contribution.body = body.strip()
    if contribution.kind == "idea" and title:
        contribution.title = title.strip()
    contribution.edited_at = utcnow()
    if contribution.consultation.moderation_mode == "pre" and contribution.status == "published":
        set_status(contribution, "pending")
    screen_contribution(contribution)
    if not contribution.needs_review:
        contribution.before_edit_body = contribution.before_edit_title = None
    return True


#: What an edit reads back under the row's lock: the state other requests may have changed.
_EDIT_READS = ("status", "deleted_at", "needs_review", "review_since", "moderation_version", "title", "body",
               "before_edit_title", "before_edit_body")


def _arrived(contribution, seconds_taken):
    """A new contribution: count it if published, then screen it (which may hold it)."""
    recount(contribution, False, is_live(contribution))
    screen_contribution(contribution, seconds_taken)


def screen_contribution(contribution, seconds_taken=None):
    """Run automatic screening; anything it finds holds the contribution for review.

    Nothing is dropped: each finding is a Hold row with the matched spans, shown to moderators,
    and the author is told in plain words why it waits. Pre-moderated input joins the queue too.
    """
    from .screening import screen

    earlier = []
    if contribution.author_id is not None:
        earlier = db.session.scalars(
            sa.select(Contribution.body).where(
                Contribution.author_id == contribution.author_id, Contribution.id != contribution.id,
                Contribution.deleted_at.is_(None),
            ).order_by(Contribution.id.desc()).limit(20)
        ).all()
    findings = {(f.rule, tuple(f.spans)) for f in screen(contribution.body, earlier, seconds_taken)}
    if contribution.title:
        findings |= {(f.rule, ()) for f in screen(contribution.title) if f.rule not in {"too_fast", "repeated_text"}}
    for rule, spans in sorted(findings):
        db.session.add(Hold(contribution_id=contribution.id, rule=rule, spans=[list(span) for span in spans]))
    if findings and contribution.status == "published":
        set_status(contribution, "pending")
    if contribution.status == "pending":
        send_to_review(contribution)
    return findings


def delete_contribution(contribution):
    """The author's delete: the text is erased, the place in the thread stays.

    One conditional UPDATE: of a delete and a moderation decision or another delete at once, the
    counters move once, by what the row was when this statement took it.
    """
    db.session.flush()
    values = {"deleted_at": utcnow(), "body": "", "before_edit_body": None, "before_edit_title": None}
    if contribution.kind == "idea":
        values["title"] = None
    row = db.session.execute(
        sa.update(_contributions).where(_contributions.c.id == contribution.id,
                                        _contributions.c.deleted_at.is_(None))
        .values(**values).returning(_contributions.c.status)).one_or_none()
    if row is None:
        db.session.refresh(contribution, list(values) + ["status"])
        return
    for name, value in values.items():
        set_committed_value(contribution, name, value)
    set_committed_value(contribution, "status", row.status)
    recount(contribution, row.status == PUBLISHED, False)


def cast_vote(idea, user, value):
    """Agree (+1), disagree (-1) or withdraw (0); counts stay exact under concurrent votes.

    The person's vote is written first, by a statement that also tells what it was before, so
    nothing is read and then written: two requests of one person on one idea (a double submit)
    wait on the vote's row or key, and each sees what the other left. The counters move by the
    difference in SQL and come back with it, for the answer to show.
    """
    db.session.flush()
    before = _replace_vote({"idea": idea.id, "person": user.id, "vote": value})
    if before == value:
        return value
    counts = db.session.execute(_COUNT_VOTE, {
        "idea": idea.id, "agree": (value == 1) - (before == 1), "disagree": (value == -1) - (before == -1),
    }).one()
    set_committed_value(idea, "agree_count", counts.agree_count)
    set_committed_value(idea, "disagree_count", counts.disagree_count)
    take_part(idea.consultation_id, user.id, (value != 0) - (before != 0))
    return value


def _replace_vote(vote):
    """Make the person's vote on the idea `vote["vote"]` (0: none); returns what it was (0: none).

    A new vote is one INSERT, a withdrawal one DELETE; only a changed or repeated vote needs a
    second statement. A vote is +1 or -1, so a row that the UPDATE changed held -value.
    """
    if vote["vote"] == 0:
        return db.session.execute(_WITHDRAW_VOTE, vote).scalar() or 0
    added = upsert(Vote, ["idea_id", "user_id"], {"idea_id": vote["idea"], "user_id": vote["person"],
                                                  "value": vote["vote"], "created_at": utcnow()}, returning="id")
    if added.scalar() is not None:
        return 0
    changed = db.session.execute(_CHANGE_VOTE, vote).scalar()
    return vote["vote"] if changed is None else -vote["vote"]


# A vote's statements are built once and run with parameters: building them anew would cost a
# vote more than running them. Parameters are named apart from the columns, which name the values
# of an INSERT or UPDATE.
_votes, _contributions = Vote.__table__, Contribution.__table__
_this_vote = sa.and_(_votes.c.idea_id == sa.bindparam("idea"), _votes.c.user_id == sa.bindparam("person"))
_CHANGE_VOTE = (sa.update(_votes).where(_this_vote, _votes.c.value != sa.bindparam("vote"))
                .values(value=sa.bindparam("vote")).returning(_votes.c.id))
_WITHDRAW_VOTE = sa.delete(_votes).where(_this_vote).returning(_votes.c.value)
_COUNT_VOTE = (sa.update(_contributions).where(_contributions.c.id == sa.bindparam("idea"))
               .values(agree_count=_contributions.c.agree_count + sa.bindparam("agree"),
                       disagree_count=_contributions.c.disagree_count + sa.bindparam("disagree"))
               .returning(_contributions.c.agree_count, _contributions.c.disagree_count))


def flag_contribution(contribution, user, reason, note=""):
    """Report a contribution once; returns False when this person had already flagged it.

    The flag count moves in SQL and is read back under the row's lock; hiding at the threshold
    is a conditional transition from published, so of many flags at once exactly one hides it.
    """
    flag_id = insert_or_ignore(Flag, ["contribution_id", "user_id"], contribution_id=contribution.id,
                               user_id=user.id, reason=reason, note=(note or "").strip())
    if flag_id is None:
        return False
    bump(Contribution, contribution.id, flag_count=1)
    db.session.refresh(contribution, ["flag_count", "status", "deleted_at"])
    if contribution.deleted_at is not None:
        # Deleted by its author between the permission check and the row's lock: the flag is void.
        db.session.execute(sa.delete(Flag).where(Flag.id == flag_id))
        bump(Contribution, contribution.id, flag_count=-1)
        db.session.refresh(contribution, ["flag_count"])
        return False
    send_to_review(contribution)
    if (contribution.consultation.moderation_mode == "post" and contribution.status == "published"
            and contribution.flag_count >= contribution.consultation.flag_threshold):
        set_status(contribution, "hidden", "published")
    return True
