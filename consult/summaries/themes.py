"""Themes: ideas and comments grouped by the words they share, each with its top terms, its size
and three representative quotes.

TF-IDF (English and French stop words removed, features capped), reduced by latent semantic
analysis, then k-means with k chosen by silhouette. Every step has a fixed random_state, so the
same contributions always give the same themes.
"""

import textwrap

import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize
from stop_words import get_stop_words

SEED = 0
#: Fewer contributions than this and themes would be noise: none are computed.
MINIMUM_DOCUMENTS = 12
#: The vocabulary is capped to the most frequent terms, so memory and time stay bounded.
MAX_FEATURES = 5000
#: In a small corpus a word used once still says something; in a large one it is noise.
RARE_WORDS_KEPT_UNDER = 200
#: Latent semantic analysis keeps this many dimensions (fewer for a small corpus).
DIMENSIONS = 60
THEME_COUNTS = range(2, 9)
SILHOUETTE_SAMPLE = 3000
#: The number of themes is chosen on a fixed sample of this many contributions.
SAMPLE = 6000
#: Above this many contributions, mini-batch k-means replaces full k-means.
MINI_BATCH_FROM = 10_000
TOP_TERMS = 6
QUOTES = 3
QUOTE_LENGTH = 280


def stop_words():
    """English (scikit-learn's list) and French (the stop-words package) stop words, sorted."""
    return sorted(set(ENGLISH_STOP_WORDS) | set(get_stop_words("fr")))


def _best_clustering(points, tfidf):
    """(labels, k): k-means with the k in THEME_COUNTS that has the highest silhouette.

    The number of themes is chosen on a fixed sample of at most SAMPLE contributions, where the
    silhouette judges each clustering on the words themselves (cosine distance between TF-IDF
    rows); the chosen k then clusters every contribution (mini-batch k-means on large corpora).
    """
    sample = np.arange(len(points))
    if len(points) > SAMPLE:
        sample = np.sort(np.random.default_rng(SEED).choice(len(points), SAMPLE, replace=False))
    best = None
    distinct = len(np.unique(points[sample].round(9), axis=0))
    for k in THEME_COUNTS:
        if k >= len(sample) or k > distinct:
            break
        labels = KMeans(k, random_state=SEED, n_init=4).fit_predict(points[sample])
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(tfidf[sample], labels, metric="cosine",
                                 sample_size=min(SILHOUETTE_SAMPLE, len(sample)), random_state=SEED)
        if best is None or score > best[0] + 1e-9:
            best = (score, labels, k)
    if best is None:
        return None, 0
    k = best[2]
    if len(points) == len(sample):
        return best[1], k
    model = (MiniBatchKMeans(k, random_state=SEED, n_init=3, batch_size=4096)
             if len(points) >= MINI_BATCH_FROM else KMeans(k, random_state=SEED, n_init=4))
    return model.fit_predict(points), k


def _quote(text):
    return textwrap.shorten(" ".join(text.split()), QUOTE_LENGTH, placeholder=" …")


def find_themes(contributions):
    """(themes, members): the themes, largest first, and {contribution id: theme number}.

    Each theme is {"number", "label", "terms", "size", "quotes": [{"id", "text"}]}; the quotes are
    the contributions closest to the theme's centre. Too few contributions, or too few distinct
    words, give no themes.
    """
    texts = [contributions.text(i) for i in range(len(contributions.ids))]
    if len(texts) < MINIMUM_DOCUMENTS:
        return [], {}
    vectorizer = TfidfVectorizer(stop_words=stop_words(), max_features=MAX_FEATURES,
                                 min_df=1 if len(texts) < RARE_WORDS_KEPT_UNDER else 2,
                                 max_df=0.8, sublinear_tf=True, dtype=np.float32)
    try:
        tfidf = vectorizer.fit_transform(texts)
    except ValueError:  # nothing left once stop words and rare words are removed
        return [], {}
    dimensions = min(DIMENSIONS, tfidf.shape[1] - 1, len(texts) - 1)
    if dimensions < 2:
        return [], {}
    points = normalize(TruncatedSVD(dimensions, random_state=SEED).fit_transform(tfidf))
    labels, k = _best_clustering(points, tfidf)
    if labels is None:
        return [], {}
    terms = vectorizer.get_feature_names_out()
    found = []
    for cluster in range(k):
        members = np.flatnonzero(labels == cluster)
        weights = np.asarray(tfidf[members].mean(axis=0)).ravel()
        top = [str(terms[t]) for t in np.argsort(-weights, kind="stable")[:TOP_TERMS] if weights[t] > 0]
        centre = points[members].mean(axis=0)
        closest = members[np.argsort(-(points[members] @ centre), kind="stable")[:QUOTES]]
        found.append({"cluster": cluster, "terms": top, "size": int(len(members)),
                      "quotes": [{"id": contributions.ids[i], "text": _quote(texts[i])} for i in closest]})
    found.sort(key=lambda theme: (-theme["size"], theme["cluster"]))
    number_of = {theme.pop("cluster"): number for number, theme in enumerate(found, start=1)}
    for number, theme in enumerate(found, start=1):
        theme.update(number=number, label=", ".join(theme["terms"][:3]))
    members = {str(contributions.ids[i]): number_of[int(label)] for i, label in enumerate(labels)}
    return found, members

