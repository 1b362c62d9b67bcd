"""The participation figures and idea rankings, against a small data set computed by hand."""

import math
from datetime import UTC, datetime

import numpy as np
import pytest
from scipy.stats import binomtest, norm

from consult.summaries import opinions
from consult.summaries.cache import compute_summary
from consult.summaries.ranking import wilson_lower_bound

from .conftest import on


@pytest.fixture
def fixed(db, make, consultation, vote):
    """3 ideas, 4 published comments, 3 removed or pending, 1 deleted; 17 votes by 10 voters."""
    a = make.idea(consultation, title="Idea A", created_at=on(1))
    b = make.idea(consultation, title="Idea B", created_at=on(1), channel="phone")
    c = make.idea(consultation, title="Idea C", created_at=on(2))
    make.comment(consultation, idea=a, created_at=on(2))
    make.comment(consultation, idea=a, created_at=on(4), channel="mail")
    make.comment(consultation, idea=b, created_at=on(4))
    make.comment(consultation, created_at=on(4), channel="workshop",
                 received_on=datetime(2026, 3, 4, tzinfo=UTC).date())
    make.comment(consultation, idea=c, status="pending", created_at=on(3))
    make.comment(consultation, idea=c, status="hidden", created_at=on(3))
    make.idea(consultation, status="rejected", created_at=on(3))
    make.comment(consultation, idea=c, created_at=on(3), deleted_at=on(5))
    voters = [make.user() for _ in range(10)]
    for n, person in enumerate(voters):
        vote(a, person, 1 if n < 8 else -1)
        if n < 6:
            vote(b, person, 1 if n < 3 else -1)
    vote(c, voters[0], 1)
    return a, b, c


def test_participation_figures(fixed, consultation):
    figures = compute_summary(consultation)[0]["participation"]
    assert (figures["participants"], figures["ideas"], figures["comments"], figures["votes"]) == (17, 3, 4, 17)
    assert figures["daily"] == [
        {"day": "2026-03-01", "ideas": 2, "comments": 0}, {"day": "2026-03-02", "ideas": 1, "comments": 1},
        {"day": "2026-03-03", "ideas": 0, "comments": 0}, {"day": "2026-03-04", "ideas": 0, "comments": 3}]
    assert figures["channels"] == {"web": 4, "phone": 1, "in_person": 0, "mail": 1, "email": 0, "workshop": 1}
    assert figures["outcomes"] == {"published": 7, "pending": 1, "rejected": 1, "hidden": 1}


def test_wilson_lower_bound_matches_hand_computation_and_scipy():
    # p = 0.8, n = 10, z = 1.95996: (0.8 + 0.19208 - 1.95996 * sqrt(0.016 + 0.0096)) / 1.38415
    assert wilson_lower_bound([8, 3, 1, 0], [10, 6, 1, 0]).round(4).tolist() == [0.4902, 0.1876, 0.2065, 0.0]
    for agree, total in ((8, 10), (3, 6), (1, 1), (90, 100)):
        expected = binomtest(agree, total).proportion_ci(method="wilson").low
        assert round(float(wilson_lower_bound([agree], [total])[0]), 4) == round(expected, 4)


def test_rankings(fixed, consultation):
    a, b, c = fixed
    ideas = compute_summary(consultation)[0]["ideas"]
    assert [(i["id"], i["agree"], i["disagree"], i["support"]) for i in ideas["supported"]] == [
        (a.id, 8, 2, 0.4902), (c.id, 1, 0, 0.2065), (b.id, 3, 3, 0.1876)]
    assert [i["id"] for i in ideas["divisive"]] == [b.id, a.id]
    assert [(i["id"], i["comments"]) for i in ideas["discussed"]] == [(a.id, 2), (b.id, 1)]


def test_three_agrees_rank_below_ninety_of_a_hundred():
    few, many = wilson_lower_bound([3, 90], [3, 100])
    assert few < many


def test_the_normal_quantiles_are_scipys():
    """The standard library's normal quantile gives the bounds and the significance scipy gave."""
    assert math.isclose(opinions.Z_90, float(norm.ppf(0.90)), rel_tol=1e-12)
    agree, total = np.arange(0, 101), np.full(101, 100)
    z = float(norm.ppf(0.975))
    share = agree / total
    by_scipy = ((share + z * z / (2 * total) - z * np.sqrt(share * (1 - share) / total + z * z / (4 * total * total)))
                / (1 + z * z / total))
    assert np.allclose(wilson_lower_bound(agree, total), by_scipy, rtol=1e-12, atol=1e-15)
