"""The checker benchmark as a report: run it (`chorus eval checker`), render it, write it.

Beside SummEdits and the perturbations (evals/checker.py) it scores the hand-written set
(evals/handwritten.py): per part, unfaithful sentences caught and faithful ones falsely alarmed,
per kind, and the AUC of the support score.

With `--judge llm` the LLM judge is measured too, on the same held-out SummEdits claims (the
first N with `--limit`) and on the issue's seed examples, beside the offline judge.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import typer
from pydantic import BaseModel

from chorus.checker.report import Claim, Judge
from chorus.errors import ChorusError
from chorus.models import Cluster
from chorus.pipeline.prepare import prepare
from chorus.settings import Limits, Settings
from chorus_evals.checker import (
    PerturbResult,
    SummEditsResult,
    figures,
    held_out_benchmark,
    held_out_clusters,
    summedits_benchmark,
    summedits_documents,
)
from chorus_evals.datasets import DataMissing, load_dataset, shared_data_dir
from chorus_evals.examples import EXAMPLES, ExampleResult, run_examples
from chorus_evals.handwritten import PartFigures, handwritten_benchmark, render_handwritten
from chorus_evals.metrics import expected_calibration_error
from chorus_evals.summedits import load_summedits, split


class LLMJudgeResult(BaseModel):
    claims: int
    auc: float
    balanced_accuracy: float
    ece: float
    examples_ok: int
    examples: int


class CheckerReport(BaseModel):
    summedits: SummEditsResult | None = None
    summedits_skipped: str | None = None
    held_out: PerturbResult | None = None
    held_out_skipped: str | None = None
    handwritten: list[PartFigures] = []  # the hand-written set: dev, dev2, dev3, report
    handwritten_skipped: str | None = None
    examples: list[ExampleResult]
    llm: LLMJudgeResult | None = None


def seed_cluster() -> Cluster:
    return load_dataset("seeds").items[0].cluster


async def llm_figures(judge: Judge, se_path: Path, limit: int | None) -> LLMJudgeResult:
    """The LLM judge on the held-out SummEdits claims and the seed examples."""
    _tune, held = split(load_summedits(se_path))
    claims = held.claims[:limit]
    docs = summedits_documents(held.model_copy(update={"claims": claims}))
    scores = []
    for c in claims:
        [j] = await judge.judge(docs[c.document], [Claim(text=c.claim, citations=[1])])
        scores.append(j.score)
    labels = [c.label for c in claims]
    f = figures(labels, scores, 0.5)
    seeds = prepare(seed_cluster(), Limits())
    got = await judge.judge(seeds, [Claim(text=e.text, citations=e.citations) for e in EXAMPLES])
    ok = sum((j.verdict == "supported") == e.faithful for j, e in zip(got, EXAMPLES, strict=True))
    return LLMJudgeResult(
        claims=len(claims), auc=f.auc, balanced_accuracy=f.balanced_accuracy,
        ece=round(expected_calibration_error(labels, scores), 4), examples_ok=ok,
        examples=len(EXAMPLES),
    )  # fmt: skip


def render_checker(report: CheckerReport) -> str:
    lines: list[str] = []
    se = report.summedits
    if se is not None:
        j, o = se.judge, se.overlap_tuned
        lines += [
            f"SummEdits news, held-out {se.held_out_documents} documents ({j.n} claims; "
            f"the model and the overlap threshold saw only the other {se.tune_documents})",
            f"{'checker':<36}{'ROC-AUC':>9}{'bal.acc':>9}{'ECE':>8}",
            f"{'offline judge (verdict, p >= 0.5)':<36}{j.auc:>9.3f}{j.balanced_accuracy:>9.3f}"
            f"{j.ece or 0:>8.3f}",
            f"{'word overlap (tuned threshold)':<36}{o.auc:>9.3f}{o.balanced_accuracy:>9.3f}",
            f"(tuning documents AUC: judge {se.judge_tune_auc:.3f}, overlap "
            f"{se.overlap_tune_auc:.3f})",
        ]
        if se.by_edit:
            lines.append(
                "held out, by edit type (share of inconsistent claims not called supported; "
                "consistent: share called supported): "
                + ", ".join(f"{k} {v:.0%} (n={n})" for k, (n, v) in se.by_edit.items())
            )
        lines.append("")
    else:
        lines += [f"SummEdits skipped: {report.summedits_skipped}", ""]
    lines += render_held_out(report)
    if report.handwritten:
        lines += render_handwritten(report.handwritten)
    else:
        lines += [f"Hand-written set skipped: {report.handwritten_skipped}", ""]
    lines += ["Seed examples (the issue's list):"]
    for e in report.examples:
        mark = "ok  " if e.ok else "MISS"
        lines.append(f"  {mark} {e.verdict:<13}{e.support:>5.2f}  {e.text[:70]}  — {e.reason}")
    if report.llm is not None:
        m = report.llm
        lines += [
            "",
            f"LLM judge: SummEdits held-out {m.claims} claims AUC {m.auc:.3f}, bal.acc "
            f"{m.balanced_accuracy:.3f}, ECE {m.ece:.3f}; seed examples {m.examples_ok}/"
            f"{m.examples}",
        ]
    return "\n".join(lines) + "\n"


def render_held_out(report: CheckerReport) -> list[str]:
    pr = report.held_out
    if pr is None:
        return [f"Perturbations skipped: {report.held_out_skipped}", ""]
    lines = [
        f"AllSides clusters 201-307 ({pr.clusters} clusters, never trained on): "
        f"{pr.originals} article sentences, false alarms {pr.false_alarms:.1%}; "
        f"{pr.checks_per_second:.0f} checks/s",
        f"{'broken by':<22}{'n':>6}{'detected':>10}{'judge AUC':>11}{'overlap AUC':>13}",
    ]
    for k in pr.kinds:
        lines.append(
            f"{k.kind:<22}{k.n:>6}{k.detected:>10.1%}{k.judge_auc:>11.3f}{k.overlap_auc:>13.3f}"
        )
    lines += ["", f"{'faithful rewrite':<22}{'n':>6}{'false alarms':>14}"]
    adds = [p for p in pr.paraphrases if p.kind == "human_adds"]
    for p in pr.paraphrases:
        if p.kind != "human_adds":
            lines.append(f"{p.kind:<22}{p.n:>6}{p.false_alarms:>14.1%}")
    for p in adds:
        lines.append(
            f"(human paraphrases naming a name or number their article lacks: {p.n}, "
            f"{p.false_alarms:.0%} not called supported)"
        )
    return [*lines, ""]


def build_report(settings: Settings, limit: int | None, judge: Judge | None) -> CheckerReport:
    data_dir = shared_data_dir(settings.eval_data_dir)
    se_path = data_dir / "summedits-news.json"
    report = CheckerReport(examples=run_examples(prepare(seed_cluster(), Limits())))
    if se_path.is_file():
        report.summedits = summedits_benchmark(se_path)
    else:
        report.summedits_skipped = f"{se_path} not found (set CHORUS_EVAL_DATA_DIR)"
    try:
        report.held_out = held_out_benchmark(held_out_clusters(settings.eval_data_dir, limit))[0]
    except DataMissing as exc:
        report.held_out_skipped = exc.detail
    try:
        report.handwritten = handwritten_benchmark(settings.eval_data_dir)
    except DataMissing as exc:
        report.handwritten_skipped = exc.detail
    if judge is not None and se_path.is_file():
        report.llm = asyncio.run(llm_figures(judge, se_path, limit))
    return report


def run_checker_command(
    settings: Settings, *, limit: int | None, out: Path, judge: Judge | None = None
) -> int:
    try:
        report = build_report(settings, limit, judge)
    except ChorusError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    (out / "checker.json").write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(render_checker(report))
    typer.echo(f"report: {out / 'checker.json'}", err=True)
    return 0


__all__ = ["CheckerReport", "build_report", "render_checker", "run_checker_command"]
