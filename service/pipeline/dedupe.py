"""Stage 2: find near-identical articles (wire copies) by word-shingle Jaccard.

Each group keeps its first article as the representative that the model reads; every copy
stays citable, and citations of the representative are expanded to all copies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from chorus.pipeline.schema import Corpus
from chorus.pipeline.text import words

DEFAULT_THRESHOLD = 0.8


def shingles(text: str, size: int = 5) -> set[int]:
    """Hashes of the word n-grams of text (the whole text when shorter than `size`)."""
    return shingles_of(words(text), size)


def shingles_of(toks: Sequence[str], size: int = 5) -> set[int]:
    """`shingles` of already tokenised text."""
    if len(toks) < size:
        return {hash(tuple(toks))} if toks else set()
    return set(map(hash, zip(*(toks[i:] for i in range(size)), strict=False)))


def is_copy(a: set[int], b: set[int], threshold: float = DEFAULT_THRESHOLD) -> bool:
    """Near-identical (Jaccard), or one a trimmed copy of the other of similar length."""
    if not a or not b:
        return False
    small, large = sorted((len(a), len(b)))
    if small < 0.6 * large and small < threshold * large:
        return False  # too different in length for either test: skip the set work
    shared = len(a & b)
    union = len(a) + len(b) - shared
    return shared / union >= threshold or (shared / small >= 0.95 and small >= 0.6 * large)


def dedupe(
    corpus: Corpus,
    threshold: float = DEFAULT_THRESHOLD,
    tokens: Mapping[int, Sequence[str]] | None = None,
) -> Corpus:
    """Each doc's representative. `tokens` (per doc: `words(doc.text)`, e.g. joined from its
    sentences') saves tokenising the docs again."""
    if tokens is None:
        sigs = {d.n: shingles(d.text) for d in corpus.docs}
    else:
        sigs = {d.n: shingles_of(tokens[d.n]) for d in corpus.docs}
    representative: dict[int, int] = {}
    reps: list[int] = []
    for doc in corpus.docs:
        rep = doc.n
        for r in reps:
            if is_copy(sigs[r], sigs[doc.n], threshold):
                rep = r
                break
        if rep == doc.n:
            reps.append(doc.n)
        representative[doc.n] = rep
    return corpus.model_copy(update={"representative": representative})
