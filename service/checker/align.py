"""Align a claim to its smallest evidence span in one article: one sentence, or two adjacent.

Coverage is IDF-weighted: the share of the claim's content terms (stemmed, numbers
normalised; a shared 5-letter prefix, a WordNet synonym, a broader word or a change in the
same direction, "rose" for "increased", counts part way)
that the span carries. A second, adjacent sentence joins the span only when it adds real
coverage through claim words the first lacks (not borrowed names), so evidence is never
fused from across an article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chorus.checker.features import PREFIX, Features, prefix
from chorus.checker.lexicon import load_lexicon
from chorus.checker.stance import DIRECTION_OF

PREFIX_CREDIT = 0.6
SYNONYM_CREDIT = 0.8  # a word the span says with a WordNet synonym ("route" for "road")
FUSE_GAIN = 0.12  # coverage a second, adjacent sentence must add
SHORTLIST = 6


@dataclass
class Span:
    """The aligned evidence: indices of 1-2 adjacent sentences of article `n`."""

    n: int
    idx: list[int]
    coverage: float  # of the claim's terms by the span
    single: float  # by its best sentence alone
    bigram: float  # ordered word pairs of the claim found in the span
    matched: dict[str, float]


class Weights:
    """The claim's terms with their IDF weights (stable order)."""

    def __init__(self, claim: Features, idf: dict[str, float], default: float) -> None:
        self.w = {t: idf.get(t, default) for t in dict.fromkeys(claim.terms)}
        self.total = sum(self.w.values()) or 1.0
        # words with senses worth looking up: not names ("Warren" is no burrow), not numbers
        self.common = frozenset(
            t
            for t in self.w
            if t not in claim.entities and not t[0].isdigit() and load_lexicon().senses(t)
        )

        # Per term, what `strengths` looks for: its prefix (None when too short or a number)
        # and its senses (None when not a common word).
        self.lookups = [
            (
                t,
                prefix(t) if len(t) >= PREFIX and not t[0].isdigit() else None,
                load_lexicon().senses(t) if t in self.common else None,
            )
            for t in self.w
        ]

    def coverage(self, match: dict[str, float]) -> float:
        return sum(self.w[t] * s for t, s in match.items()) / self.total


def strengths(weights: Weights, f: Features) -> dict[str, float]:
    out: dict[str, float] = {}
    have = f.term_set
    for t, pre, senses in weights.lookups:
        if t in have:
            out[t] = 1.0
        elif pre is not None and pre in f.prefixes:
            out[t] = PREFIX_CREDIT
        elif senses is not None and not senses.isdisjoint(f.related):
            out[t] = SYNONYM_CREDIT  # the same word, or a broader one ("homicide" for "murder")
        elif t in DIRECTION_OF and not DIRECTION_OF[t].isdisjoint(have):
            out[t] = SYNONYM_CREDIT  # a change the same way ("rise 81%" for "increase by 81%")
    return out


def _merge(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    out = dict(a)
    for t, s in b.items():
        out[t] = max(out.get(t, 0.0), s)
    return out


def bigram_coverage(claim: Features, span: Sequence[Features], weights: Weights) -> float:
    pairs = list(dict.fromkeys(zip(claim.terms, claim.terms[1:], strict=False)))  # stable order
    if not pairs:
        return 1.0
    have = frozenset().union(*(f.bigrams for f in span))
    bw = [weights.w.get(a, 1.0) + weights.w.get(b, 1.0) for a, b in pairs]
    got = sum(w for p, w in zip(pairs, bw, strict=True) if p in have)
    return got / (sum(bw) or 1.0)


def align(
    claim: Features,
    weights: Weights,
    feats: Sequence[Features],
    article: Sequence[int],
    names: frozenset[str],
    n: int,
) -> Span | None:
    """The best span of article `n` (its sentence indices `article`) for the claim."""
    if not article or not weights.w:
        return None
    exact = sorted(
        ((sum(w for t, w in weights.w.items() if t in feats[i].term_set), i) for i in article),
        reverse=True,
    )
    short = {i: strengths(weights, feats[i]) for _c, i in exact[:SHORTLIST]}
    best = max(short, key=lambda i: (weights.coverage(short[i]), -i))
    matched = short[best]
    single = weights.coverage(matched)
    idx = [best]
    pos = {i: k for k, i in enumerate(article)}
    k = pos[best]
    options = []
    for j in (k - 1, k + 1):
        if 0 <= j < len(article):
            other = article[j]
            extra = short.get(other) or strengths(weights, feats[other])
            merged = _merge(matched, extra)
            if sum(1 for t in merged if t not in matched and t not in names) >= 1:
                options.append((weights.coverage(merged), other, merged))
    if options:
        cov, other, merged = max(options, key=lambda o: o[0])
        if cov - single >= FUSE_GAIN:
            idx = sorted([best, other])
            matched = merged
    coverage = weights.coverage(matched)
    bigram = bigram_coverage(claim, [feats[i] for i in idx], weights)
    return Span(n=n, idx=idx, coverage=coverage, single=single, bigram=bigram, matched=matched)


def credit_referents(
    span: Span, weights: Weights, context: Sequence[Features], names: frozenset[str]
) -> None:
    """A span that opens by referring back ("He also said ...") carries the names of the
    sentences before it: they count as matched."""
    before = frozenset().union(*(f.entities for f in context))
    added = {t: 1.0 for t in weights.w if t not in span.matched and t in before and t in names}
    if added:
        span.matched = {**span.matched, **added}
        span.coverage = weights.coverage(span.matched)


__all__ = ["Span", "Weights", "align", "bigram_coverage", "credit_referents", "strengths"]
