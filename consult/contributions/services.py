"""The rules of contributing: post, reply, edit, delete, vote, flag. Flush, never commit."""

import sqlalchemy as sa

from ..extensions import db
from ..models import Comment, Consultation, Contribution, Flag, Idea, Vote
from ..models.base import insert_or_ignore, utcnow
from ..models.contributions import MAX_DEPTH


def _bump(model, row_id, **deltas):
    """Add to counters in SQL, so concurrent requests never lose an update."""
    values = {name: getattr(model, name) + delta for name, delta in deltas.items() if delta}
    if values:
        db.session.execute(sa.update(model).where(model.id == row_id).values(**values))


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


def add_idea(consultation, author, title, body, submission_key=None, channel="web", recorded_by=None):
    """Propose an idea; returns (idea, created). A repeated submission key returns the first."""
    idea, created = _store(
        Idea, consultation_id=consultation.id, author_id=_id(author), title=title.strip(),
        body=body.strip(), channel=channel, recorded_by_id=_id(recorded_by),
        submission_key=submission_key or None, status=_initial_status(consultation))
    if created and idea.status == "published":
        _bump(Consultation, consultation.id, idea_count=1)
    return idea, created


def add_comment(consultation, author, body, submission_key=None, idea=None, parent=None,
                channel="web", recorded_by=None):
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
    if created and comment.status == "published":
        _count_comment(comment, +1)
    return comment, created


def _count_comment(comment, delta):
    _bump(Consultation, comment.consultation_id, comment_count=delta)
    if comment.idea_id:
        _bump(Contribution, comment.idea_id, comment_count=delta)


def edit_contribution(contribution, body, title=None):
    contribution.body = body.strip()
    if contribution.kind == "idea" and title:
        contribution.title = title.strip()
    contribution.edited_at = utcnow()


def delete_contribution(contribution):
    """The author's delete: the text is erased, the place in the thread stays."""
    was_counted = contribution.status == "published" and not contribution.is_deleted
    contribution.deleted_at = utcnow()
    contribution.body = ""
    if contribution.kind == "idea":
        contribution.title = None
    if was_counted:
        if contribution.kind == "idea":
            _bump(Consultation, contribution.consultation_id, idea_count=-1)
        else:
            _count_comment(contribution, -1)


def cast_vote(idea, user, value):
    """Agree (+1), disagree (-1) or withdraw (0); counts stay exact under concurrent votes."""
    # An UPDATE takes the idea's row lock (PostgreSQL) or the write lock (SQLite) before we
    # read the person's vote, so concurrent votes on one idea are applied one after another.
    db.session.execute(sa.update(Contribution).where(Contribution.id == idea.id)
                       .values(agree_count=Contribution.agree_count))
    vote = db.session.scalar(sa.select(Vote).filter_by(idea_id=idea.id, user_id=user.id))
    before = vote.value if vote else 0
    if value == 0 and vote is not None:
        db.session.delete(vote)
    elif value != 0 and vote is None:
        db.session.add(Vote(idea_id=idea.id, user_id=user.id, value=value))
    elif value != 0:
        vote.value = value
    db.session.flush()
    _bump(Contribution, idea.id,
          agree_count=(value == 1) - (before == 1),
          disagree_count=(value == -1) - (before == -1))
    db.session.refresh(idea, ["agree_count", "disagree_count"])
    return value


def flag_contribution(contribution, user, reason, note=""):
    """Report a contribution once; returns False when this person had already flagged it."""
    flag_id = insert_or_ignore(Flag, ["contribution_id", "user_id"], contribution_id=contribution.id,
                               user_id=user.id, reason=reason, note=(note or "").strip())
    if flag_id is None:
        return False
    _bump(Contribution, contribution.id, flag_count=1)
    return True


def _counted(contribution):
    return contribution.status == "published" and not contribution.is_deleted


def set_status(contribution, status):
    """Move a contribution to `status` (published, pending, rejected, hidden), keeping every
    published-only counter exact. Moderation calls this; nothing else writes `status`."""
    before = _counted(contribution)
    contribution.status = status
    after = _counted(contribution)
    if before == after:
        return
    delta = 1 if after else -1
    if contribution.kind == "idea":
        _bump(Consultation, contribution.consultation_id, idea_count=delta)
    else:
        _count_comment(contribution, delta)


def send_to_review(contribution):
    """Put a contribution in the moderation queue (once; an item already there keeps its place)."""
    if not contribution.needs_review:
        contribution.needs_review = True
        contribution.review_since = utcnow()
