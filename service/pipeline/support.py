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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel

from service.pipeline.schema import Sentence
from service.pipeline.text import entities, negation_count, numbers, quotes, terms_of, words

Verdict = Literal["supported", "partial", "unsupported"]

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


@dataclass
class _Features:
    terms: list[str]
    term_set: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    numbers: frozenset[str]
    entities: frozenset[str]
    negations: int
    text_lower: str = ""
    quotes: list[str] = field(default_factory=list)


def _bigrams(terms: Sequence[str], window: int = 3) -> frozenset[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for gap in range(1, window + 1):
        pairs.update(zip(terms, terms[gap:], strict=False))
    return frozenset(pairs)


def features(text: str) -> _Features:
    tokens = words(text)
    terms = terms_of(tokens)
    return _Features(
        terms=terms,
        term_set=frozenset(terms),
        bigrams=_bigrams(terms),
        numbers=frozenset(numbers(text, tokens)),
        entities=frozenset(entities(text)),
        negations=negation_count(text, tokens),
        text_lower=" ".join(tokens),
        quotes=quotes(text),
    )


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
        self._article_text: dict[int, str] = {}
        self._article_entities: dict[int, frozenset[str]] = {}
        self._article_numbers: dict[int, frozenset[str]] = {}
        for n, idxs in self.by_article.items():
            self._article_text[n] = " ".join(self.features[i].text_lower for i in idxs)
            self._article_entities[n] = frozenset().union(
                *(self.features[i].entities for i in idxs)
            )
            self._article_numbers[n] = frozenset().union(*(self.features[i].numbers for i in idxs))

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
        art_numbers = frozenset().union(*(self._article_numbers.get(n, frozenset()) for n in cited))
        missing_numbers = sorted(claim.numbers - ev_numbers)
        for num in missing_numbers:
            score *= 0.75 if num in art_numbers else 0.45

        ev_entities = frozenset().union(*(self.features[i].entities for i in chosen))
        art_entities = frozenset().union(
            *(self._article_entities.get(n, frozenset()) for n in cited)
        )
        ev_terms_all = union_terms
        missing_entities = sorted(e for e in claim.entities - ev_entities if e not in ev_terms_all)
        for ent in missing_entities:
            score *= 0.85 if ent in art_entities else 0.6

        cited_text = " ".join(self._article_text.get(n, "") for n in cited)
        missing_quotes = [q for q in claim.quotes if " ".join(words(q)) not in cited_text]
        for _q in missing_quotes:
            score *= 0.5

        ev_neg = sum(self.features[i].negations for i in chosen)
        negation_mismatch = (claim.negations > 0) != (ev_neg > 0)
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
