"""Computing a consultation's summary once per state of its data, and sharing it through the
database: a cheap fingerprint says whether the stored summary still describes the data."""

import hashlib
import json
import logging
import threading
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..models import Contribution, SummaryCache
from ..models.base import utcnow
from ..models.dialects import upsert
from ..visibility import live_condition
from . import charts, figures, opinions, ranking, themes

#: Raised whenever what a summary holds changes shape, so every stored summary is rebuilt.
SUMMARY_VERSION = 2
#: How long one worker's claim to refresh a summary holds before another may take it over.
REFRESH_CLAIM = timedelta(minutes=15)

log = logging.getLogger(__name__)


def fingerprint(consultation):
    """A digest of what the summary depends on, in one aggregate query over the consultation's
    contributions: how many and the highest id (new input), the sum of moderation versions and
    of published ids (moderation decisions, screening), the latest edit and delete, and the vote
    counters, plain and weighted by idea (new, changed and withdrawn votes)."""
    published = live_condition()
    row = db.session.execute(
        sa.select(
            sa.func.count(), sa.func.max(Contribution.id), sa.func.sum(Contribution.moderation_version),
            sa.func.sum(sa.case((published, Contribution.id), else_=0)),
            sa.func.max(Contribution.edited_at), sa.func.max(Contribution.deleted_at),
            sa.func.count(Contribution.deleted_at),
            sa.func.sum(Contribution.agree_count), sa.func.sum(Contribution.disagree_count),
            sa.func.sum(Contribution.agree_count * Contribution.id),
            sa.func.sum(Contribution.disagree_count * Contribution.id),
        ).where(Contribution.consultation_id == consultation.id)
    ).one()
    text = json.dumps([SUMMARY_VERSION, *[str(value) for value in row]])
    return hashlib.sha256(text.encode()).hexdigest()


def compute_summary(consultation):
    """(summary, theme members): every figure of the dashboard, computed from the database now."""
    contributions = figures.load_contributions(consultation)
    votes = figures.load_votes(consultation, contributions)
    found, members = themes.find_themes(contributions)
    summary = {
        "participation": figures.participation_figures(consultation, contributions, votes),
        "ideas": ranking.rank_ideas(contributions, votes),
        "themes": found,
        "opinions": opinions.opinion_groups(votes),
    }
    titles = {contributions.ids[i]: contributions.titles[i] or "" for i in contributions.idea_indexes}
    summary["titles"] = {str(idea_id): titles[idea_id] for idea_id in _opinion_idea_ids(summary)}
    summary["computed_at"] = utcnow().isoformat()
    summary["charts"] = charts.charts_in_every_language(summary, current_app.config["LANGUAGES"])
    return summary, members


def _opinion_idea_ids(summary):
    opinion = summary["opinions"]
    listed = [idea["id"] for group in opinion.get("groups", []) for idea in group["ideas"]]
    return sorted(set(listed) | {idea["id"] for idea in opinion.get("consensus", [])})


def _store(consultation_id, digest, summary, members):
    """Insert or replace the consultation's row in one statement, whichever worker gets there first."""
    values = {"consultation_id": consultation_id, "fingerprint": digest, "computed_at": utcnow(),
              "payload": summary, "theme_members": members}
    upsert(SummaryCache, ["consultation_id"], values, replace=[name for name in values if name != "consultation_id"])


def cached_summary(consultation, allow_stale=False):
    """The consultation's summary, from the cache when its fingerprint matches the data, else
    computed and stored (the caller's request commits). Which contribution is in which theme is
    stored with it (theme_members) but never loaded here: the exports join it in SQL.

    With `allow_stale` (the dashboard page), a large consultation whose stored summary no longer
    matches its data gets that stored summary at once, marked `stale`, while one worker computes
    the new one in the background: a designer never waits on, nor times out behind, a
    computation that takes many seconds at national scale.
    """
    digest = fingerprint(consultation)
    stored = db.session.scalar(sa.select(SummaryCache).where(SummaryCache.consultation_id == consultation.id
                                                             ).execution_options(populate_existing=True))
    if stored is not None and stored.fingerprint == digest:
        return stored.payload
    if stored is not None and allow_stale and _large(consultation):
        _refresh_in_background(consultation.id)
        return {**stored.payload, "stale": True}
    summary, members = compute_summary(consultation)
    _store(consultation.id, digest, summary, members)
    return summary


def theme_names(consultation):
    """{theme number: label} of the consultation's current summary, for the exports.

    Computes the summary first if the cache is stale (the caller's request commits it). Which
    contribution is in which theme stays in the database (summary_cache.theme_members), where
    the exports join it to their rows: an export never holds a map of every contribution.
    """
    return {theme["number"]: theme["label"] for theme in cached_summary(consultation)["themes"]}


def _large(consultation):
    """Whether computing the summary would keep a person waiting (counters, no query)."""
    size = consultation.idea_count + consultation.comment_count
    return size >= current_app.config["SUMMARY_INLINE_LIMIT"]


def _refresh_in_background(consultation_id):
    """Claim the refresh (one worker at a time; a claim older than REFRESH_CLAIM is taken over,
    in case its worker died) and run it in a thread of this worker. Returns the thread, or None
    when another worker already holds the claim."""
    now = utcnow()
    claimed = db.session.execute(
        sa.update(SummaryCache).where(
            SummaryCache.consultation_id == consultation_id,
            sa.or_(SummaryCache.refreshing_since.is_(None),
                   SummaryCache.refreshing_since < now - REFRESH_CLAIM))
        .values(refreshing_since=now).execution_options(synchronize_session=False)).rowcount
    if not claimed:
        return None
    db.session.commit()
    thread = threading.Thread(target=_refresh, args=(current_app._get_current_object(), consultation_id),
                              name=f"summary-{consultation_id}", daemon=True)
    thread.start()
    return thread


def _refresh(app, consultation_id):
    """Compute and store the summary in the background, then release the claim."""
    from ..models import Consultation

    with app.app_context():
        try:
            consultation = db.session.get(Consultation, consultation_id)
            digest = fingerprint(consultation)
            summary, members = compute_summary(consultation)
            _store(consultation_id, digest, summary, members)
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("the summary of consultation %s could not be refreshed", consultation_id)
        finally:
            db.session.execute(sa.update(SummaryCache).where(
                SummaryCache.consultation_id == consultation_id).values(refreshing_since=None))
            db.session.commit()
            db.session.remove()
