"""Scorers: plain functions over a summary's checked sentences and the cluster.

The checker (`chorus.checker.report.check_sentences`) resolves and judges each sentence;
every scorer here reads its output or the prepared cluster.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from pydantic import BaseModel, Field
from rouge_score import rouge_scorer

from chorus.checker.report import CheckedSentence, SentenceIn
from chorus.checker.support import (
    PARTIAL_AT,
    SUPPORTED_AT,
    SupportIndex,
)
from chorus.models import Summary
from chorus.pipeline.prepare import Prepared
from chorus.pipeline.schema import Sentence
from chorus.pipeline.text import content_terms, entities, numbers, quotes, words
from chorus_evals.datasets import GoldFact


def sentences_from_summary(summary: Summary) -> list[SentenceIn]:
    return [
        SentenceIn(text=s.text, citations=s.citations + s.invalid_citations)
        for s in summary.sentences
    ]


# --- citation validity and support ---------------------------------------------------------


class CitationValidity(BaseModel):
    share: float = Field(description="Sentences citing >= 1 existing article and no other.")
    uncited: list[int] = Field(default_factory=list)
    invalid: list[int] = Field(default_factory=list)


def citation_validity(results: Sequence[CheckedSentence]) -> CitationValidity:
    uncited = [r.index for r in results if not r.citations]
    invalid = [r.index for r in results if r.invalid_citations]
    bad = set(uncited) | set(invalid)
    share = 1.0 - len(bad) / len(results) if results else 0.0
    return CitationValidity(share=share, uncited=uncited, invalid=invalid)


class CitationSupport(BaseModel):
    supported: float
    partial: float
    unsupported: float
    contradicted: float = 0.0
    mean_score: float


def citation_support(results: Sequence[CheckedSentence]) -> CitationSupport:
    n = len(results) or 1
    return CitationSupport(
        supported=sum(r.verdict == "supported" for r in results) / n,
        partial=sum(r.verdict == "partial" for r in results) / n,
        unsupported=sum(r.verdict == "unsupported" for r in results) / n,
        contradicted=sum(r.verdict == "contradicted" for r in results) / n,
        mean_score=sum(r.support for r in results) / n,
    )


class SourceCoverage(BaseModel):
    multi_source: float = Field(description="Sentences citing two articles or more.")
    sources_heard: float = Field(description="The cluster's articles cited at least once.")


def source_coverage(results: Sequence[CheckedSentence], n_articles: int) -> SourceCoverage:
    """How many sides a summary gives: sentences that more than one article supports (what
    the outlets agree on, cited to them all), and the share of the articles heard at all."""
    cited = {n for r in results for n in r.citations}
    return SourceCoverage(
        multi_source=sum(len(r.citations) > 1 for r in results) / len(results) if results else 0.0,
        sources_heard=len(cited) / n_articles if n_articles else 0.0,
    )


def citation_precision(results: Sequence[CheckedSentence], prepared: Prepared) -> float:
    """Share of (sentence, cited article) pairs where that article alone at least partly
    supports the sentence: catches a right fact cited to the wrong article."""
    pairs = [(r.text, n) for r in results for n in r.citations]
    if not pairs:
        return 0.0
    ok = sum(prepared.index.judge(text, [n]).score >= PARTIAL_AT for text, n in pairs)
    return ok / len(pairs)


# --- unsupported specifics -----------------------------------------------------------------


class Specific(BaseModel):
    sentence: int
    kind: str  # number | name | quote
    value: str


def unsupported_specifics(results: Sequence[CheckedSentence], prepared: Prepared) -> list[Specific]:
    """Numbers (dates, amounts), names and quoted strings in a sentence that none of its
    cited articles contains anywhere."""
    index = prepared.index
    out: list[Specific] = []
    for r in results:
        cited = r.citations
        art_numbers = frozenset().union(*(index.article_numbers(n) for n in cited))
        art_terms = frozenset().union(*(index.article_terms(n) for n in cited))
        art_names = frozenset().union(*(index.article_entities(n) for n in cited))
        art_text = " ".join(index.article_text(n) for n in cited)
        for num in sorted(numbers(r.text) - art_numbers):
            out.append(Specific(sentence=r.index, kind="number", value=num))
        for name in sorted(entities(r.text) - art_names - art_terms):
            out.append(Specific(sentence=r.index, kind="name", value=name))
        for q in quotes(r.text):
            if " ".join(words(q)) not in art_text:
                out.append(Specific(sentence=r.index, kind="quote", value=q))
    return out


# --- fact recall ---------------------------------------------------------------------------


class FactResult(BaseModel):
    id: str
    text: str
    weight: float
    credit: float = Field(description="1 when the summary states the fact, else 0.")
    score: float
    stated_by: int | None = Field(default=None, description="Index of the stating sentence.")
    cites_a_source: bool | None = Field(
        default=None, description="The stating sentence cites an article that has the fact."
    )


class FactRecall(BaseModel):
    recall: float
    facts: list[FactResult]


FACT_AT = SUPPORTED_AT  # a gold fact counts as stated when the summary supports it


def _read_in_context(sentences: Sequence[CheckedSentence]) -> list[Sentence]:
    """What a reader has when reaching each summary sentence: the sentence alone, and the
    sentence read with one earlier sentence (where "the conference" was named New Delhi's
    G20 meeting). Each unit is credited to the later sentence (its id is "s:<index>")."""
    units = [(r.index, r.text) for r in sentences]
    units += [
        (later.index, f"{earlier.text} {later.text}")
        for k, later in enumerate(sentences)
        for earlier in sentences[:k]
    ]
    return [
        Sentence(id=f"s:{i}", n=1, index=k, start=0, end=len(text), text=text)
        for k, (i, text) in enumerate(units)
    ]


def fact_recall(sentences: Sequence[CheckedSentence], facts: Sequence[GoldFact]) -> FactRecall:
    """Weighted share of gold facts the summary states (the judge, run from fact to summary:
    is the fact supported by the summary's sentences?)."""
    if not facts:
        return FactRecall(recall=0.0, facts=[])
    pseudo = _read_in_context(sentences)
    alone = SupportIndex(pseudo[: len(sentences)])  # each sentence on its own, first
    in_context = SupportIndex(pseudo)
    results: list[FactResult] = []
    for fact in facts:
        j = alone.judge(fact.text, [1]) if pseudo else None
        if j is not None and j.score < FACT_AT:
            j = in_context.judge(fact.text, [1])
        credit = 0.0
        stated_by = None
        cites = None
        if j is not None and j.score >= FACT_AT:
            credit = 1.0
            stated_by = int(j.evidence[0].sentence_id.split(":")[1])
            if fact.articles:
                cites = bool(set(sentences[stated_by].citations) & set(fact.articles))
        results.append(
            FactResult(
                id=fact.id,
                text=fact.text,
                weight=fact.weight,
                credit=credit,
                score=j.score if j else 0.0,
                stated_by=stated_by,
                cites_a_source=cites,
            )
        )
    total = sum(f.weight for f in facts)
    recall = sum(r.weight * r.credit for r in results) / total
    return FactRecall(recall=recall, facts=results)


# --- ROUGE, length, redundancy -------------------------------------------------------------

_ROUGE = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)


def rouge(summary_text: str, references: Sequence[str]) -> dict[str, float] | None:
    """ROUGE-1/2/L F1 against the best-matching reference (rouge-score package)."""
    if not references or not summary_text.strip():
        return None
    best: dict[str, float] | None = None
    for ref in references:
        scores = _ROUGE.score(ref, summary_text)
        f = {k: round(v.fmeasure, 4) for k, v in scores.items()}
        if best is None or f["rougeL"] > best["rougeL"]:
            best = f
    return best


class LengthStats(BaseModel):
    words: int
    sentences: int
    redundancy: float = Field(
        description="Highest content-term Jaccard overlap between two summary sentences."
    )


def length_and_redundancy(texts: Sequence[str]) -> LengthStats:
    term_sets = [set(content_terms(t)) for t in texts]
    redundancy = 0.0
    for a, b in combinations(term_sets, 2):
        if a and b:
            redundancy = max(redundancy, len(a & b) / len(a | b))
    return LengthStats(
        words=sum(len(t.split()) for t in texts),
        sentences=len(texts),
        redundancy=round(redundancy, 4),
    )
