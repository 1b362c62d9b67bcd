"""Ranking ideas: by support (Wilson lower bound), by division, by how much they were discussed."""

from collections import Counter
from statistics import NormalDist

import numpy as np

from ..division import division

#: 95% confidence: the support shown is what we can be 95% sure of, not the raw share.
CONFIDENCE = 0.95
#: How many ideas each ranking lists.
LISTED = 10


def wilson_lower_bound(agree, total, confidence=CONFIDENCE):
    """The lower bound of the Wilson score interval of the share agreeing, element-wise.

    An idea with 3 agrees out of 3 ranks below one with 90 out of 100: few votes, wide doubt.
    An idea nobody voted on scores 0.
    """
    agree, total = np.asarray(agree, dtype=float), np.asarray(total, dtype=float)
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = agree / total
        centre = share + z * z / (2 * total)
        spread = z * np.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
        bound = (centre - spread) / (1 + z * z / total)
    return np.where(total > 0, bound, 0.0)


def _idea(contributions, index, **figures):
    return {"id": contributions.ids[index], "title": contributions.titles[index] or "", **figures}


def rank_ideas(contributions, votes):
    """The three rankings of published ideas, each a list of dicts ready for the page.

    - supported: highest Wilson lower bound of agreement first;
    - divisive: the most divided first (consult/division.py: closeness to an even split,
      weighted by how many voted, as the ideas list's "Most divided" sorts them), more votes
      first among equals, only ideas with both agree and disagree votes;
    - discussed: the most published comments first.
    Ties go to the older idea.
    """
    indexes = contributions.idea_indexes
    agree, disagree = votes.agree(), votes.disagree()
    total = agree + disagree
    support = wilson_lower_bound(agree, total)
    divided = division(np.minimum(agree, disagree), total)
    comments = Counter(idea_id for idea_id in contributions.idea_ids if idea_id is not None)

    def figures(column):
        return {"agree": int(agree[column]), "disagree": int(disagree[column]),
                "support": round(float(support[column]), 4),
                "comments": comments.get(contributions.ids[indexes[column]], 0)}

    columns = range(len(indexes))
    supported = sorted((c for c in columns if total[c]), key=lambda c: (-support[c], c))
    divisive = sorted((c for c in columns if agree[c] and disagree[c]),
                      key=lambda c: (-divided[c], -total[c], c))
    discussed = sorted((c for c in columns if comments.get(contributions.ids[indexes[c]])),
                       key=lambda c: (-comments[contributions.ids[indexes[c]]], c))
    return {name: [_idea(contributions, indexes[c], **figures(c)) for c in ranked[:LISTED]]
            for name, ranked in (("supported", supported), ("divisive", divisive),
                                 ("discussed", discussed))}
