"""Story clustering: articles in, groups of article indexes out (pure functions, no I/O).

`similarity` (the multi-story check of a POSTed cluster) = ½ cosine of TF-IDF (words, title +
text) + ½ cosine of its LSA projection (TruncatedSVD with k = n/3: words that co-occur across
the day's articles, e.g. "hack" and "cyberattack", count as related).

`story_similarity` (the story clusterer) reads three TF-IDF views of each article, each
L2-normalised, and concatenates them with weights (so their Gram matrices add): words of title
+ text (0.35), character 4-grams within words of title + text (0.35: "impeach" and
"impeachment", "Biden's" and "Biden" share most of their 4-grams, which helps an opinion piece
that words its story differently), and words of the *lead* (title + first two sentences, 0.3:
what the story is about, before the angle). Similarity = 0.6 cosine of that concatenation + 0.4
cosine of its LSA projection (one eigendecomposition for the three views).

Stories are then read off a *locally scaled* similarity (CSLS, the hubness correction of Conneau
et al. 2018): each article's scale r is the mean similarity to its NEIGHBOURS nearest articles,
and a pair counts as similar when s(a, b) - (r_a + r_b) / 2 >= LINK_AT (-0.03), i.e. when the
two are about as close to each other as they are, on average, to their own nearest neighbours. A
fixed cosine threshold fails both ways on a large pool: articles on a crowded topic
(impeachment, COVID relief) are close to everything, so a threshold low enough for an opinion
piece on a story merges two stories of that topic; and a threshold high enough for those splits
the rest. The scale r is capped at SCALE_CAP, so a pair at least that similar always links (wire
copies, a big story whose articles are all close), and floored at SCALE_FLOOR, so two articles
that are close to nothing do not link at similarity ~0. Groups are formed by average linkage at
scaled similarity LINK_AT = -0.03: "about as close as the neighbours", chosen on the largest
tune pools (below). Pools smaller than MIN_SCALED_DOCS have no neighbourhood to speak of: every
r is DEFAULT_SCALE there.

Incrementally, a new article joins the existing story whose articles it is, on average, most
similar to (the average-linkage rule, one article at a time), if that is >= LINK_AT; the rest are
clustered among themselves with the batch rule, so story ids stay stable.

Chosen on allsides-val lines 1-200 only (bench/bench_cluster_variants.py): the scaled rule took
B-cubed F1 0.901 -> 0.924 on that pool (precision 0.942 -> 0.972), +0.021 F1 (sd 0.005) on 12
random 150-story subsets of it; the three views then +0.007 F1 (sd 0.006, 12 of 13 pools up)
over 1-200, its halves and 10 random 120/150-story subsets, precision never lower than 0.97.
The link bar -0.03 (issue 13, last step): F1-best on the 200-story tune pool and on eight
180-story subsets (0.927 -> 0.933, 0.936 -> 0.939; precision 0.97 -> 0.95), +0.002 on
150-story subsets and -0.004 on 100-story ones (a small pool has few crowded topics). A day of
feeds is the large-pool case. See README "Story clustering" for the held-out figures.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import numpy as np
from numpy.typing import NDArray

DISTANCE_THRESHOLD = 0.74  # complete linkage on 1 - plain similarity (the multi-story check)
NEIGHBOURS = 5  # an article's scale: mean similarity to its 5 nearest articles
SCALE_CAP = 0.5  # pairs at least this similar always link
SCALE_FLOOR = 0.15  # isolated articles (nothing near them) do not link to each other at ~0
DEFAULT_SCALE = 0.26  # the scale in pools too small for neighbours (= the old 1 - 0.74)
MIN_SCALED_DOCS = 12
# Scaled similarity at which stories link (average linkage): a little below "as close as the
# neighbours", the F1-best bar on the largest tune pools (180-200 stories, the size of a day's
# feeds); see README "Story clustering".
LINK_AT = -0.03
APART = -1.0e6  # scaled similarity of articles that must never share a story
LSA_RATIO = 1 / 3  # LSA dimensions per article
MIN_IDF_DOCS = 12  # below this many articles, plain term weights (no document frequencies)
# Below this many articles, no LSA: with k = n/3 dimensions for a few dozen articles, two
# stories can share a dimension and look alike (two 3-article stories of a 14-article pool at
# LSA cosine ~1 though their TF-IDF cosine is ~0).
MIN_LSA_DOCS = 30
# The story clusterer's views: (words of title + text, char 4-grams of title + text, words of the
# lead), weights summing to 1; LSA share of the final similarity; sentences in the lead.
VIEW_WEIGHTS = (0.35, 0.35, 0.3)
STORY_LSA_SHARE = 0.4
LEAD_SENTENCES = 2
CHAR_GRAM = 4
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

Matrix = NDArray[np.float64]


@dataclass(frozen=True)
class Doc:
    """What clustering reads of an article."""

    id: str
    title: str
    text: str


def _doc_text(doc: Doc) -> str:
    return f"{doc.title}. {doc.text}" if doc.title else doc.text


def similarity(docs: Sequence[Doc], use_idf: bool | None = None) -> Matrix:
    """Pairwise similarity in [0, 1] (1 on the diagonal). `use_idf` defaults to "when there
    are enough articles for document frequencies to mean something"."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(docs)
    if n == 0:
        return np.zeros((0, 0))
    texts = [_doc_text(d) for d in docs]
    try:
        # Document frequencies from a handful of articles are noise: plain term weights then.
        idf = n >= MIN_IDF_DOCS if use_idf is None else use_idf
        vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", use_idf=idf)
        x = vectorizer.fit_transform(texts)
    except ValueError:  # nothing but stop words and punctuation anywhere
        sim0 = np.eye(n)
        return sim0
    sim: Matrix = np.asarray((x @ x.T).toarray(), dtype=np.float64)
    k = int(n * LSA_RATIO)
    if n >= MIN_LSA_DOCS and 2 <= k < n - 1:
        sim = 0.5 * sim + 0.5 * _lsa_cosine(sim, k)
    np.clip(sim, 0.0, 1.0, out=sim)
    np.fill_diagonal(sim, 1.0)
    return sim


def _lsa_cosine(gram: Matrix, k: int) -> Matrix:
    """Cosine of the k-dimensional LSA projections, from the Gram matrix X·Xᵀ.

    X = U S Vᵀ gives X·Xᵀ = U S² Uᵀ, so the top-k eigenvectors of the (n x n) Gram matrix
    give the LSA coordinates U_k S_k directly: much faster than an SVD of the wide X.
    """
    from scipy.linalg import eigh

    # All eigenpairs by divide and conquer in float32, then the top k: on a day of 1,000
    # articles that is about 8 times faster than LAPACK's float64 subset driver.
    values, vectors = eigh(gram.astype(np.float32), driver="evd")
    values, vectors = values[-k:], vectors[:, -k:]
    z = vectors.astype(np.float64) * np.sqrt(np.clip(values, 0.0, None))
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    z = z / np.where(norms > 0, norms, 1.0)
    return np.asarray(z @ z.T, dtype=np.float64)


def group(
    sim: Matrix,
    members: Sequence[int],
    threshold: float = DISTANCE_THRESHOLD,
    linkage: Literal["complete", "average"] = "complete",
) -> list[list[int]]:
    """Agglomerative groups of `members` (indexes into `sim`) at distance 1 - sim <= threshold,
    in order of first member."""
    if len(members) <= 1:
        return [list(members)]
    from sklearn.cluster import AgglomerativeClustering

    idx = np.asarray(members)
    dist = 1.0 - sim[np.ix_(idx, idx)]
    np.fill_diagonal(dist, 0.0)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage=linkage, distance_threshold=threshold
    ).fit_predict(dist)
    out: dict[int, list[int]] = {}
    for m, label in zip(members, labels, strict=True):
        out.setdefault(int(label), []).append(m)
    return list(out.values())


def local_scale(sim: Matrix) -> NDArray[np.float64]:
    """Each article's scale: mean similarity to its NEIGHBOURS nearest others, clipped."""
    n = sim.shape[0]
    if n < MIN_SCALED_DOCS:
        return np.full(n, DEFAULT_SCALE)
    others = sim.copy()
    np.fill_diagonal(others, -np.inf)
    k = min(NEIGHBOURS, n - 1)
    nearest = -np.partition(-others, k - 1, axis=1)[:, :k]
    return np.asarray(np.clip(nearest.mean(axis=1), SCALE_FLOOR, SCALE_CAP), dtype=np.float64)


def scaled(sim: Matrix) -> Matrix:
    """s(a, b) - (r_a + r_b) / 2: >= 0 when a and b are closer than their neighbourhoods."""
    r = local_scale(sim)
    return np.asarray(sim - 0.5 * (r[:, None] + r[None, :]), dtype=np.float64)


def _lead(doc: Doc) -> str:
    head = " ".join(_SENTENCE_END.split(doc.text.strip(), maxsplit=LEAD_SENTENCES)[:LEAD_SENTENCES])
    return f"{doc.title}. {head}" if doc.title else head


@functools.lru_cache(maxsize=100_000)
def _word_grams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    if len(padded) <= CHAR_GRAM:
        return (padded,)
    return tuple(padded[i : i + CHAR_GRAM] for i in range(len(padded) - CHAR_GRAM + 1))


def _char_grams(text: str) -> list[str]:
    """scikit-learn's `char_wb` 4-grams (lower case, each word padded with a space), with each
    word's grams cached: three times faster on a day of articles, where words repeat."""
    return [g for word in text.lower().split() for g in _word_grams(word)]


def _gram(texts: Sequence[str], use_idf: bool, analyzer: Literal["word", "chars"]) -> Matrix:
    """X·Xᵀ of the L2-normalised TF-IDF rows (zeros for a view with no terms at all)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    # float32 halves the sparse product's time; the sum of the views is taken in float64.
    if analyzer == "word":
        vec = TfidfVectorizer(sublinear_tf=True, stop_words="english", use_idf=use_idf,
                              dtype=np.float32)  # fmt: skip
    else:
        vec = TfidfVectorizer(sublinear_tf=True, analyzer=_char_grams, use_idf=use_idf,
                              dtype=np.float32)  # fmt: skip
    try:
        x = vec.fit_transform(texts)
    except ValueError:  # nothing but stop words and punctuation anywhere
        return np.zeros((len(texts), len(texts)))
    return np.asarray((x @ x.T).toarray(), dtype=np.float64)


def views_similarity(docs: Sequence[Doc]) -> Matrix:
    """The story clusterer's similarity in [0, 1]: three TF-IDF views concatenated, + LSA.

    Pools too small for local scales (< MIN_SCALED_DOCS) keep `similarity`, which their fixed
    DEFAULT_SCALE was chosen for.
    """
    n = len(docs)
    if n < MIN_SCALED_DOCS:
        return similarity(docs)
    texts = [_doc_text(d) for d in docs]
    idf = n >= MIN_IDF_DOCS
    w_words, w_chars, w_lead = VIEW_WEIGHTS
    gram = (w_words * _gram(texts, idf, "word") + w_chars * _gram(texts, idf, "chars")
            + w_lead * _gram([_lead(d) for d in docs], idf, "word"))  # fmt: skip
    k = int(n * LSA_RATIO)
    sim = gram
    if n >= MIN_LSA_DOCS and 2 <= k < n - 1:
        sim = (1.0 - STORY_LSA_SHARE) * gram + STORY_LSA_SHARE * _lsa_cosine(gram, k)
    np.clip(sim, 0.0, 1.0, out=sim)
    np.fill_diagonal(sim, 1.0)
    return sim


def story_similarity(docs: Sequence[Doc]) -> Matrix:
    """The locally scaled similarity the story clusterer links on."""
    return scaled(views_similarity(docs))


def story_groups(story_sim: Matrix, members: Sequence[int]) -> list[list[int]]:
    """Average-linkage groups of `members` on a `story_similarity` matrix."""
    return group(story_sim, members, 1.0 - LINK_AT, linkage="average")


def cluster_docs(docs: Sequence[Doc]) -> list[list[int]]:
    """Every article in exactly one story group (singletons allowed)."""
    return story_groups(story_similarity(docs), range(len(docs))) if docs else []


def assign(
    story_sim: Matrix, stories: Sequence[Sequence[int]], new: Sequence[int]
) -> tuple[dict[int, int], list[list[int]]]:
    """Incremental step: ({new index: story position}, groups of the new ones left over).

    A new article joins the existing story it is most similar to on average (the batch's
    average-linkage rule), if that is >= LINK_AT; the rest are grouped among themselves.
    """
    joined: dict[int, int] = {}
    for i in new:
        best, best_sim = -1, LINK_AT
        for pos, members in enumerate(stories):
            if not members:
                continue
            s = float(story_sim[i, list(members)].mean())
            if s >= best_sim:
                best, best_sim = pos, s
        if best >= 0:
            joined[i] = best
    rest = [i for i in new if i not in joined]
    return joined, story_groups(story_sim, rest) if rest else []


def within_window(story_sim: Matrix, times: Sequence[datetime | None], window_h: float) -> None:
    """Articles published more than `window_h` apart never share a story (in place)."""
    stamps = np.array([t.timestamp() if t is not None else np.nan for t in times])
    if stamps.size == 0:
        return
    apart = np.abs(stamps[:, None] - stamps[None, :]) > window_h * 3600.0  # NaN compares False
    story_sim[apart] = APART


def story_id(first_article_id: str) -> str:
    """A story's id: stable, because a story keeps the id of the article that founded it."""
    return "s-" + hashlib.sha1(first_article_id.encode()).hexdigest()[:12]


__all__ = [
    "DISTANCE_THRESHOLD",
    "Doc",
    "assign",
    "cluster_docs",
    "group",
    "local_scale",
    "scaled",
    "similarity",
    "story_groups",
    "story_id",
    "story_similarity",
    "views_similarity",
    "within_window",
]
