"""The offline judge: is each claim of a sentence stated by the articles it cites?

1. the sentence is split into claims (clauses; an opening reference resolved against the
   previous summary sentence) — `claims.py`;
2. each claim is aligned, in each cited article on its own, to its smallest evidence span
   (one sentence or two adjacent) — `align.py`;
3. detectors read the claim against that span (negation scope, numbers with units and
   hedges, dates, entity substitution, role swap, quote speaker, antonyms) — `assess.py`;
4. a small logistic model shipped with the package turns the findings into a calibrated
   P(supported) — `model.py`; a detector's finding on a well-aligned span makes a failing
   claim `contradicted`, with the reason ("source says 10 minutes"), and on a near copy of
   its span (coverage >= `NEAR_COPY`) the finding is decisive whatever the model says.

A sentence holds as far as its weakest claim; every cited article must support at least one
claim (an article that supports none is reported in `idle_citations`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain

from chorus.checker.align import Span, Weights, align, credit_referents, strengths
from chorus.checker.assess import DECISIVE_CAP, NEAR_COPY, Article, assess, lexical
from chorus.checker.claims import resolve, split_claims
from chorus.checker.features import Features, features
from chorus.checker.model import load_model
from chorus.checker.verdict import (
    PARTIAL_AT,
    SUPPORTED_AT,
    UNSUPPORTED,
    ClaimCheck,
    Judgement,
    Scored,
    Verdict,
    combine,
    verdict_for,
)
from chorus.models import Evidence
from chorus.pipeline.schema import Sentence

CONTEXT_BEFORE = 2  # sentences before a span that may hold its names
ROUNDING = 1e-4  # a judgement's score is rounded to 4 places
_Aligned = tuple[Span, list[Features], Article]


FINDINGS = (
    "num_conflict", "date_conflict", "ent_subst", "negation", "antonym", "role_swap",
    "quote_speaker", "quote_missing", "ent_absent", "num_missing",
)  # fmt: skip


def strength(x: dict[str, float]) -> float:
    """How well a span carries a claim, by a fixed rule: coverage less one per finding."""
    return x["coverage"] - sum(x.get(k, 0.0) for k in FINDINGS)


class SupportIndex:
    """Precomputed features of a cluster's sentences; judges many claims cheaply."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self.sentences = list(sentences)
        self.features = [features(s.text) for s in self.sentences]
        self.position = {s.id: i for i, s in enumerate(self.sentences)}
        self.by_article: dict[int, list[int]] = {}
        for i, s in enumerate(self.sentences):
            self.by_article.setdefault(s.n, []).append(i)
        df = Counter(chain.from_iterable(f.term_set for f in self.features))
        n = max(1, len(self.sentences))
        self._idf = {t: math.log(1.0 + n / c) for t, c in df.items()}
        self._max_idf = math.log(1.0 + n)
        self._articles: dict[int, Article] = {}
        self._spans: dict[tuple[int, ...], Features] = {}
        self._names: frozenset[str] | None = None
        self._scored: dict[tuple[str, int], tuple[Scored, Weights] | None] = {}
        self._aligned_memo: dict[tuple[str, int], _Aligned | None] = {}
        self._weights: dict[str, Weights] = {}
        self.model = load_model()

    # --- what the cited articles hold (also read by the eval scorers) ---------------------
    def article(self, n: int) -> Article:
        if n not in self._articles:
            idx = self.by_article.get(n, [])
            fs = [self.features[i] for i in idx]
            self._articles[n] = Article(
                n=n,
                idx=idx,
                terms=frozenset().union(*(f.term_set for f in fs)),
                text=" ".join(f.text_lower for f in fs),
                cased=" ".join(f.text for f in fs),
            )
        return self._articles[n]

    def article_text(self, n: int) -> str:
        return self.article(n).text

    def article_terms(self, n: int) -> frozenset[str]:
        return self.article(n).terms

    def article_numbers(self, n: int) -> frozenset[str]:
        return frozenset().union(*(self.features[i].numbers for i in self.article(n).idx))

    def article_entities(self, n: int) -> frozenset[str]:
        return frozenset().union(*(self.features[i].entities for i in self.article(n).idx))

    @property
    def names(self) -> frozenset[str]:
        """Words the cluster uses as names (capitalised mid-sentence)."""
        if self._names is None:
            self._names = frozenset().union(*(f.entities for f in self.features))
        return self._names

    def features_of_sentence(self, s: Sentence) -> Features | None:
        """The features of one of the cluster's sentences (None when it is not one)."""
        i = self.position.get(s.id)
        return self.features[i] if i is not None and self.sentences[i].text == s.text else None

    def idf(self, term: str) -> float:
        return self._idf.get(term, self._max_idf)

    def span_features(self, idx: Sequence[int]) -> Features:
        key = tuple(idx)
        if key not in self._spans:
            self._spans[key] = features(" ".join(self.sentences[i].text for i in idx))
        return self._spans[key]

    def evidence(self, span: Span, weights: Weights) -> list[Evidence]:
        out = []
        for i in span.idx:
            s = self.sentences[i]
            score = weights.coverage(strengths(weights, self.features[i]))
            out.append(
                Evidence(
                    sentence_id=s.id, n=s.n, text=s.text, score=round(score, 4),
                    start=s.start, end=s.end,
                )
            )  # fmt: skip
        return out

    # --- judging ---------------------------------------------------------------------------
    def score_claim(self, claim: Features, cited: Sequence[int]) -> list[tuple[Scored, Weights]]:
        """The claim judged against each cited article on its own. Each (claim, article) pair
        is judged once per index: the extractive engine's citing and compression checks and
        the final verification ask many of the same questions."""
        weights: Weights | None = None
        out = []
        for n in cited:
            key = (claim.text, n)
            if key not in self._scored:
                weights = weights or self._weights_of(claim)
                self._scored[key] = self._score_in(claim, weights, n)
            found = self._scored[key]
            if found is not None:
                out.append(found)
        return out

    def _weights_of(self, claim: Features) -> Weights:
        """The claim's term weights, made once per claim: `reaches` and the full judgement
        read the same ones."""
        if claim.text not in self._weights:
            self._weights[claim.text] = Weights(claim, self._idf, self._max_idf)
        return self._weights[claim.text]

    def _aligned(self, claim: Features, weights: Weights, n: int) -> _Aligned | None:
        """The claim's span in article `n`, with the sentences before it (names they give
        count as matched when the span refers back)."""
        key = (claim.text, n)
        if key in self._aligned_memo:
            return self._aligned_memo.pop(key)  # read once: `_scored` keeps the result
        art = self.article(n)
        span = align(claim, weights, self.features, art.idx, self.names, n)
        if span is None:
            return None
        first = art.idx.index(span.idx[0])
        context = [self.features[i] for i in art.idx[max(0, first - CONTEXT_BEFORE) : first]]
        if self.features[span.idx[0]].refers_back and context:
            credit_referents(span, weights, context, self.names)
        return span, context, art

    def _score_in(self, claim: Features, weights: Weights, n: int) -> tuple[Scored, Weights] | None:
        found = self._aligned(claim, weights, n)
        if found is None:
            return None
        span, context, art = found
        span_f = self.span_features(span.idx)
        a = assess(claim, weights, span, span_f, context, art, self.features, self.names)
        p = self.model.probability(a.x)
        if (a.contradiction and span.coverage >= NEAR_COPY) or a.added:
            p = min(p, DECISIVE_CAP)  # one change in a copied sentence: a changed fact
        return Scored(p, a, span), weights

    def claims(self, claim: str, previous: str | None) -> list[tuple[str, Features]]:
        """The claims of a sentence, each with its features after reference resolution."""
        out = []
        before = previous
        for text in split_claims(claim):
            f = features(resolve(text, before))
            before = text
            if f.terms:
                out.append((text, f))
        return out

    def features_of(
        self, claim: str, articles: Iterable[int], previous: str | None = None
    ) -> dict[str, float] | None:
        """The model's input for the sentence's weakest claim in its best cited article, both
        chosen by a fixed rule (`strength`), not by the model: what training fits."""
        worst: dict[str, float] | None = None
        for _text, f in self.claims(claim, previous):
            scored = self.score_claim(f, sorted(set(articles)))
            if scored:
                best = max((s.a.x for s, _w in scored), key=strength)
                if worst is None or strength(best) < strength(worst):
                    worst = best
        return worst

    def claim_evidence(
        self, claim: str, articles: Iterable[int], previous: str | None = None
    ) -> list[tuple[str, list[int]]]:
        """Each claim with the sentences aligned to it in every cited article (and the one
        before a span that refers back): the chunk an LLM judge reads."""
        cited = sorted(set(articles))
        out = []
        for text, f in self.claims(claim, previous):
            idx: list[int] = []
            for scored, _w in self.score_claim(f, cited):
                first = scored.span.idx[0]
                before = first - 1
                if (
                    before >= 0
                    and self.sentences[before].n == self.sentences[first].n
                    and (self.features[first].refers_back)
                ):
                    idx.append(before)
                idx += scored.span.idx
            out.append((text, idx))
        return out

    def reaches(self, claim: str, articles: Iterable[int], at: float) -> bool:
        """`judge(claim, articles).score >= at`, without the detectors where a claim's span
        alone shows it cannot: the model is monotone (what the detectors find only lowers
        P(supported)), so the span's word features bound it from above (`CheckerModel.most`).
        A claim that cannot reach `at` in any cited article settles it."""
        cited = sorted(set(articles))
        if not cited or not claim.strip():
            return False
        for _text, f in self.claims(claim, None):
            if any((f.text, n) in self._scored for n in cited):
                continue  # judged already: the full judgement below costs nothing more
            weights = self._weights_of(f)
            most = 0.0
            for n in cited:
                found = self._aligned(f, weights, n)
                self._aligned_memo[(f.text, n)] = found
                if found is not None:
                    span, _context, art = found
                    most = max(most, self.model.most(lexical(f, weights, span, art)))
            if most < at - ROUNDING:
                return False
        return self.judge(claim, cited).score >= at

    def judge(self, claim: str, articles: Iterable[int], previous: str | None = None) -> Judgement:
        """Every claim of `claim` against the cited `articles` (each on its own);
        `previous` is the summary sentence before it, for references ("The two countries")."""
        cited = sorted(set(articles))
        if not cited or not claim.strip():
            return UNSUPPORTED
        checks = [(text, self.score_claim(f, cited)) for text, f in self.claims(claim, previous)]
        return combine(checks, cited, self.evidence)


__all__ = [
    "PARTIAL_AT",
    "SUPPORTED_AT",
    "ClaimCheck",
    "Evidence",
    "Judgement",
    "Scored",
    "SupportIndex",
    "Verdict",
    "verdict_for",
]
