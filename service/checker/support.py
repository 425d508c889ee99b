"""The offline support judge: is a claim supported by the sentences of the articles it cites?

Alignment and rules, no model:
1. a claim of several sentences is judged part by part (every part must hold);
2. align each part to its best one to three evidence sentences by IDF-weighted coverage of
   its content terms (stemmed; numbers normalised; a shared 5-letter prefix counts part way),
   plus ordered-bigram coverage, which catches swapped roles ("A beat B" vs "B beat A");
3. penalise specifics the evidence does not carry: numbers, names (which may also sit in the
   two sentences before it, where a pronoun's name lives), quoted passages, a quote given to
   another speaker;
4. penalise a negation mismatch and an antonym flip ("rose" where the evidence says "fell").

The same judge scores sentences in `verify`, picks citations in the extractive engine, and
is the default judge of the eval harness.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Literal, TypeVar, cast

from pydantic import BaseModel

from chorus.checker.features import (
    PREFIX,
    Features,
    antonym_flips,
    bigrams,
    features,
    prefix,
    refers_back,
)
from chorus.pipeline.schema import Sentence
from chorus.pipeline.segment import split_sentences
from chorus.pipeline.text import (
    terms_of,
    words,
)

Verdict = Literal["supported", "partial", "unsupported", "contradicted"]
T = TypeVar("T")

SUPPORTED_AT = 0.6
PARTIAL_AT = 0.35

MAX_EVIDENCE = 3  # sentences one claim part may be aligned to
FUSE_GAIN = 0.1  # coverage a further evidence sentence must add
FUSE_MIN_TERMS = 1  # ...through at least this many claim terms (not names) the others lack
PREFIX_CREDIT = 0.6
BIGRAM_SHARE = 0.15  # weight of ordered-bigram coverage (word order, roles) in the base score
CONTEXT_BEFORE = 2  # sentences before an evidence sentence that may hold its names
# Multiplicative penalties: (present elsewhere in the cited articles, absent from them).
NUMBER_PENALTY = (0.6, 0.3)
ENTITY_PENALTY = (0.6, 0.4)
QUOTE_PENALTY = 0.5
SPEAKER_PENALTY = 0.6
NEGATION_PENALTY = 0.45
ANTONYM_PENALTY = 0.55


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
    antonym_flips: list[str] = []
    misattributed_quote: bool = False
    reason: str | None = None  # a model judge's explanation, when one judged


def verdict_for(score: float) -> Verdict:
    if score >= SUPPORTED_AT:
        return "supported"
    if score >= PARTIAL_AT:
        return "partial"
    return "unsupported"


def claim_parts(text: str) -> list[str]:
    """The sentences of a claim that carry content (a claim may be a whole summary)."""
    spans = split_sentences(text)
    parts = [text[s:e] for s, e in spans]
    parts = [p for p in parts if len(terms_of(words(p))) >= 3]
    return parts if len(parts) > 1 else [text]


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

    def _article(self, key: str, n: int, make: Callable[[list[Features]], T]) -> T:
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

    def article_entities(self, n: int) -> frozenset[str]:
        return self._article("entities", n, lambda fs: frozenset().union(*(f.entities for f in fs)))

    def idf(self, term: str) -> float:
        return self._idf.get(term, self._max_idf)

    def judge(self, claim: str, articles: Iterable[int]) -> Judgement:
        cited = sorted(set(articles))
        parts = claim_parts(claim)
        if len(parts) == 1:
            return self.judge_features(features(claim), cited)
        return _combine([self.judge_features(features(p), cited) for p in parts])

    def _context(self, chosen: list[int]) -> list[int]:
        """The chosen sentences and the few before each in the same article."""
        out: set[int] = set()
        for i in chosen:
            n = self.sentences[i].n
            for k in range(max(0, i - CONTEXT_BEFORE), i + 1):
                if self.sentences[k].n == n:
                    out.add(k)
        return sorted(out)

    def judge_features(self, claim: Features, articles: Iterable[int]) -> Judgement:
        cited = sorted(set(articles))
        candidates = [i for n in cited for i in self.by_article.get(n, [])]
        if not claim.terms or not candidates:
            return Judgement(score=0.0, verdict="unsupported", evidence=[])
        art_terms = frozenset().union(*(self.article_terms(n) for n in cited))
        # A term the cited articles never use (not even as a variant) weighs extra.
        weights = {t: self.idf(t) for t in dict.fromkeys(claim.terms)}  # stable order
        total = sum(weights.values()) or 1.0

        def strengths(i: int) -> dict[str, float]:
            f = self.features[i]
            out: dict[str, float] = {}
            for t in weights:
                if t in f.term_set:
                    out[t] = 1.0
                elif len(t) >= PREFIX and not t[0].isdigit() and prefix(t) in f.prefixes:
                    out[t] = PREFIX_CREDIT
            return out

        def coverage_of(match: dict[str, float]) -> float:
            return sum(weights[t] * s for t, s in match.items()) / total

        exact = sorted(
            (
                (sum(w for t, w in weights.items() if t in self.features[i].term_set), i)
                for i in candidates
            ),
            reverse=True,
        )
        shortlist = {i: strengths(i) for _c, i in exact[: MAX_EVIDENCE * 3]}
        ranked = sorted(shortlist, key=lambda i: coverage_of(shortlist[i]), reverse=True)
        best = ranked[0]
        chosen = [best]
        matched = dict(shortlist[best])
        best_cov = coverage_of(matched)
        names = claim.entities
        # A claim may fuse several sentences; take more while they add real coverage.
        while len(chosen) < MAX_EVIDENCE:
            base = coverage_of(matched)
            gains = []
            for i in ranked:
                if i in chosen:
                    continue
                merged = {t: max(matched.get(t, 0.0), s) for t, s in shortlist[i].items()}
                merged.update({t: s for t, s in matched.items() if t not in merged})
                if sum(1 for t in merged if t not in matched and t not in names) < FUSE_MIN_TERMS:
                    continue  # borrowed names or one borrowed word are no evidence
                gains.append((coverage_of(merged) - base, i, merged))
            if not gains:
                break
            gain, i, merged = max(gains, key=lambda g: g[0])
            if gain < FUSE_GAIN:
                break
            chosen.append(i)
            matched = merged
        cov = coverage_of(matched)
        cov = best_cov + (cov - best_cov) * 0.85  # fusing sentences is weaker evidence
        ev_bigrams = frozenset().union(*(self.features[i].bigrams for i in chosen))
        claim_bigrams = list(bigrams(claim.terms, window=1))
        if claim_bigrams:
            bw = [self.idf(a) + self.idf(b) for a, b in claim_bigrams]
            bigram_cov = sum(
                w for (a, b), w in zip(claim_bigrams, bw, strict=True) if (a, b) in ev_bigrams
            ) / (sum(bw) or 1.0)
        else:
            bigram_cov = cov
        score = (1.0 - BIGRAM_SHARE) * cov + BIGRAM_SHARE * bigram_cov

        context = self._context(chosen)
        ev_numbers = frozenset().union(*(self.features[i].numbers for i in chosen))
        missing_numbers = sorted(claim.numbers - ev_numbers)
        if missing_numbers:
            art_numbers = frozenset().union(*(self.article_numbers(n) for n in cited))
            for num in missing_numbers:
                score *= NUMBER_PENALTY[0] if num in art_numbers else NUMBER_PENALTY[1]

        ctx_entities = frozenset().union(*(self.features[i].entities for i in context))
        ctx_terms = frozenset().union(*(self.features[i].term_set for i in context))
        missing = {e for e in claim.entities - ctx_entities if e not in ctx_terms}
        lead = claim.lead
        if (
            lead is not None
            and lead not in ctx_entities
            and lead not in self.features[best].term_set
            and all(self.features[i].lead != lead for i in context)
            and any(lead in self.article_entities(n) for n in self.by_article)
        ):
            missing.add(lead)  # "Lavrov joined ...": the cluster uses that word as a name
        missing_entities = sorted(missing)
        if missing_entities:
            for ent in missing_entities:
                score *= ENTITY_PENALTY[0] if ent in art_terms else ENTITY_PENALTY[1]

        missing_quotes: list[str] = []
        misattributed = False
        if claim.quotes:
            cited_text = " ".join(self.article_text(n) for n in cited)
            for q in claim.quotes:
                if " ".join(words(q)) not in cited_text:
                    missing_quotes.append(q)
                    score *= QUOTE_PENALTY
            # A quote the sources carry, given to a name they carry elsewhere: misattributed.
            # The speaker must be named in the quoting sentence itself, unless that sentence
            # refers back ("he said") to an earlier one.
            quoting = [i for i in chosen if any(q in self.features[i].text for q in claim.quotes)]
            anchor = quoting[0] if quoting else best
            speaker_scope = (
                self._context([anchor]) if refers_back(self.features[anchor].text) else [anchor]
            )
            scope_names = frozenset().union(
                *(self.features[i].entities | self.features[i].term_set for i in speaker_scope)
            ) | {self.features[i].lead for i in speaker_scope}
            outside = [e for e in claim.entities | {claim.lead} - {None} if e not in scope_names]
            if len(missing_quotes) < len(claim.quotes) and any(
                e in art_terms or any(e in self.article_entities(n) for n in self.by_article)
                for e in outside
            ):
                misattributed = True
                score *= SPEAKER_PENALTY

        # The claim's negations must match at least one aligned sentence's ("did not" vs
        # "did"; "did not end without" vs "ended without").
        negation_mismatch = all(self.features[i].negations != claim.negations for i in chosen)
        if negation_mismatch:
            score *= NEGATION_PENALTY

        flips = antonym_flips(claim, [self.features[i] for i in chosen])
        for _t in flips[:2]:
            score *= ANTONYM_PENALTY

        score = max(0.0, min(1.0, score))
        evidence = [
            Evidence(
                sentence_id=self.sentences[i].id,
                n=self.sentences[i].n,
                text=self.sentences[i].text,
                score=round(coverage_of(shortlist[i]), 4),
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
            antonym_flips=flips,
            misattributed_quote=misattributed,
        )


def _combine(parts: list[Judgement]) -> Judgement:
    """A claim of several sentences holds only as far as its weakest part does."""
    score = min(p.score for p in parts)
    seen: set[str] = set()
    evidence: list[Evidence] = []
    for p in parts:
        for e in p.evidence:
            if e.sentence_id not in seen:
                seen.add(e.sentence_id)
                evidence.append(e)

    def union(key: str) -> list[str]:
        return sorted({x for p in parts for x in cast(list[str], getattr(p, key))})

    return Judgement(
        score=score,
        verdict=verdict_for(score),
        evidence=evidence,
        missing_numbers=union("missing_numbers"),
        missing_entities=union("missing_entities"),
        missing_quotes=union("missing_quotes"),
        negation_mismatch=any(p.negation_mismatch for p in parts),
        antonym_flips=union("antonym_flips"),
        misattributed_quote=any(p.misattributed_quote for p in parts),
    )
