"""The Lead baseline and the report people read (summary first, legend, worst first, HTML)."""

from __future__ import annotations

import re

from chorus.checker.judges import OfflineJudge
from chorus.models import Article, Cluster, SummaryOptions
from chorus.pipeline.prepare import prepare
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Limits
from chorus_evals.baseline import lead_sentences
from chorus_evals.datasets import Dataset, EvalItem, load_dataset
from chorus_evals.report import render_markdown, render_table
from chorus_evals.report_html import render_html
from chorus_evals.runner import run_eval


def _article(k: int) -> Article:
    return Article(id=str(k), text=" ".join(
        f"Article {k} sentence {i} says something about the vote in the city." for i in range(3)
    ))  # fmt: skip


def test_lead_takes_first_sentences_round_robin_to_the_budget() -> None:
    prepared = prepare(Cluster(id="c", articles=[_article(1), _article(2), _article(3)]), Limits())
    picked = lead_sentences(prepared, max_words=50)
    assert [(s.citations[0], s.text.split()[3]) for s in picked] == [(1, "0"), (2, "0"), (3, "0"),
                                                                     (1, "1")]  # fmt: skip
    assert sum(len(s.text.split()) for s in picked) <= 50


async def _report(dataset: Dataset):  # type: ignore[no-untyped-def]
    summarizer = Summarizer(limits=Limits())
    options = SummaryOptions(engine="extractive")
    return await run_eval(dataset, summarizer, options, OfflineJudge(), {})  # with Lead


async def test_the_terminal_prints_the_summary_not_one_row_per_cluster() -> None:
    clusters = [Cluster(id=f"cluster-{k}", articles=[_article(1), _article(2)]) for k in range(4)]
    report = await _report(Dataset(name="d", items=[EvalItem(cluster=c) for c in clusters]))
    table = render_table(report)
    assert "cluster-0" not in table and "citation_validity" in table and "lead" in table
    assert report.baseline["citation_validity"] == 1.0


async def test_reports_lead_with_figures_and_baseline_then_legend_then_worst_first() -> None:
    report = await _report(load_dataset("seeds"))
    md = render_markdown(report)
    order = [md.index(h) for h in ("## Figures against thresholds and the Lead baseline",
                                   "## Legend", "## Clusters, worst first")]  # fmt: skip
    assert order == sorted(order)
    assert "| fact_recall |" in md and "weighted share of the gold facts" in md


async def test_the_html_report_is_self_contained_sortable_and_filterable() -> None:
    report = await _report(load_dataset("seeds"))
    html = render_html(report)
    assert not re.search(r"""(?:src|href)=["']?https?:""", html)  # no CDN, no remote asset
    assert "<svg" in html and "sortable" in html and "only-bad" in html and "<script>" in html
