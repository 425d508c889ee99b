"""Quality of the embedded extractive engine (prints figures; no assertions).

1. ROUGE-1 F1 (stemmed, rouge-score) against the human AllSides roundup on the report split
   (allsides-val lines 201-307; the engine was tuned on lines 1-200 only), every summary
   truncated to the reference's word count, for the engine and three baselines: Lead (first
   sentences round-robin, evals/baseline.py), LexRank and TextRank (sumy's implementations, on
   the same sentences, with sumy's English stemmer and stop words). Target: engine >= best
   baseline + 0.02. Printed with the paired margin's standard error and 95% bootstrap interval
   over the clusters (on ~100 clusters one standard error is about 0.015), and the margin on
   each half of the lines against that half's best baseline.
2. Fact recall on the seeds gold facts and on the 20 hand-factored report clusters
   (allsides-facts). Target >= 0.30 on both.
3. Datelines, unresolved openers and copied headlines on allsides-val (all 307). Target 0.
4. Citation validity (target 100%).

Run: .venv/bin/python -m bench.bench_quality   (needs ../shared/data; sumy is a dev extra)
     --dev: ROUGE on the tuning split (lines 1-200) instead; --rouge-only: stop after ROUGE.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer

from chorus.checker.judges import OfflineJudge
from chorus.models import SummaryOptions
from chorus.pipeline.prepare import Prepared
from chorus.pipeline.summarizer import Summarizer
from chorus.pipeline.text import words as word_tokens
from chorus.settings import Limits
from chorus_evals.baseline import lead_sentences
from chorus_evals.datasets import EvalItem, load_dataset
from chorus_evals.runner import run_eval

ROOT = Path(__file__).resolve().parent.parent
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides-roundups-val.jsonl"
REPORT_LINES = (201, 307)  # 1-based, inclusive: the report split
DEV_LINES = (1, 200)  # the tuning split (`--dev`): tune here, never on REPORT_LINES
BUDGET = 120  # the default word budget (Limits.default_max_words)

_ROUGE = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)


class _Tokenizer:
    """sumy's tokenizer protocol over Chorus's own sentences (no NLTK data download)."""

    language = "english"

    def to_words(self, text: str) -> list[str]:
        return word_tokens(text)

    def to_sentences(self, text: str) -> list[str]:
        return [text]


def _sumy(kind: str) -> Callable[[Prepared, int], list[str]]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    cls = LexRankSummarizer if kind == "lexrank" else TextRankSummarizer
    summarizer = cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tok = _Tokenizer()

    def run(prepared: Prepared, budget: int) -> list[str]:
        corpus = prepared.corpus
        paragraphs = [
            Paragraph([Sentence(s.text, tok) for s in corpus.sentences_of(d.n)])
            for d in corpus.model_docs
        ]
        document = ObjectDocumentModel(paragraphs)
        n_sent = len(document.sentences)
        picked: list[str] = []
        for k in range(1, n_sent + 1):  # the most sentences whose total fits the budget
            out = [str(s) for s in summarizer(document, k)]
            if picked and sum(len(t.split()) for t in out) > budget:
                break
            picked = out
        return picked

    return run


def _truncate(text: str, n_words: int) -> str:
    return " ".join(text.split()[:n_words])


def rouge_scores(items: list[EvalItem]) -> dict[str, list[float]]:
    """Per system, each cluster's ROUGE-1 F1 (in `items` order)."""
    summarizer = Summarizer(limits=Limits())
    systems: dict[str, Callable[[Prepared, int], list[str]]] = {
        "lead": lambda p, b: [s.text for s in lead_sentences(p, b)],
        "lexrank": _sumy("lexrank"),
        "textrank": _sumy("textrank"),
    }
    scores: dict[str, list[float]] = {"chorus": [], **{k: [] for k in systems}}
    for item in items:
        ref = item.references[0]
        n_ref = len(ref.split())
        summary = asyncio.run(summarizer.summarize(item.cluster, SummaryOptions(max_words=BUDGET)))
        texts = {"chorus": " ".join(s.text for s in summary.sentences)}
        prepared = summarizer.prepare(item.cluster)
        for name, fn in systems.items():
            texts[name] = " ".join(fn(prepared, BUDGET))
        for name, text in texts.items():
            scores[name].append(_ROUGE.score(ref, _truncate(text, n_ref))["rouge1"].fmeasure)
    return scores


def rouge_table(items: list[EvalItem]) -> dict[str, float]:
    return {k: statistics.fmean(v) for k, v in rouge_scores(items).items()}


def margin_interval(
    ours: list[float], theirs: list[float], resamples: int = 2000, seed: int = 0
) -> tuple[float, float, float, float]:
    """The paired margin mean(ours - theirs), its standard error, and a 95% paired bootstrap
    interval (clusters resampled with replacement; a fixed seed, so reruns print the same)."""
    d = np.asarray(ours) - np.asarray(theirs)
    rng = np.random.default_rng(seed)
    means = d[rng.integers(0, len(d), size=(resamples, len(d)))].mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    se = float(d.std(ddof=1) / np.sqrt(len(d))) if len(d) > 1 else 0.0
    return float(d.mean()), se, float(lo), float(hi)


def half_margins(
    scores: dict[str, list[float]], first_line: int
) -> list[tuple[int, int, str, float]]:
    """Per half of the lines: (first line, last line, best baseline there, chorus's margin over
    it). A rule is kept only when it gains on both halves of the tuning lines; their margins
    show how much of the whole is one half."""
    n = len(scores["chorus"])
    out = []
    for lo, hi in ((0, n // 2), (n // 2, n)):
        if hi <= lo:
            continue
        mean = {k: statistics.fmean(v[lo:hi]) for k, v in scores.items()}
        best = max((k for k in mean if k != "chorus"), key=mean.__getitem__)
        out.append((first_line + lo, first_line + hi - 1, best, mean["chorus"] - mean[best]))
    return out


def report_items(lines: tuple[int, int] = REPORT_LINES) -> list[EvalItem]:
    items = load_dataset("allsides-val").items
    lo, hi = lines
    return items[lo - 1 : hi]


def eval_metrics(name: str) -> dict[str, float | None]:
    summarizer = Summarizer(limits=Limits())
    report = asyncio.run(
        run_eval(
            load_dataset(name), summarizer, SummaryOptions(engine="extractive"), OfflineJudge(), {}
        )  # fmt: skip
    )
    return report.metrics


def main() -> None:
    if not ALLSIDES.exists():
        print(f"skipped: {ALLSIDES} not found")
        return
    lines = DEV_LINES if "--dev" in sys.argv[1:] else REPORT_LINES
    items = report_items(lines)
    scores = rouge_scores(items)
    table = {k: statistics.fmean(v) for k, v in scores.items()}
    best_name = max((k for k in table if k != "chorus"), key=table.__getitem__)
    best = table[best_name]
    print(f"ROUGE-1 F1 on allsides-val lines {lines[0]}-{lines[1]} "
          f"({len(items)} clusters), summaries truncated to the reference's length:")  # fmt: skip
    for name, value in sorted(table.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<9} {value:.4f}")
    print(f"  chorus - best baseline = {table['chorus'] - best:+.4f}  (target >= +0.02)")
    mean, se, lo, hi = margin_interval(scores["chorus"], scores[best_name])
    print(f"  paired over the {len(items)} clusters against {best_name}: {mean:+.4f}, one standard "
          f"error {se:.4f}, 95% bootstrap interval {lo:+.4f} to {hi:+.4f}")  # fmt: skip
    for lo, hi, name, margin in half_margins(scores, lines[0]):
        print(f"  lines {lo}-{hi}: chorus - best baseline ({name}) = {margin:+.4f}")
    if "--rouge-only" in sys.argv[1:]:
        return
    print("fact recall (target >= 0.30):")
    for name in ("seeds", "allsides-facts"):
        m = eval_metrics(name)
        print(
            f"  {name:<15} {m.get('fact_recall')}  citation validity {m.get('citation_validity')}"
        )
    m = eval_metrics("allsides-val")
    print("allsides-val (307 clusters), shares of sentences / of headlines (target 0):")
    for key in (
        "datelines",
        "unresolved_openers",
        "headline_copied",
        "headline_repeats_lead",
        "redundant_sentences",
    ):
        print(f"  {key:<20} {m.get(key)}")
    print(f"  citation_validity    {m.get('citation_validity')}")
    print("every side heard (no target; issue 12 found 45 of 50 clusters all single-source):")
    print(f"  multi_source         {m.get('multi_source')}  (sentences citing 2+ articles)")
    print(f"  sources_heard        {m.get('sources_heard')}  (articles cited, per cluster)")
    print(json.dumps({"rouge1": table}, sort_keys=True))


if __name__ == "__main__":
    main()
