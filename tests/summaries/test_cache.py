"""The summary is computed once per state of the data, stored in the database, and recomputed
when a vote, a contribution, an edit or a moderation decision changes that state."""

import pytest
import sqlalchemy as sa

from consult.contributions.services import add_comment, edit_contribution
from consult.contributions.status import set_status
from consult.models import SummaryCache
from consult.summaries import cache
from tests.conftest import page_text


@pytest.fixture
def computations(monkeypatch):
    """The consultations whose summary was computed, in order."""
    computed = []
    compute = cache.compute_summary

    def counting(consultation):
        computed.append(consultation.id)
        return compute(consultation)

    monkeypatch.setattr(cache, "compute_summary", counting)
    return computed


def _read(db, consultation):
    summary = cache.cached_summary(consultation)
    db.session.commit()
    return summary


def test_a_second_read_comes_from_the_cache(db, make, consultation, vote, computations, count_queries):
    idea = make.idea(consultation)
    vote(idea, make.user(), 1)
    first = _read(db, consultation)
    db.session.refresh(consultation)  # reloaded after the commit, outside what is counted
    with count_queries() as statements:
        second = _read(db, consultation)
    assert computations == [consultation.id]
    assert second == first
    assert len(statements) == 2  # the fingerprint and the stored row
    assert db.session.scalar(db.select(SummaryCache.fingerprint)) == cache.fingerprint(consultation)


@pytest.mark.parametrize("change", ["new vote", "changed vote", "withdrawn vote", "new contribution",
                                    "edit", "moderation", "delete"])
def test_a_change_of_the_data_recomputes(db, make, consultation, vote, computations, change):
    idea = make.idea(consultation)
    voter = make.user()
    vote(idea, voter, 1)
    comment = make.comment(consultation, idea=idea)
    before = _read(db, consultation)
    if change == "new vote":
        vote(idea, make.user(), -1)
    elif change == "changed vote":
        vote(idea, voter, -1)
    elif change == "withdrawn vote":
        vote(idea, voter, 0)
    elif change == "new contribution":
        add_comment(consultation, make.user(), "One more thought.")
    elif change == "edit":
        edit_contribution(comment, "A better worded comment.")
    elif change == "moderation":
        set_status(comment, "hidden")
    elif change == "delete":
        comment.deleted_at = comment.created_at
    db.session.commit()
    after = _read(db, consultation)
    assert computations == [consultation.id, consultation.id]
    assert after["computed_at"] >= before["computed_at"]
    assert db.session.scalar(db.select(db.func.count()).select_from(SummaryCache)) == 1


def test_each_consultation_has_its_own_summary(db, make, consultation, computations):
    other = make.consultation()
    make.idea(other, title="Elsewhere")
    _read(db, consultation)
    _read(db, other)
    _read(db, consultation)
    assert computations == [consultation.id, other.id]


@pytest.mark.commits
def test_a_large_consultation_shows_the_last_figures_while_newer_ones_are_computed(
        app, client, db, make, designer, consultation, monkeypatch):
    make.idea(consultation, title="Open on Saturdays")
    client.login_as(designer)
    assert client.get(f"/manage/consultations/{consultation.slug}/summary").status_code == 200
    old = db.session.scalar(sa.select(SummaryCache.fingerprint))
    make.idea(consultation, title="Print the forms in large type")
    monkeypatch.setitem(app.config, "SUMMARY_INLINE_LIMIT", 1)
    started = []
    real = cache._refresh_in_background
    monkeypatch.setattr(cache, "_refresh_in_background", lambda *a: started.append(real(*a)))

    page = client.get(f"/manage/consultations/{consultation.slug}/summary")

    assert page.status_code == 200
    assert "Newer figures are being computed" in page_text(page)
    [thread] = started
    thread.join(timeout=60)
    db.session.expire_all()
    row = db.session.scalar(sa.select(SummaryCache))
    assert row.fingerprint != old and row.refreshing_since is None
    assert row.payload["ideas"] and "stale" not in row.payload
    # A second look while another worker holds the claim starts nothing more.
    db.session.execute(sa.update(SummaryCache).values(fingerprint="changed", refreshing_since=cache.utcnow()))
    db.session.commit()
    started.clear()
    assert "Newer figures" in page_text(client.get(f"/manage/consultations/{consultation.slug}/summary"))
    assert started == [None]
