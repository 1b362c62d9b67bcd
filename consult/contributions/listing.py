"""Reading contributions for pages: ideas in order, comment threads, the viewer's votes and flags.

Each function runs a fixed number of queries, whatever the size of the consultation.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ..division import division_column
from ..extensions import db
from ..models import Comment, Flag, Idea, Vote
from ..pagination import NumberedPage, cut, keyset
from ..visibility import can_see, visible_condition

IDEA_ORDERS = ("supported", "newest", "discussed", "divided")


def _idea_order(order):
    """The ORDER BY of the ideas list, ending with the id so that every order is total."""
    if order == "newest":
        return [Idea.created_at.desc(), Idea.id.desc()]
    if order == "discussed":
        return [Idea.comment_count.desc(), Idea.id.desc()]
    if order == "divided":
        return [division_column(Idea.agree_count, Idea.disagree_count).desc(),
                (Idea.agree_count + Idea.disagree_count).desc(), Idea.id.desc()]
    return [(Idea.agree_count - Idea.disagree_count).desc(), Idea.agree_count.desc(), Idea.id.desc()]


def _ideas_where(consultation, viewer):
    return (Idea.consultation_id == consultation.id, visible_condition(viewer, consultation),
            Idea.deleted_at.is_(None))


def ideas_page(consultation, viewer, order, page, per_page):
    """Page `page` of the consultation's ideas in `order` (a page past the end is empty), and how
    many there are, in one query.

    The page is chosen (filtered, ordered, cut) on the contributions alone, the total riding along
    as a window count, and only its rows are joined to their authors and responses: joining first
    would read every author of the consultation to sort them. Past the last page, where no row
    carries the total, a second query counts.
    """
    page = max(page, 1)
    offset = (page - 1) * per_page
    chosen = (
        sa.select(Idea.id, sa.func.count().over().label("total"))
        .where(*_ideas_where(consultation, viewer)).order_by(*_idea_order(order))
        .limit(per_page).offset(offset).subquery()
    )
    rows = db.session.execute(
        sa.select(Idea, chosen.c.total).join(chosen, Idea.id == chosen.c.id)
        .options(joinedload(Idea.author), joinedload(Idea.response)).order_by(*_idea_order(order))
    ).all()
    if rows:
        total = rows[0].total
    elif offset == 0:
        total = 0
    else:
        total = db.session.scalar(sa.select(sa.func.count()).select_from(Idea).where(
            *_ideas_where(consultation, viewer)))
    return NumberedPage([row[0] for row in rows], page, per_page, total)


@dataclass
class Thread:
    """A page of top-level comments with their replies, and where the next page starts."""

    comments: list
    replies: dict = field(default_factory=dict)
    next_before: int | None = None

    def children(self, comment):
        return self.replies.get(comment.id, [])


def load_thread(consultation, viewer, idea=None, before=None, size=20, roots=None):
    """Top-level comments newest first (keyset on id), with every reply under them, oldest first."""
    if roots is None:
        query = sa.select(Comment).where(
            Comment.consultation_id == consultation.id,
            Comment.idea_id == idea.id if idea is not None else Comment.idea_id.is_(None),
            Comment.depth == 0, visible_condition(viewer, consultation),
        ).options(joinedload(Comment.author))
        roots = db.session.scalars(keyset(query, [Comment.id], (before,) if before else None,
                                          size=size, descending=True)).all()
    roots, next_before = cut(roots, size, lambda comment: comment.id)
    thread = Thread(comments=roots, next_before=next_before)
    if roots:
        replies = db.session.scalars(
            sa.select(Comment).where(Comment.root_id.in_([c.id for c in roots]),
                                     visible_condition(viewer, consultation))
            .options(joinedload(Comment.author)).order_by(Comment.id)
        ).all()
        for reply in replies:
            thread.replies.setdefault(reply.parent_id, []).append(reply)
    return thread


def thread_of(comment, viewer):
    """The whole thread that `comment` belongs to, for re-rendering after a reply."""
    root = comment if comment.root_id is None else db.session.get(Comment, comment.root_id)
    if not can_see(viewer, root):
        # The viewer's own reply under a comment they may not see: their words, not the thread's.
        root = comment
    return root, load_thread(root.consultation, viewer, roots=[root])


@dataclass
class ViewerState:
    """What the viewer has already done to the contributions on a page."""

    votes: dict = field(default_factory=dict)
    flagged: set = field(default_factory=set)

    def vote_on(self, idea):
        return self.votes.get(idea.id, 0)


def viewer_state(viewer, ideas=(), contributions=()):
    """The viewer's votes on `ideas` and flags on any of them, in two queries at most."""
    state = ViewerState()
    if viewer is None or not viewer.is_authenticated:
        return state
    idea_ids = [i.id for i in ideas]
    if idea_ids:
        state.votes = dict(db.session.execute(
            sa.select(Vote.idea_id, Vote.value).where(Vote.user_id == viewer.id, Vote.idea_id.in_(idea_ids))
        ).all())
    ids = idea_ids + [c.id for c in contributions]
    if ids:
        state.flagged = set(db.session.scalars(
            sa.select(Flag.contribution_id).where(Flag.user_id == viewer.id, Flag.contribution_id.in_(ids))
        ))
    return state


def all_comments(thread):
    """Every comment of a thread page, replies included."""
    result = list(thread.comments)
    for replies in thread.replies.values():
        result.extend(replies)
    return result
