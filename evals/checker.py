"""`chorus eval checker`: measure the support judge itself.

1. SummEdits (news), human labels: ROC-AUC and balanced accuracy on the held-out documents
   (the judge's shipped `supported` threshold, and a threshold tuned on the tuning documents),
   next to the plain word-overlap baseline (share of the claim's content words found in the
   document; its threshold also tuned on the tuning documents).
2. Perturbations of faithful summaries (the extractive engine's, plus attributed quotes
   lifted verbatim from the articles): per kind, the share the judge no longer calls
   supported, and the AUC of original vs perturbed for the judge and the baseline.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import typer
from pydantic import BaseModel

from chorus.checker.report import SentenceIn
from chorus.checker.support import SUPPORTED_AT
from chorus.errors import ChorusError
from chorus.models import Article, Cluster, SummaryOptions
from chorus.pipeline.prepare import Prepared, prepare
from chorus.pipeline.summarizer import Summarizer
from chorus.pipeline.text import content_terms
from chorus.settings import Limits, Settings
from chorus_evals.datasets import DataMissing, EvalItem, load_dataset, shared_data_dir
from chorus_evals.metrics import at_threshold, balanced_accuracy, best_threshold, roc_auc
from chorus_evals.perturb import KINDS, Perturbation, perturb_summary
from chorus_evals.scorers import sentences_from_summary
from chorus_evals.summedits import LabelledSet, load_summedits, split

Scorer = Callable[[Prepared, str, list[int]], float]
PERTURB_CLUSTERS = 40  # allsides clusters used for perturbations by default


def judge_score(prepared: Prepared, claim: str, cited: list[int]) -> float:
    return prepared.index.judge(claim, cited).score


def overlap_score(prepared: Prepared, claim: str, cited: list[int]) -> float:
    """The baseline: share of the claim's content words that occur in the cited articles."""
    terms = content_terms(claim)
    if not terms:
        return 0.0
    vocab = frozenset().union(*(prepared.index.article_terms(n) for n in cited))
    return sum(t in vocab for t in terms) / len(terms)


class Figures(BaseModel):
    n: int
    auc: float
    threshold: float
    balanced_accuracy: float


class SummEditsResult(BaseModel):
    tune_documents: int
    held_out_documents: int
    judge_shipped: Figures  # at SUPPORTED_AT
    judge_tuned: Figures  # threshold tuned on the tuning documents
    overlap_tuned: Figures
    judge_tune_auc: float
    overlap_tune_auc: float
    seconds: float


class KindResult(BaseModel):
    kind: str
    n: int
    detected: float  # share of perturbed sentences not judged supported
    judge_auc: float
    overlap_auc: float


class PerturbResult(BaseModel):
    clusters: int
    originals: int
    false_alarms: float  # share of faithful sentences not judged supported
    kinds: list[KindResult]


class CheckerReport(BaseModel):
    summedits: SummEditsResult | None = None
    summedits_skipped: str | None = None
    perturbations: PerturbResult


def score_set(data: LabelledSet, scorer: Scorer) -> list[float]:
    prepared: dict[int, Prepared] = {}
    out = []
    for c in data.claims:
        if c.document not in prepared:
            doc = Cluster(
                id=f"doc{c.document}", articles=[Article(id="1", text=data.documents[c.document])]
            )
            prepared[c.document] = prepare(doc, Limits(max_article_chars=1_000_000))
        out.append(scorer(prepared[c.document], c.claim, [1]))
    return out


def summedits_benchmark(path: Path) -> SummEditsResult:
    started = time.perf_counter()
    tune, held = split(load_summedits(path))
    y_tune = [c.label for c in tune.claims]
    y_held = [c.label for c in held.claims]
    j_tune, j_held = score_set(tune, judge_score), score_set(held, judge_score)
    o_tune, o_held = score_set(tune, overlap_score), score_set(held, overlap_score)

    def figures(scores: Sequence[float], threshold: float) -> Figures:
        return Figures(
            n=len(y_held),
            auc=round(roc_auc(y_held, scores), 4),
            threshold=round(threshold, 4),
            balanced_accuracy=round(balanced_accuracy(y_held, at_threshold(scores, threshold)), 4),
        )

    return SummEditsResult(
        tune_documents=len({c.document for c in tune.claims}),
        held_out_documents=len({c.document for c in held.claims}),
        judge_shipped=figures(j_held, SUPPORTED_AT),
        judge_tuned=figures(j_held, best_threshold(y_tune, j_tune)),
        overlap_tuned=figures(o_held, best_threshold(y_tune, o_tune)),
        judge_tune_auc=round(roc_auc(y_tune, j_tune), 4),
        overlap_tune_auc=round(roc_auc(y_tune, o_tune), 4),
        seconds=round(time.perf_counter() - started, 2),
    )


_ATTRIBUTION = (" said", " says", " told", " added", " wrote")


def quoted_sentences(prepared: Prepared, per_cluster: int = 2) -> list[SentenceIn]:
    """Verbatim article sentences that quote someone by name: faithful, and they carry
    a speaker to misattribute."""
    out = []
    for s in prepared.corpus.sentences:
        t = s.text
        if ("“" in t or '"' in t) and any(a in t for a in _ATTRIBUTION) and len(t.split()) <= 60:
            out.append(SentenceIn(text=t, citations=[s.n]))
            if len(out) >= per_cluster:
                break
    return out


async def faithful_summaries(
    items: Sequence[EvalItem], summarizer: Summarizer
) -> list[tuple[str, Prepared, list[SentenceIn]]]:
    out = []
    for item in items:
        summary = await summarizer.summarize(
            item.cluster, SummaryOptions(engine="extractive", max_words=160)
        )
        prepared = summarizer.prepare(item.cluster)
        out.append(
            (
                item.cluster.id,
                prepared,
                sentences_from_summary(summary) + quoted_sentences(prepared),
            )
        )
    return out


def perturbation_benchmark(
    summaries: Sequence[tuple[str, Prepared, list[SentenceIn]]],
) -> tuple[PerturbResult, list[Perturbation]]:
    originals_j: list[float] = []
    originals_o: list[float] = []
    perturbed: list[tuple[Perturbation, float, float]] = []
    all_perturbations: list[Perturbation] = []
    for cluster_id, prepared, sentences in summaries:
        for s in sentences:
            originals_j.append(judge_score(prepared, s.text, s.citations))
            originals_o.append(overlap_score(prepared, s.text, s.citations))
        for p in perturb_summary(cluster_id, sentences, prepared):
            all_perturbations.append(p)
            perturbed.append(
                (
                    p,
                    judge_score(prepared, p.text, p.citations),
                    overlap_score(prepared, p.text, p.citations),
                )
            )
    kinds = []
    for kind in KINDS:
        rows = [(j, o) for p, j, o in perturbed if p.kind == kind]
        if not rows:
            continue
        labels = [1] * len(originals_j) + [0] * len(rows)
        kinds.append(
            KindResult(
                kind=kind,
                n=len(rows),
                detected=round(sum(j < SUPPORTED_AT for j, _ in rows) / len(rows), 4),
                judge_auc=round(roc_auc(labels, originals_j + [j for j, _ in rows]), 4),
                overlap_auc=round(roc_auc(labels, originals_o + [o for _, o in rows]), 4),
            )
        )
    false_alarms = sum(j < SUPPORTED_AT for j in originals_j) / max(1, len(originals_j))
    result = PerturbResult(
        clusters=len(summaries),
        originals=len(originals_j),
        false_alarms=round(false_alarms, 4),
        kinds=kinds,
    )
    return result, all_perturbations


def render_checker(report: CheckerReport) -> str:
    lines: list[str] = []
    se = report.summedits
    if se is not None:
        lines += [
            f"SummEdits news, held-out {se.held_out_documents} documents "
            f"({se.judge_shipped.n} claims; threshold tuned on the other {se.tune_documents})",
            f"{'checker':<34}{'ROC-AUC':>9}{'bal.acc':>9}{'threshold':>11}",
            f"{'offline judge (shipped threshold)':<34}{se.judge_shipped.auc:>9.3f}"
            f"{se.judge_shipped.balanced_accuracy:>9.3f}{se.judge_shipped.threshold:>11.3f}",
            f"{'offline judge (tuned threshold)':<34}{se.judge_tuned.auc:>9.3f}"
            f"{se.judge_tuned.balanced_accuracy:>9.3f}{se.judge_tuned.threshold:>11.3f}",
            f"{'word overlap (tuned threshold)':<34}{se.overlap_tuned.auc:>9.3f}"
            f"{se.overlap_tuned.balanced_accuracy:>9.3f}{se.overlap_tuned.threshold:>11.3f}",
            f"(tuning part AUC: judge {se.judge_tune_auc:.3f}, overlap {se.overlap_tune_auc:.3f})",
            "",
        ]
    else:
        lines += [f"SummEdits skipped: {report.summedits_skipped}", ""]
    pr = report.perturbations
    lines += [
        f"Perturbations of faithful summaries: {pr.clusters} clusters, {pr.originals} faithful "
        f"sentences, false alarms {pr.false_alarms:.1%}",
        f"{'kind':<22}{'n':>6}{'detected':>10}{'judge AUC':>11}{'overlap AUC':>13}",
    ]
    for k in pr.kinds:
        lines.append(
            f"{k.kind:<22}{k.n:>6}{k.detected:>10.1%}{k.judge_auc:>11.3f}{k.overlap_auc:>13.3f}"
        )
    return "\n".join(lines) + "\n"


def run_checker_command(settings: Settings, *, limit: int | None, out: Path) -> int:
    data_dir = shared_data_dir(settings.eval_data_dir)
    report_se: SummEditsResult | None = None
    skipped: str | None = None
    se_path = data_dir / "summedits-news.json"
    try:
        if se_path.is_file():
            report_se = summedits_benchmark(se_path)
        else:
            skipped = f"{se_path} not found (set CHORUS_EVAL_DATA_DIR)"
        items = list(load_dataset("seeds").items)
        try:
            items += load_dataset(
                "allsides-val", settings.eval_data_dir, limit or PERTURB_CLUSTERS
            ).items
        except DataMissing as exc:
            typer.echo(f"note: perturbations from seeds only: {exc.detail}", err=True)
        summarizer = Summarizer.from_settings(settings, llm=None)
        summaries = asyncio.run(faithful_summaries(items, summarizer))
    except ChorusError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        return 2
    result, perturbations = perturbation_benchmark(summaries)
    report = CheckerReport(summedits=report_se, summedits_skipped=skipped, perturbations=result)
    out.mkdir(parents=True, exist_ok=True)
    (out / "checker.json").write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    with (out / "perturbations.jsonl").open("w", encoding="utf-8") as fh:
        for p in perturbations:
            fh.write(json.dumps(p.model_dump()) + "\n")
    sys.stdout.write(render_checker(report))
    typer.echo(f"reports: {out / 'checker.json'} {out / 'perturbations.jsonl'}", err=True)
    return 0
