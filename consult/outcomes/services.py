"""The rules of closing the loop: responding to ideas, writing and publishing the outcome.

Flush, never commit; emails are the route's to send once its commit has succeeded.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from ..audit import record
from ..bilingual import require_complete
from ..extensions import db
from ..manage.services import mark_reported
from ..models import Idea, Outcome, Response
from ..models.base import utcnow
from ..models.dialects import insert_or_ignore
from ..models.vocabulary import RESPONSE_STATUSES
from ..notifications import services as notifications
from ..permissions import can
from ..visibility import live_condition


def respond(idea, actor, status, texts):
    """Set or change the idea's response, `texts` in both languages ({"text_en", "text_fr"});
    audited. Its author is told when the status is new.

    Returns True when the author was notified. Raises bilingual.Incomplete, changing nothing,
    when a language is missing. Two designers saving at the same moment both change the one
    row the database keeps per idea.
    """
    require_complete("response", texts)
    texts = {"text_en": texts["text_en"], "text_fr": texts["text_fr"]}
    response = idea.response
    if response is None:
        created = insert_or_ignore(Response, ["idea_id"], idea_id=idea.id, status=status, **texts,
                                   responded_by_id=actor.id, responded_at=utcnow())
        db.session.expire(idea, ["response"])
        if created is not None:
            record(actor, "idea.respond", idea, status=status, old_status=None)
            db.session.flush()
            return notifications.notify_idea_response(idea, actor) is not None
        response = idea.response
    old_status = response.status
    if (old_status, response.text_en, response.text_fr) == (status, texts["text_en"], texts["text_fr"]):
        return False
    response.status, response.text_en, response.text_fr = status, texts["text_en"], texts["text_fr"]
    response.responded_by_id, response.responded_at = actor.id, utcnow()
    record(actor, "idea.respond", idea, status=status, old_status=old_status)
    db.session.flush()
    if old_status == status:
        return False
    return notifications.notify_idea_response(idea, actor) is not None


def outcome_of(consultation):
    return db.session.scalar(sa.select(Outcome).filter_by(consultation_id=consultation.id))


def visible_outcome(consultation, viewer):
    """The outcome the viewer may read: published for everyone, a draft for its designers only."""
    outcome = outcome_of(consultation)
    if outcome is None:
        return None
    if outcome.is_published or can(viewer, "outcome.publish", consultation):
        return outcome
    return None


def save_outcome(consultation, actor, fields):
    """Create or change the consultation's outcome report (a draft until published); audited.

    A published report stays complete in both languages: bilingual.Incomplete otherwise.
    """
    outcome = outcome_of(consultation)
    if outcome is not None and outcome.is_published:
        require_complete("outcome", fields)
    if outcome is None:
        insert_or_ignore(Outcome, ["consultation_id"], consultation_id=consultation.id,
                         updated_at=utcnow(), **{name: "" for name in fields})
        outcome = outcome_of(consultation)
    changed = sorted(name for name, value in fields.items() if getattr(outcome, name) != value)
    for name, value in fields.items():
        setattr(outcome, name, value)
    outcome.updated_at, outcome.updated_by_id = utcnow(), actor.id
    db.session.flush()
    if changed:
        record(actor, "outcome.edit", consultation, fields=changed)
    return outcome


def publish_outcome(outcome, actor):
    """Publish the report once: the consultation becomes reported and every participant is told.

    The UPDATE only succeeds while unpublished, so two designers publishing at once notify
    people once. Returns how many were notified, or None when it was already published.
    Raises bilingual.Incomplete, publishing nothing, unless it is complete in both languages.
    """
    require_complete("outcome", outcome)
    published = db.session.execute(
        sa.update(Outcome).where(Outcome.id == outcome.id, Outcome.published_at.is_(None))
        .values(published_at=utcnow(), published_by_id=actor.id)
        .execution_options(synchronize_session=False))
    db.session.refresh(outcome)
    if published.rowcount != 1:
        return None
    consultation = outcome.consultation
    mark_reported(consultation, actor)
    told = notifications.notify_outcome_published(consultation)
    emailed = notifications.tell_intake_contacts_by_email(consultation)
    record(actor, "outcome.publish", consultation, notified=told, intake_emailed=emailed)
    db.session.flush()
    return told


@dataclass
class ResponseGroup:
    """The ideas of one response status, most supported first."""

    status: str
    label: str
    ideas: list


def ideas_by_response(consultation):
    """Published ideas that have a response, grouped by status in RESPONSE_STATUSES order, and
    how many published ideas have none. Two queries, whatever the number of ideas."""
    live = (Idea.consultation_id == consultation.id, live_condition(Idea))
    answered = db.session.scalars(
        sa.select(Idea).join(Response, Response.idea_id == Idea.id).where(*live)
        .options(contains_eager(Idea.response))
        .order_by((Idea.agree_count - Idea.disagree_count).desc(), Idea.id)
    ).all()
    unanswered = db.session.scalar(
        sa.select(sa.func.count()).select_from(Idea).where(
            *live, ~sa.exists().where(Response.idea_id == Idea.id)))
    groups = [ResponseGroup(code, label, [i for i in answered if i.response.status == code])
              for code, label in RESPONSE_STATUSES.items()]
    return [group for group in groups if group.ideas], unanswered
