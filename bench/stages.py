"""Where the extractive path's time goes, stage by stage (for `bench_core --stages`).

Times each text stage, the checker's index, the engine's steps and the verification on the
10-article bench cluster, run after run, and prints the medians. Engine steps are timed by
wrapping the engine module's functions for the duration of the run (nothing is changed in
what they return); `judge` is the time spent inside `SupportIndex.judge`, which the engine
steps above it include.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from chorus.checker.support import SupportIndex
from chorus.models import Cluster, SummaryOptions
from chorus.pipeline import citing, extractive
from chorus.pipeline.dedupe import dedupe
from chorus.pipeline.normalise import normalise
from chorus.pipeline.prepare import Prepared, doc_tokens
from chorus.pipeline.segment import segment
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Limits

CALLS = " #"  # key suffix: how many times the step ran
ENGINE_STEPS = (
    "compress", "_units", "Concepts", "select", "order_picks", "_final_text",
    "_introduce_names", "_attribute_framing", "_surface_disagreements", "by_support",
    "engine_headline",
)  # fmt: skip


@contextmanager
def _timed(
    owner: Any, names: tuple[str, ...], spent: dict[str, float], prefix: str = ""
) -> Iterator[None]:
    saved = {name: getattr(owner, name) for name in names}

    def wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[prefix + name] += time.perf_counter() - t0
                spent[f"{prefix}{name}{CALLS}"] += 1

        return timed

    for name, fn in saved.items():
        setattr(owner, name, wrap(name, fn))
    try:
        yield
    finally:
        for name, fn in saved.items():
            setattr(owner, name, fn)


def _once(summarizer: Summarizer, cluster: Cluster) -> dict[str, float]:
    spent: dict[str, float] = defaultdict(float)
    limits = summarizer.limits
    admitted = summarizer.admit(cluster, SummaryOptions(engine="extractive"))

    def step(name: str, fn: Callable[[], Any]) -> Any:
        t0 = time.perf_counter()
        out = fn()
        spent[name] += time.perf_counter() - t0
        return out

    corpus = step("normalise", lambda: normalise(cluster, limits))
    corpus = step("segment", lambda: segment(corpus))
    index = step("index (SupportIndex)", lambda: SupportIndex(corpus.sentences))
    corpus = step("dedupe", lambda: dedupe(corpus, tokens=doc_tokens(corpus, index)))
    prepared = Prepared(corpus=corpus, index=index)
    with (
        _timed(extractive, ENGINE_STEPS, spent),
        _timed(citing.Citer, ("cite", "widen"), spent),
        _timed(SupportIndex, ("judge",), spent),
    ):
        draft = step(
            "engine", lambda: extractive.summarise_extractive(corpus, admitted.max_words, index)
        )
    with _timed(SupportIndex, ("judge",), spent, "verify "):
        step("verify+finish", lambda: summarizer.finish(draft, prepared, admitted, []))
    return spent


def stage_breakdown(
    cluster: Cluster, runs: int = 15, statistic: Callable[[list[float]], float] = statistics.median
) -> str:
    """The table of each stage's `statistic` (median; `min` is steadier on a busy machine)."""
    summarizer = Summarizer(limits=Limits())
    _once(summarizer, cluster)  # warm
    rows = [_once(summarizer, cluster) for _ in range(runs)]
    med = {n: statistic([r.get(n, 0.0) for r in rows]) for n in rows[0]}
    top = ["normalise", "segment", "index (SupportIndex)", "dedupe", "engine", "verify+finish"]
    name = getattr(statistic, "__name__", "statistic")
    lines = [f"stage breakdown ({name} of {runs} runs, ms; indented: inside the stage above)"]
    subs = {"engine": [*ENGINE_STEPS, "cite", "widen", "judge"], "verify+finish": ["verify judge"]}
    for n in top:
        lines.append(f"  {n:<28} {med[n] * 1000:6.1f}")
        for sub in subs.get(n, []):
            if sub in med:
                calls = med.get(sub + CALLS, 0)
                lines.append(f"    {sub:<26} {med[sub] * 1000:6.1f}   ({calls:.0f} calls)")
    lines.append(f"  {'total':<28} {sum(med[n] for n in top) * 1000:6.1f}")
    return "\n".join(lines)
