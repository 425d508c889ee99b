"""The checker's figures: quality on data it never saw, and speed.

Prints: SummEdits held-out balanced accuracy / AUC / ECE (offline judge, word overlap beside),
per-kind detection of perturbations of AllSides clusters 201-307 with the false alarms on
faithful rewrites and human paraphrases, the hand-written set (dev, dev2, dev3 and report parts:
unfaithful caught and faithful false alarms per kind, AUC), the issue's seed contradictions and
paraphrases, throughput (sentence checks per second, cluster prepared once), the latency of
checking a ~120-word summary, and `chorus check PATH.jsonl` end to end. Skips what needs the
shared data when it is absent. `python -m bench.bench_check [N_PAIRS]`.
"""

from __future__ import annotations

import asyncio
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from chorus.checker.batch import Checker
from chorus.checker.judges import OfflineJudge
from chorus.checker.report import check_text
from chorus.models import SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Limits, Settings
from chorus_evals.checker import HeldOut, held_out_clusters
from chorus_evals.checker_report import build_report, render_checker
from chorus_evals.datasets import DataMissing, load_dataset


def throughput(clusters: list[HeldOut]) -> str:
    texts = [(c, s.text, s.citations) for c in clusters for s in c.sentences]
    texts += [(c, p.text, p.citations) for c in clusters for p in c.paraphrases]
    started = time.perf_counter()
    for c, text, cited in texts:
        c.prepared.index.judge(text, cited)
    seconds = time.perf_counter() - started
    return (
        f"offline checker: {len(texts)} sentence checks in {seconds:.2f}s = "
        f"{len(texts) / seconds:.0f} sentences/s (clusters prepared once, 1 core)"
    )


def latency(clusters: list[HeldOut]) -> str:
    times: list[float] = []
    words: list[int] = []
    judge = OfflineJudge()
    for c in clusters[:40]:
        sents = c.sentences
        text, n = "", 0
        for s in sents:
            if n >= 120:
                break
            text += f"{s.text} [{s.citations[0]}] "
            n += len(s.text.split())
        started = time.perf_counter()
        asyncio.run(check_text(text, c.prepared, judge))
        times.append(time.perf_counter() - started)
        words.append(n)
    median = statistics.median(times) * 1000
    p90 = sorted(times)[int(len(times) * 0.9)] * 1000
    return (
        f"a {statistics.mean(words):.0f}-word summary checked in {median:.1f} ms (median of "
        f"{len(times)}; p90 {p90:.1f} ms; cluster already prepared, as in a summary's verify)"
    )


def batch(n_pairs: int) -> str:
    items = load_dataset("allsides-val").items[200:]
    summarizer = Summarizer(limits=Limits())
    lines = []
    for k, item in enumerate(items):
        summary = asyncio.run(
            summarizer.summarize(item.cluster, SummaryOptions(engine="extractive"))
        )
        text = summary.markdown
        if k % 2:
            text = text.replace("1", "7", 1)
        lines.append(json.dumps({"cluster": item.cluster.model_dump(mode="json"), "summary": text}))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pairs.jsonl"
        path.write_text("\n".join(lines[k % len(lines)] for k in range(n_pairs)) + "\n")
        out = io.StringIO()
        checker = Checker(Summarizer(limits=Limits()), OfflineJudge(), cache_size=0)
        result = asyncio.run(checker.check_jsonl(path, out))
    sentences = sum(len(json.loads(x).get("sentences") or []) for x in out.getvalue().splitlines())
    ok = result.passed + result.failed
    return (
        f"chorus check: {ok} pairs, {sentences} sentences in {result.seconds:.1f}s = "
        f"{ok / result.seconds:.0f} pairs/s, {sentences / result.seconds:.0f} sentences/s "
        "(every cluster prepared afresh)"
    )


def main(n_pairs: int = 500) -> None:
    report = build_report(Settings(), None, None)
    sys.stdout.write(render_checker(report))
    try:
        clusters = held_out_clusters(None)
    except DataMissing as exc:
        print(f"speed skipped: {exc.detail}")
        return
    print()
    print(throughput(clusters))
    print(latency(clusters))
    print(batch(n_pairs))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
