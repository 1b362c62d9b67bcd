"""Every state a contribution can be in, built once in one world: for each state an idea, a comment
on the consultation, a comment under a published idea, a reply in a published thread, a comment
under the state's idea, a reply under the state's comment and an answered idea in the closed
consultation, each with its own words, written by the state's own author."""

from dataclasses import dataclass, field
from datetime import timedelta

from consult.contributions.services import delete_contribution
from consult.models import Appeal, Flag, Hold, ModerationDecision, Notification, Response
from consult.models.base import utcnow

from .world import build_world

#: state -> (status, hold rule or None, decision action or None, in the moderation queue)
STATES = {
    "pre_moderation": ("pending", None, None, True),
    "held_personal_information": ("pending", "phone", None, True),
    "held_abuse": ("pending", "abusive_language", None, True),
    "held_speed": ("pending", "too_fast", None, True),
    "held_repetition": ("pending", "repeated_text", None, True),
    "rejected": ("rejected", None, "reject", False),
    "appealed": ("rejected", None, "reject", True),
    "hidden_by_flags": ("hidden", None, None, True),
    "hidden_by_moderator": ("hidden", None, "hide", False),
    "redacted": ("published", "phone", "redact", False),
    "deleted": ("published", None, None, False),
    "erased_author": ("published", None, None, False),
    "erased_author_held": ("pending", "email", None, True),
    "published": ("published", None, None, False),
}
#: States whose contributions are live (published, not deleted): everyone sees them, people act on them.
LIVE = frozenset({"redacted", "erased_author", "published"})
#: Published, so seen by everyone (a deleted one as its tombstone).
PUBLISHED = LIVE | {"deleted"}
#: States without an author (erased, or recorded anonymously).
AUTHORLESS = frozenset({"erased_author", "erased_author_held"})
#: The words of each contribution of a state: what must never reach someone the rule refuses.
PIECES = ("idea_title", "idea_body", "comment", "under", "reply", "below", "orphan", "closed_title")
#: What a tombstone says, idea and comment, in the English pages.
TOMBSTONES = {"idea": "This idea was deleted by its author", "comment": "Deleted by its author."}


def words(state, piece):
    """Text found nowhere else in any page: letters and digits only, so no escaping changes it."""
    return f"zq{piece.replace('_', '')}{list(STATES).index(state):02d}zq"


def author_name(state):
    return f"Writer{list(STATES).index(state):02d}qz"


@dataclass
class StateObjects:
    """One state's contributions, and who wrote them (None once erased)."""

    state: str
    author: object
    idea: object
    comment: object
    under: object
    reply: object
    below: object
    orphan: object
    closed_idea: object
    #: piece -> the text that stands for it on a page (a redacted body is its corrected text).
    texts: dict = field(default_factory=dict)

    @property
    def contributions(self):
        return [self.idea, self.comment, self.under, self.reply]


@dataclass
class ContentWorld:
    world: object
    partner_moderator: object
    states: dict


def _put_in_state(db, contribution, state, moderator, flaggers):
    status, rule, action, queued = STATES[state]
    now = utcnow()
    contribution.status = status
    if queued:
        contribution.needs_review, contribution.review_since = True, now
    if rule is not None:
        db.session.add(Hold(contribution_id=contribution.id, rule=rule,
                            spans=[] if action == "redact" else [[0, 4]]))
    if action is not None:
        db.session.add(ModerationDecision(contribution_id=contribution.id, moderator_id=moderator.id,
                                          action=action, reason_code="off_topic",
                                          created_at=now - timedelta(hours=1)))
    if state == "appealed":
        db.session.add(Appeal(contribution_id=contribution.id, text="Please look again."))
    if state == "hidden_by_flags":
        for person in flaggers:
            db.session.add(Flag(contribution_id=contribution.id, user_id=person.id, reason="spam"))
        contribution.flag_count = len(flaggers)


def _build_state(make, db, world, state, moderator, flaggers):
    author = None if state in AUTHORLESS else make.user(name=author_name(state))
    consultation, closed = world.consultation, world.closed_consultation
    base = {"status": "published"}

    def text(piece):
        return words(state, piece)

    idea = make.idea(consultation, author=author, title=text("idea_title"), body=text("idea_body"))
    comment = make.comment(consultation, author=author, body=text("comment"))
    under = make.comment(consultation, author=author, body=text("under"), idea=world.idea)
    reply = make.comment(consultation, author=author, body=text("reply"), parent=world.comment)
    closed_idea = make.idea(closed, author=author, title=text("closed_title"), body="Answered.")
    db.session.add(Response(idea_id=closed_idea.id, status="accepted", text_en="We will do it.",
                            text_fr="Nous le ferons."))
    if author is not None:
        db.session.add(Notification(user_id=author.id, kind="idea_response",
                                    consultation_id=closed.id, idea_id=closed_idea.id))
    # Published words of other people hanging under this state's idea and comment.
    below = make.comment(consultation, author=world.people["citizen"], body=text("below"), idea=idea, **base)
    orphan = make.comment(consultation, author=world.people["citizen"], body=text("orphan"), parent=comment,
                          **base)
    # Made published through the factories (which count them), then put in their state.
    for contribution in (idea, comment, under, reply, closed_idea):
        _put_in_state(db, contribution, state, moderator, flaggers)
        if author is None:
            contribution.author_id = None
    texts = {piece: text(piece) for piece in PIECES}
    if state == "redacted":
        for name, contribution in (("idea_body", idea), ("comment", comment), ("under", under), ("reply", reply)):
            contribution.body = texts[name] = f"{text(name)}r"
    db.session.commit()
    if state == "deleted":
        for contribution in (idea, comment, under, reply, closed_idea):
            delete_contribution(contribution)
        db.session.commit()
    return StateObjects(state=state, author=author, idea=idea, comment=comment, under=under, reply=reply,
                        below=below, orphan=orphan, closed_idea=closed_idea, texts=texts)


def build_content_world(make, db):
    """The security world, a moderator of the partner organisation, and every state; committed."""
    world = build_world(make, db)
    partner_moderator = make.user(role="moderator", organization=world.partner_org)
    flaggers = [make.user() for _ in range(3)]
    moderator = world.people["moderator"]
    states = {state: _build_state(make, db, world, state, moderator, flaggers) for state in STATES}
    return ContentWorld(world=world, partner_moderator=partner_moderator, states=states)
