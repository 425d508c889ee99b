"""The offline support judge: is a claim supported by the sentences of the articles it cites?

Alignment and rules, no model:
1. align the claim to its best one or two evidence sentences by IDF-weighted coverage of the
   claim's content terms (stemmed; numbers normalised), plus ordered-bigram coverage;
2. penalise specifics the evidence does not carry: numbers, names, quoted passages;
3. penalise a negation mismatch between the claim and its aligned evidence.

The same judge scores sentences in `verify`, picks citations in the extractive engine, and
is the default judge of the eval harness.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Literal, TypeVar, cast

from pydantic import BaseModel

from service.pipeline.schema import Sentence
from service.pipeline.text import entities, negation_count, numbers, quotes, terms_of, words

Verdict = Literal["supported", "partial", "unsupported"]
T = TypeVar("T")

SUPPORTED_AT = 0.6
PARTIAL_AT = 0.35


class Evidence(BaseModel):
    sentence_id: str
    n: int
    text: str
    score: float


class Judgement(BaseModel):
    score: float
    verdict: Verdict
    evidence: list[Evidence]
    missing_numbers: list[str] = []
    missing_entities: list[str] = []
    missing_quotes: list[str] = []
    negation_mismatch: bool = False


def verdict_for(score: float) -> Verdict:
    if score >= SUPPORTED_AT:
        return "supported"
    if score >= PARTIAL_AT:
        return "partial"
    return "unsupported"


class _Features:
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
        return self._get("bigrams", lambda: _bigrams(self.terms))

    @property
    def numbers(self) -> frozenset[str]:
        return self._get("numbers", lambda: frozenset(numbers(self.text, self.tokens)))

    @property
    def entities(self) -> frozenset[str]:
        return self._get("entities", lambda: frozenset(entities(self.text)))

    @property
    def negations(self) -> int:
        return self._get("negations", lambda: negation_count(self.text, self.tokens))

    @property
    def text_lower(self) -> str:
        return self._get("text_lower", lambda: " ".join(self.tokens))

    @property
    def quotes(self) -> list[str]:
        return self._get("quotes", lambda: quotes(self.text))


def _bigrams(terms: Sequence[str], window: int = 3) -> frozenset[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for gap in range(1, window + 1):
        pairs.update(zip(terms, terms[gap:], strict=False))
    return frozenset(pairs)


def features(text: str) -> _Features:
    return _Features(text)


class SupportIndex:
    """Precomputed features of a cluster's sentences; judges many claims cheaply."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self.sentences = list(sentences)
        self.features = [features(s.text) for s in self.sentences]
        self.position = {s.id: i for i, s in enumerate(self.sentences)}
        self.by_article: dict[int, list[int]] = {}
        for i, s in enumerate(self.sentences):
            self.by_article.setdefault(s.n, []).append(i)
        df: dict[str, int] = {}
        for f in self.features:
            for t in f.term_set:
                df[t] = df.get(t, 0) + 1
        self._n = max(1, len(self.sentences))
        self._idf = {t: math.log(1.0 + self._n / c) for t, c in df.items()}
        self._max_idf = math.log(1.0 + self._n)
        self._article_cache: dict[tuple[str, int], object] = {}

    def _article(self, key: str, n: int, make: Callable[[list[_Features]], T]) -> T:
        if (key, n) not in self._article_cache:
            feats = [self.features[i] for i in self.by_article.get(n, [])]
            self._article_cache[(key, n)] = make(feats)
        return cast(T, self._article_cache[(key, n)])

    def article_text(self, n: int) -> str:
        return self._article("text", n, lambda fs: " ".join(f.text_lower for f in fs))

    def article_terms(self, n: int) -> frozenset[str]:
        return self._article("terms", n, lambda fs: frozenset().union(*(f.term_set for f in fs)))

    def article_numbers(self, n: int) -> frozenset[str]:
        return self._article("numbers", n, lambda fs: frozenset().union(*(f.numbers for f in fs)))

    def idf(self, term: str) -> float:
        return self._idf.get(term, self._max_idf)

    def judge(self, claim: str, articles: Iterable[int]) -> Judgement:
        return self.judge_features(features(claim), articles)

    def judge_features(self, claim: _Features, articles: Iterable[int]) -> Judgement:
        cited = sorted(set(articles))
        candidates = [i for n in cited for i in self.by_article.get(n, [])]
        if not claim.terms or not candidates:
            return Judgement(score=0.0, verdict="unsupported", evidence=[])
        weights = {t: self.idf(t) for t in claim.term_set}
        total = sum(weights.values()) or 1.0

        def coverage(terms: frozenset[str]) -> float:
            return sum(w for t, w in weights.items() if t in terms) / total

        scored = sorted(
            ((coverage(self.features[i].term_set), i) for i in candidates), reverse=True
        )
        best_cov, best = scored[0]
        chosen = [best]
        union_terms = self.features[best].term_set
        # A claim may fuse two sentences; take a second one when it adds real coverage.
        for _cov, i in scored[1:4]:
            merged = union_terms | self.features[i].term_set
            gain = coverage(merged) - best_cov
            if gain >= 0.12:
                chosen.append(i)
                union_terms = merged
                break
        cov = coverage(union_terms)
        if len(chosen) > 1:
            cov = best_cov + (cov - best_cov) * 0.85
        ev_bigrams = frozenset().union(*(self.features[i].bigrams for i in chosen))
        claim_bigrams = [b for b in _bigrams(claim.terms, window=1)]
        if claim_bigrams:
            bw = [self.idf(a) + self.idf(b) for a, b in claim_bigrams]
            bigram_cov = sum(
                w for (a, b), w in zip(claim_bigrams, bw, strict=True) if (a, b) in ev_bigrams
            ) / (sum(bw) or 1.0)
        else:
            bigram_cov = cov
        score = 0.75 * cov + 0.25 * bigram_cov

        ev_numbers = frozenset().union(*(self.features[i].numbers for i in chosen))
        missing_numbers = sorted(claim.numbers - ev_numbers)
        art_numbers = (
            frozenset().union(*(self.article_numbers(n) for n in cited))
            if missing_numbers
            else frozenset()
        )
        for num in missing_numbers:
            score *= 0.75 if num in art_numbers else 0.45

        ev_entities = frozenset().union(*(self.features[i].entities for i in chosen))
        missing_entities = sorted(e for e in claim.entities - ev_entities if e not in union_terms)
        art_terms = (
            frozenset().union(*(self.article_terms(n) for n in cited))
            if missing_entities
            else frozenset()
        )
        for ent in missing_entities:
            score *= 0.85 if ent in art_terms else 0.6

        cited_text = " ".join(self.article_text(n) for n in cited) if claim.quotes else ""
        missing_quotes = [q for q in claim.quotes if " ".join(words(q)) not in cited_text]
        for _q in missing_quotes:
            score *= 0.5

        # Negation parity must match at least one aligned sentence ("did not" vs "did").
        claim_negated = claim.negations > 0
        negation_mismatch = all((self.features[i].negations > 0) != claim_negated for i in chosen)
        if negation_mismatch:
            score *= 0.6

        score = max(0.0, min(1.0, score))
        evidence = [
            Evidence(
                sentence_id=self.sentences[i].id,
                n=self.sentences[i].n,
                text=self.sentences[i].text,
                score=round(coverage(self.features[i].term_set), 4),
            )
            for i in chosen
        ]
        return Judgement(
            score=round(score, 4),
            verdict=verdict_for(score),
            evidence=evidence,
            missing_numbers=missing_numbers,
            missing_entities=missing_entities,
            missing_quotes=missing_quotes,
            negation_mismatch=negation_mismatch,
        )
