"""Lexical features of one sentence, for the support judge (computed lazily, cached).

Terms are computed up front (alignment needs them for every sentence of a cluster); bigrams,
numbers, names, quotes and negations only when a sentence is aligned as evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar, cast

from chorus.pipeline.text import (
    ANTONYMS,
    STOPWORDS,
    entities,
    lead_word,
    negation_count,
    numbers,
    quotes,
    stem,
    terms_of,
    words,
)

T = TypeVar("T")
PREFIX = 5  # shared prefix length for a partial term match ("clifftop" ~ "cliff")


class Features:
    """A sentence's lexical features. Terms are computed up front (alignment needs them for
    every sentence); the rest only when the sentence is aligned as evidence."""

    __slots__ = ("_cache", "term_set", "terms", "text", "tokens")

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = words(text)
        self.terms = terms_of(self.tokens)
        self.term_set = frozenset(self.terms)
        self._cache: dict[str, object] = {}

    def _get(self, key: str, make: Callable[[], T]) -> T:
        if key not in self._cache:
            self._cache[key] = make()
        return cast(T, self._cache[key])

    @property
    def bigrams(self) -> frozenset[tuple[str, str]]:
        return self._get("bigrams", lambda: bigrams(self.terms))

    @property
    def prefixes(self) -> frozenset[str]:
        return self._get("prefixes", lambda: frozenset(prefix(t) for t in self.terms))

    @property
    def stem_seq(self) -> list[str]:
        """Stems of every token in order, stopwords included ("up", "more", "before")."""
        return self._get("stem_seq", lambda: [stem(w) for w in self.tokens])

    @property
    def stems(self) -> frozenset[str]:
        return self._get("stems", lambda: frozenset(self.stem_seq))

    @property
    def numbers(self) -> frozenset[str]:
        return self._get("numbers", lambda: frozenset(numbers(self.text, self.tokens)))

    @property
    def entities(self) -> frozenset[str]:
        return self._get("entities", lambda: frozenset(entities(self.text)))

    @property
    def lead(self) -> str | None:
        return self._get("lead", lambda: lead_word(self.text))

    @property
    def negations(self) -> int:
        return self._get("negations", lambda: negation_count(self.text, self.tokens))

    @property
    def text_lower(self) -> str:
        return self._get("text_lower", lambda: " ".join(self.tokens))

    @property
    def quotes(self) -> list[str]:
        return self._get("quotes", lambda: quotes(self.text))


def prefix(term: str) -> str:
    return term[:PREFIX] if len(term) >= PREFIX and not term[0].isdigit() else term


def bigrams(terms: Sequence[str], window: int = 3) -> frozenset[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for gap in range(1, window + 1):
        pairs.update(zip(terms, terms[gap:], strict=False))
    return frozenset(pairs)


REFERS_BACK = ("he ", "she ", "they ", "it ", "his ", "her ", "their ", "the official")


def refers_back(text: str) -> bool:
    low = text.lstrip(" “\"'").lower()
    return low.startswith(REFERS_BACK) or " he said" in low or " she said" in low


def features(text: str) -> Features:
    return Features(text)


def neighbours(seq: list[str], k: int, span: int = 3) -> set[str]:
    near = seq[max(0, k - span) : k] + seq[k + 1 : k + 1 + span]
    return {w for w in near if w not in STOPWORDS and len(w) > 2}


def antonym_flips(claim: Features, evidence: Sequence[Features]) -> list[str]:
    """Claim words whose opposite the evidence uses in the same place: the word is absent
    from the evidence, its antonym present, and the two share a neighbouring content word
    ("continue to support Ukraine" vs "continue to oppose Ukraine")."""
    flips: set[str] = set()
    seq = claim.stem_seq
    for k, t in enumerate(seq):
        opposites = ANTONYMS.get(t)
        if not opposites or opposites & claim.stems:
            continue  # the claim uses both ("rose, then fell"): no flip to read
        for ev in evidence:
            if t in ev.stems:
                break
            for m, e in enumerate(ev.stem_seq):
                if e in opposites and neighbours(seq, k) & neighbours(ev.stem_seq, m):
                    flips.add(t)
    return sorted(flips)
