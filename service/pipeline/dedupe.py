"""Stage 2: find near-identical articles (wire copies) by word-shingle Jaccard.

Each group keeps its first article as the representative that the model reads; every copy
stays citable, and citations of the representative are expanded to all copies.
"""

from __future__ import annotations

from service.pipeline.schema import Corpus
from service.pipeline.text import shingles

DEFAULT_THRESHOLD = 0.8


def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def containment(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    """Share of the smaller set found in the larger (a trimmed copy still matches)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def dedupe(corpus: Corpus, threshold: float = DEFAULT_THRESHOLD) -> Corpus:
    sigs = {d.n: shingles(d.text) for d in corpus.docs}
    representative: dict[int, int] = {}
    reps: list[int] = []
    for doc in corpus.docs:
        rep = doc.n
        for r in reps:
            a, b = sigs[r], sigs[doc.n]
            # Near-identical, or one a trimmed copy of the other of similar length.
            if jaccard(a, b) >= threshold or (
                containment(a, b) >= 0.95 and min(len(a), len(b)) >= 0.6 * max(len(a), len(b))
            ):
                rep = r
                break
        if rep == doc.n:
            reps.append(doc.n)
        representative[doc.n] = rep
    return corpus.model_copy(update={"representative": representative})
