"""Opinion groups, computed the way Pol.is does on the agree/disagree matrix of voters x ideas.

1. Keep the voters who voted on enough ideas; fill each missing vote with the idea's mean vote
   and centre (which leaves the sparse pattern as it is), and project on two principal
   components, scaled up for people who voted on few ideas.
2. Sum the projected voters up in at most 100 base clusters, then group those with k-means,
   k from 2 to 5 chosen by silhouette.
3. For each group, the ideas it agrees (or disagrees) with more than everyone else: Laplace-smoothed
   shares, a one-proportion z-test that the group leans that way and a two-proportion z-test
   that it leans more than the rest, both significant at 90% (Pol.is's repness).
4. Consensus: the ideas every group significantly agrees with.
"""

from statistics import NormalDist

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import silhouette_score

SEED = 0
#: Fewer voters than this (after the filter below) and no groups are shown.
MINIMUM_PARTICIPANTS = 10
#: A voter counts once they voted on this many ideas (or on every idea, if there are fewer).
MINIMUM_VOTES = 7
MINIMUM_IDEAS = 3
GROUP_COUNTS = range(2, 6)
#: Voters are first summed up in this many base clusters, as Pol.is does.
BASE_CLUSTERS = 100
#: One-sided 90% significance, as Pol.is uses.
Z_90 = NormalDist().inv_cdf(0.90)
LISTED = 5
#: The chart draws at most this many voters (a fixed sample), so the SVG stays light.
CHART_POINTS = 1500


def project(matrix):
    """Two principal components of the mean-imputed, centred vote matrix, Pol.is-scaled."""
    matrix = sparse.csr_matrix(matrix, dtype=np.float64)
    seen = np.asarray((matrix != 0).sum(axis=0)).ravel()
    means = np.divide(np.asarray(matrix.sum(axis=0)).ravel(), seen, out=np.zeros(matrix.shape[1]),
                      where=seen > 0)
    centred = matrix.copy()
    centred.data -= means[centred.indices]
    points = TruncatedSVD(2, algorithm="arpack", random_state=SEED).fit_transform(centred)
    counts = np.diff(matrix.indptr)
    return points * np.sqrt(matrix.shape[1] / np.maximum(counts, 1))[:, None]


def _base_clusters(points):
    """(centres, weights, base label of each voter): Pol.is first sums voters up in at most
    BASE_CLUSTERS small clusters, so that grouping stays fast however many people voted."""
    if len(points) <= BASE_CLUSTERS:
        return points, np.ones(len(points)), np.arange(len(points))
    model = MiniBatchKMeans(BASE_CLUSTERS, random_state=SEED, n_init=3, batch_size=4096).fit(points)
    weights = np.bincount(model.labels_, minlength=BASE_CLUSTERS).astype(float)
    used = np.flatnonzero(weights)
    renumber = np.full(BASE_CLUSTERS, -1)
    renumber[used] = np.arange(len(used))
    return model.cluster_centers_[used], weights[used], renumber[model.labels_]


def _cluster(points):
    """(label of each voter, k): the base clusters grouped by k-means, weighted by their size,
    with the k in GROUP_COUNTS that has the best silhouette."""
    centres, weights, base = _base_clusters(points)
    best = None
    distinct = len(np.unique(centres.round(9), axis=0))
    for k in GROUP_COUNTS:
        if k >= len(centres) or k > distinct:
            break
        labels = KMeans(k, random_state=SEED, n_init=10).fit_predict(centres, sample_weight=weights)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(centres, labels, random_state=SEED)
        if best is None or score > best[0] + 1e-9:
            best = (score, labels, k)
    return (best[1][base], best[2]) if best else (None, 0)


def _prop_test(successes, trials):
    """Pol.is's one-proportion z-score that the smoothed share exceeds one half."""
    return 2 * np.sqrt(trials + 1) * ((successes + 1) / (trials + 1) - 0.5)


def _two_prop_test(successes1, successes2, trials1, trials2):
    """Pol.is's two-proportion z-score that share 1 exceeds share 2 (both +1 smoothed)."""
    s1, s2, n1, n2 = successes1 + 1, successes2 + 1, trials1 + 1, trials2 + 1
    pooled = (s1 + s2) / (n1 + n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (s1 / n1 - s2 / n2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return np.nan_to_num(z, nan=0.0)


def _tallies(matrix, labels, k):
    """Agree, disagree and vote counts per group and idea, each an array k x ideas."""
    membership = sparse.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))),
                                   shape=(k, len(labels)))
    agree = np.asarray((membership @ (matrix > 0).astype(np.float64)).todense())
    disagree = np.asarray((membership @ (matrix < 0).astype(np.float64)).todense())
    return agree, disagree, agree + disagree


def _representative(agree, disagree, seen, group, idea_ids):
    """The ideas group `group` agrees or disagrees with more than the others, strongest first."""
    rest = [g for g in range(len(agree)) if g != group]
    found = []
    for direction, counts in (("agree", agree), ("disagree", disagree)):
        mine, n = counts[group], seen[group]
        theirs, n_rest = counts[rest].sum(axis=0), seen[rest].sum(axis=0)
        share, share_rest = (1 + mine) / (2 + n), (1 + theirs) / (2 + n_rest)
        leaning, contrast = _prop_test(mine, n), _two_prop_test(mine, theirs, n, n_rest)
        strength = (share / share_rest) * contrast * share * leaning
        chosen = np.flatnonzero((leaning > Z_90) & (contrast > Z_90) & (mine > 0))
        found += [{"id": idea_ids[c], "direction": direction, "share": round(float(mine[c] / n[c]), 4),
                   "share_rest": round(float(theirs[c] / n_rest[c]), 4) if n_rest[c] else 0.0,
                   "strength": float(strength[c])} for c in chosen]
    found.sort(key=lambda idea: (-idea["strength"], idea["id"]))
    return found[:LISTED]


def _consensus(agree, seen, idea_ids):
    """Ideas every group agrees with (significantly), by Pol.is's group-aware consensus."""
    leaning = _prop_test(agree, seen)
    everyone = np.flatnonzero((leaning > Z_90).all(axis=0))
    consensus = np.prod((1 + agree) / (2 + seen), axis=0)
    ranked = sorted(everyone, key=lambda c: (-consensus[c], idea_ids[c]))
    return [{"id": idea_ids[c], "consensus": round(float(consensus[c]), 4),
             "share": round(float(agree[:, c].sum() / seen[:, c].sum()), 4)} for c in ranked[:LISTED]]


def _chart_sample(points, labels):
    chosen = np.arange(len(points))
    if len(points) > CHART_POINTS:
        chosen = np.sort(np.random.default_rng(SEED).choice(len(points), CHART_POINTS, replace=False))
    return [[round(float(x), 3), round(float(y), 3), int(labels[i])]
            for i, (x, y) in zip(chosen, points[chosen], strict=True)]


def opinion_groups(votes):
    """{"groups": [...], "consensus": [...], "points": [[x, y, group], ...]} or, when there are
    too few voters or ideas, {"skipped": reason code, "voters": n}."""
    matrix = votes.matrix
    enough = min(MINIMUM_VOTES, matrix.shape[1])
    kept = np.flatnonzero(np.diff(matrix.indptr) >= max(enough, 1))
    if matrix.shape[1] < MINIMUM_IDEAS:
        return {"skipped": "ideas", "voters": len(kept)}
    if len(kept) < MINIMUM_PARTICIPANTS:
        return {"skipped": "participants", "voters": len(kept)}
    matrix = matrix[kept]
    points = project(matrix)
    labels, k = _cluster(points)
    if labels is None:
        return {"skipped": "participants", "voters": len(kept)}
    by_size = sorted(range(k), key=lambda g: (-(labels == g).sum(), g))
    labels = np.argsort(by_size)[labels]  # group 1 is the largest
    agree, disagree, seen = _tallies(matrix, labels, k)
    groups = [{"number": g + 1, "size": int((labels == g).sum()),
               "ideas": _representative(agree, disagree, seen, g, votes.idea_ids)} for g in range(k)]
    return {"voters": len(kept), "groups": groups, "consensus": _consensus(agree, seen, votes.idea_ids),
            "points": _chart_sample(points, labels)}
