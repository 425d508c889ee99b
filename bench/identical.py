"""Regression check for speed work: the extractive engine's output must not change.

Summarises the seeds, the first 30 AllSides validation clusters (when the shared data is
present) and the 10-article bench cluster, at the default budget and at 60 and 200 words, in
both styles, and checks each summary's Markdown again with `chorus check`'s loop; writes the
JSON of every result (`--save PATH`), or compares with a saved file (`--check PATH`) and
prints the first difference. Run `--save` on main's code, then `--check` on the change.

Run: .venv/bin/python -m bench.identical --save /tmp/chorus-identical.json
     .venv/bin/python -m bench.identical --check /tmp/chorus-identical.json
(also `python -m bench.bench_core --check-identical PATH`)
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

from chorus.checker.judges import OfflineJudge
from chorus.checker.report import check_text
from chorus.loaders import iter_clusters
from chorus.models import Cluster, SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Limits

ROOT = Path(__file__).resolve().parent.parent
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides-roundups-val.jsonl"
N_ALLSIDES = 30  # lines 1-30: the tuning split
OPTIONS = [
    SummaryOptions(engine="extractive"),
    SummaryOptions(engine="extractive", max_words=60),
    SummaryOptions(engine="extractive", max_words=200, style="bullets"),
]


def clusters(n_allsides: int = N_ALLSIDES) -> Iterator[Cluster]:
    from bench.bench_core import make_cluster

    yield from iter_clusters(ROOT / "seeds")
    if ALLSIDES.exists():
        yield from itertools.islice(iter_clusters(ALLSIDES), n_allsides)
    yield make_cluster(10, 800)


async def outputs(n_allsides: int = N_ALLSIDES) -> list[str]:
    """One JSON line per (cluster, options): the summary as `chorus summarize --format json`
    writes it, then the check report of its Markdown."""
    summarizer = Summarizer(limits=Limits())
    lines: list[str] = []
    for cluster in clusters(n_allsides):
        prepared = summarizer.prepare(cluster)
        for options in OPTIONS:
            summary = await summarizer.summarize(cluster, options)
            lines.append(summary.model_dump_json())
            report = await check_text(summary.markdown, prepared, OfflineJudge())
            lines.append(report.model_dump_json())
    return lines


def compare(saved: list[str], now: list[str]) -> int:
    """0 when identical, else 1 after printing the first differing line."""
    if saved == now:
        print(f"identical: {len(now)} outputs byte for byte")
        return 0
    if len(saved) != len(now):
        print(f"DIFFERENT: {len(saved)} saved outputs, {len(now)} now")
    for i, (a, b) in enumerate(zip(saved, now, strict=False)):
        if a != b:
            cut = next(k for k in range(min(len(a), len(b)) + 1) if a[k : k + 1] != b[k : k + 1])
            print(f"DIFFERENT at output {i}, char {cut}:")
            print(f"  saved: ...{a[max(0, cut - 80) : cut + 120]}")
            print(f"  now:   ...{b[max(0, cut - 80) : cut + 120]}")
            break
    return 1


def run(save: Path | None, check: Path | None, n_allsides: int = N_ALLSIDES) -> int:
    now = asyncio.run(outputs(n_allsides))
    if save is not None:
        save.write_text("\n".join(now) + "\n", encoding="utf-8")
        print(f"saved {len(now)} outputs to {save}")
        return 0
    assert check is not None
    return compare(check.read_text(encoding="utf-8").splitlines(), now)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the outputs here (run on main)")
    group.add_argument("--check", type=Path, help="compare with outputs saved here")
    parser.add_argument(
        "--allsides", type=int, default=N_ALLSIDES, metavar="N",
        help=f"how many AllSides validation clusters, from line 1 (default {N_ALLSIDES})",
    )  # fmt: skip
    args = parser.parse_args(argv)
    return run(args.save, args.check, args.allsides)


if __name__ == "__main__":
    sys.exit(main())
