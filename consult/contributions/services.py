"""The rules of contributing: post, reply, edit, delete, vote, flag. Flush, never commit."""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Comment, Consultation, Contribution, Flag, Idea, Vote
from ..models.base import utcnow
from ..models.contributions import MAX_DEPTH


def _bump(model, row_id, **deltas):
    """Add to counters in SQL, so concurrent requests never lose an update."""
    values = {name: getattr(model, name) + delta for name, delta in deltas.items() if delta}
    if values:
        db.session.execute(sa.update(model).where(model.id == row_id).values(**values))


def _existing_submission(key):
    if not key:
        return None
    return db.session.scalar(sa.select(Contribution).where(Contribution.submission_key == key))


def _store(contribution):
    """Insert a new contribution, or return the one its submission key already stored."""
    earlier = _existing_submission(contribution.submission_key)
    if earlier is not None:
        return earlier, False
    try:
        with db.session.begin_nested():
            db.session.add(contribution)
    except IntegrityError:
        earlier = _existing_submission(contribution.submission_key)
        if earlier is None:
            raise
        return earlier, False
    return contribution, True


def _initial_status(consultation):
    return "pending" if consultation.moderation_mode == "pre" else "published"


def add_idea(consultation, author, title, body, submission_key=None, channel="web", recorded_by=None):
    """Propose an idea; returns (idea, created). A repeated submission key returns the first."""
    idea = Idea(consultation_id=consultation.id, author=author, title=title.strip(), body=body.strip(),
                channel=channel, recorded_by=recorded_by, submission_key=submission_key or None,
                status=_initial_status(consultation))
    idea, created = _store(idea)
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
    comment = Comment(consultation_id=consultation.id, author=author, body=body.strip(),
                      idea_id=idea_id, parent_id=parent.id if parent else None, root_id=root_id,
                      depth=depth, channel=channel, recorded_by=recorded_by,
                      submission_key=submission_key or None, status=_initial_status(consultation))
    comment, created = _store(comment)
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
    try:
        with db.session.begin_nested():
            db.session.add(Flag(contribution_id=contribution.id, user_id=user.id,
                                reason=reason, note=(note or "").strip()))
    except IntegrityError:
        return False
    _bump(Contribution, contribution.id, flag_count=1)
    return True
