"""Run a dataset through an engine and a judge, score every summary, gate on thresholds."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from pydantic import BaseModel, Field

from chorus.checker.report import CheckedSentence, Judge, SentenceIn, check_sentences
from chorus.models import SummaryOptions
from chorus.pipeline.prepare import Prepared
from chorus.pipeline.render import with_markers as marked
from chorus.pipeline.summarizer import Summarizer
from chorus_evals.baseline import BASELINE_NAME, lead_sentences
from chorus_evals.datasets import Dataset, EvalItem, GoldFact
from chorus_evals.prose import prose_metrics
from chorus_evals.scorers import (
    FactResult,
    Specific,
    citation_precision,
    citation_support,
    citation_validity,
    fact_recall,
    length_and_redundancy,
    rouge,
    sentences_from_summary,
    source_coverage,
    unsupported_specifics,
)
from chorus_evals.thresholds import Bound, ThresholdResult, apply_thresholds

# Sentence-level shares are pooled over all sentences of the dataset; the rest are averaged
# over clusters.
SENTENCE_METRICS = ("citation_validity", "supported", "partial", "unsupported", "contradicted",
                    "unsupported_specifics", "citation_precision", "datelines",
                    "unresolved_openers", "redundant_sentences", "multi_source")  # fmt: skip


class SourceRef(BaseModel):
    n: int
    title: str | None = None


class ClusterReport(BaseModel):
    cluster_id: str
    engine: str | None = None
    headline: str = ""
    summary: str = Field(description="The summary with its [n] markers.")
    sources: list[SourceRef] = Field(default_factory=list)
    metrics: dict[str, float | None]
    sentences: list[CheckedSentence]
    facts: list[FactResult] = Field(default_factory=list)
    specifics: list[Specific] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class EvalReport(BaseModel):
    dataset: str
    description: str = ""
    engine: str
    judge: str
    created_at: str
    seconds: float
    metrics: dict[str, float | None]
    thresholds: list[ThresholdResult] = Field(default_factory=list)
    passed: bool = True
    clusters: list[ClusterReport]
    baseline: dict[str, float | None] = Field(
        default_factory=dict, description="The Lead baseline's dataset figures (see baseline.py)."
    )


def with_markers(results: Sequence[CheckedSentence]) -> str:
    return " ".join(marked(r.text, r.citations + r.invalid_citations) for r in results)


async def score_summary(
    cluster_id: str,
    sentences: Sequence[SentenceIn],
    prepared: Prepared,
    judge: Judge,
    *,
    facts: Sequence[GoldFact] = (),
    references: Sequence[str] = (),
    engine: str | None = None,
    headline: str = "",
    warnings: Sequence[str] = (),
) -> ClusterReport:
    results, _ = await check_sentences(sentences, prepared, judge)
    validity = citation_validity(results)
    support = citation_support(results)
    specifics = unsupported_specifics(results, prepared)
    stats = length_and_redundancy([r.text for r in results])
    sides = source_coverage(results, len(prepared.corpus.model_docs))
    metrics: dict[str, float | None] = {
        "citation_validity": validity.share,
        "supported": support.supported,
        "partial": support.partial,
        "unsupported": support.unsupported,
        "contradicted": support.contradicted,
        "mean_support": support.mean_score,
        "citation_precision": citation_precision(results, prepared),
        "unsupported_specifics": (
            len({s.sentence for s in specifics}) / len(results) if results else 0.0
        ),
        "words": float(stats.words),
        "sentences": float(stats.sentences),
        "redundancy": stats.redundancy,
        "multi_source": sides.multi_source,
        "sources_heard": sides.sources_heard,
    }
    docs = prepared.corpus.docs
    metrics.update(
        prose_metrics(
            [r.text for r in results],
            headline,
            [d.title or "" for d in docs],
            [d.text for d in docs],
        )  # fmt: skip
    )
    recall = fact_recall(results, facts) if facts else None
    if recall is not None:
        metrics["fact_recall"] = recall.recall
    text = " ".join(r.text for r in results)
    scores = rouge(text, references)
    if scores:
        metrics.update(scores)
    return ClusterReport(
        cluster_id=cluster_id,
        engine=engine,
        headline=headline,
        summary=with_markers(results),
        sources=[SourceRef(n=d.n, title=d.title) for d in prepared.corpus.docs],
        metrics={k: (round(v, 4) if v is not None else None) for k, v in metrics.items()},
        sentences=results,
        facts=recall.facts if recall else [],
        specifics=specifics,
        warnings=list(warnings),
    )


async def lead_item(
    item: EvalItem, summarizer: Summarizer, options: SummaryOptions, judge: Judge
) -> ClusterReport:
    """The Lead baseline for one cluster, scored like Chorus's summary."""
    max_words = summarizer.admit(item.cluster, options).max_words
    prepared = summarizer.prepare(item.cluster)
    return await score_summary(
        item.cluster.id, lead_sentences(prepared, max_words), prepared, judge,
        facts=item.facts, references=item.references, engine=BASELINE_NAME,
    )  # fmt: skip


async def evaluate_item(
    item: EvalItem, summarizer: Summarizer, options: SummaryOptions, judge: Judge
) -> ClusterReport:
    summary = await summarizer.summarize(item.cluster, options)
    prepared = summarizer.prepare(item.cluster)
    # Citations the engine made to unknown articles count against validity.
    sentences = sentences_from_summary(summary)
    return await score_summary(
        item.cluster.id,
        sentences,
        prepared,
        judge,
        facts=item.facts,
        references=item.references,
        engine=summary.engine,
        headline=summary.headline,
        warnings=summary.warnings,
    )


def aggregate(clusters: Sequence[ClusterReport]) -> dict[str, float | None]:
    if not clusters:
        return {}
    keys = list(dict.fromkeys(k for c in clusters for k in c.metrics))
    n_sent = sum(len(c.sentences) for c in clusters)
    out: dict[str, float | None] = {}
    for k in keys:
        pairs = [(c.metrics[k], len(c.sentences)) for c in clusters if c.metrics.get(k) is not None]
        if not pairs:
            out[k] = None
        elif k in SENTENCE_METRICS and n_sent:
            out[k] = round(
                sum(v * w for v, w in pairs if v is not None) / max(1, sum(w for _, w in pairs)), 4
            )
        else:
            out[k] = round(sum(v for v, _ in pairs if v is not None) / len(pairs), 4)
    out["clusters"] = float(len(clusters))
    return out


async def run_eval(
    dataset: Dataset,
    summarizer: Summarizer,
    options: SummaryOptions,
    judge: Judge,
    bounds: dict[str, Bound],
    on_progress: Callable[[int], None] | None = None,
    jobs: int = 1,
) -> EvalReport:
    """Evaluate every item, `jobs` at once (the LLM client's limits still apply); the
    report keeps the dataset's order."""
    started = time.perf_counter()
    engine = summarizer.resolve_engine(options.engine)
    gate = asyncio.Semaphore(max(1, jobs))

    async def one(item: EvalItem) -> tuple[ClusterReport, ClusterReport]:
        async with gate:
            report = await evaluate_item(item, summarizer, options, judge)
            lead = await lead_item(item, summarizer, options, judge)
        if on_progress:
            on_progress(1)
        return report, lead

    pairs = await asyncio.gather(*(one(item) for item in dataset.items))
    clusters, leads = [p[0] for p in pairs], [p[1] for p in pairs]
    metrics = aggregate(clusters)
    results = apply_thresholds(metrics, bounds)
    return EvalReport(
        dataset=dataset.name,
        description=dataset.description,
        engine=engine,
        judge=judge.name,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        seconds=round(time.perf_counter() - started, 2),
        metrics=metrics,
        thresholds=results,
        passed=all(r.passed for r in results),
        clusters=clusters,
        baseline=aggregate(leads),
    )
