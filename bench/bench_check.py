"""Throughput of `chorus check PATH.jsonl` with the offline judge.

Builds N (cluster, summary) pairs from the allsides clusters (extractive summaries, every
other one with a changed number so not all sentences pass) and times the batch checker end to
end (parse, prepare each cluster, judge every sentence, write JSON lines). Skips with a note
when the shared data is absent. `python -m bench.bench_check [N]`.
"""

from __future__ import annotations

import asyncio
import io
import json
import sys
import tempfile
import time
from pathlib import Path

from chorus.checker.batch import Checker
from chorus.checker.judges import OfflineJudge
from chorus.models import SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Limits
from chorus_evals.datasets import DataMissing, load_dataset


def main(n_pairs: int = 2000) -> None:
    try:
        items = load_dataset("allsides-val").items
    except DataMissing as exc:
        print(f"skipped: {exc.detail}")
        return
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
        started = time.perf_counter()
        result = asyncio.run(checker.check_jsonl(path, out))
        ok, failed = result.passed + result.failed, len(result.errors)
        seconds = time.perf_counter() - started
    sentences = sum(len(json.loads(x).get("sentences") or []) for x in out.getvalue().splitlines())
    print(
        f"chorus check: {ok} pairs ({failed} failed), {sentences} sentences in {seconds:.1f}s "
        f"= {ok / seconds:.0f} pairs/s, {sentences / seconds:.0f} sentences/s "
        "(offline judge, every cluster prepared afresh)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
