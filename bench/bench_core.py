"""Core pipeline benchmark: prints figures (no assertions; targets are in the issue).

- extractive engine on a 10-article, ~8,000-word cluster (target < 50 ms on 2 cores);
- LLM path against a local stub on 127.0.0.1: calls per cluster, prompt tokens vs
  (source + template) tokens (target <= 1.25x), wall time in LLM round trips (target ~2).

Run: .venv/bin/python -m bench.bench_core
     .venv/bin/python -m bench.bench_core --stages   (also where the extractive path's time goes)
     .venv/bin/python -m bench.bench_core --gc   (also the collector's full-collection pauses)
     .venv/bin/python -m bench.bench_core --check-identical PATH   (outputs unchanged: see
     `bench.identical`; save PATH first with `python -m bench.identical --save PATH` on main)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path

from bench.stub_llm import running_stub
from chorus.llm.client import LLMClient
from chorus.llm.prompts import get_loader
from chorus.llm.tokens import TokenCounter
from chorus.models import Article, Cluster, SummaryOptions
from chorus.pipeline.plan import source_tokens
from chorus.pipeline.prepare import prepare
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Limits, LLMSettings, TokenBudget

ROOT = Path(__file__).resolve().parent.parent
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides-roundups-val.jsonl"
RUNS = 41  # end-to-end runs: on a shared 2-core machine the median of 15 moved by 5 ms or more


def corpus_texts() -> list[str]:
    """Real news text: AllSides leads when the shared data is present, else the seeds."""
    if ALLSIDES.exists():
        texts = []
        with ALLSIDES.open(encoding="utf-8") as fh:
            for line in fh:
                texts.extend(a["text"] for a in json.loads(line)["articles"])
        return texts
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


def make_cluster(n_articles: int, words_per_article: int, offset: int = 0) -> Cluster:
    texts = corpus_texts()
    articles = []
    k = offset
    for a in range(n_articles):
        body: list[str] = []
        while sum(len(t.split()) for t in body) < words_per_article:
            body.append(texts[k % len(texts)])
            k += 1
        articles.append(Article(id=f"a{a}", title=f"Article {a}", text="\n".join(body)))
    return Cluster(id=f"bench-{n_articles}x{words_per_article}", articles=articles)


def bench_extractive() -> None:
    cluster = make_cluster(10, 800)
    words = sum(len(a.text.split()) for a in cluster.articles)
    summarizer = Summarizer(limits=Limits())
    asyncio.run(summarizer.summarize(cluster))  # warm caches (stemmer, imports)
    timings = []
    prep = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        prepare(cluster, Limits())
        prep.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        asyncio.run(summarizer.summarize(cluster, SummaryOptions(engine="extractive")))
        timings.append((time.perf_counter() - t0) * 1000)
    print(f"extractive: 10 articles, {words} words ({RUNS} runs)")
    print(
        f"  end-to-end p50 {statistics.median(timings):.1f} ms, min {min(timings):.1f} ms, "
        f"max {max(timings):.1f} ms  (of which normalise+dedupe+segment+index p50 "
        f"{statistics.median(prep):.1f} ms)  target < 50 ms"
    )


async def _llm_run(base_url: str, cluster: Cluster, config: TokenBudget) -> tuple[float, int]:
    client = LLMClient(
        LLMSettings(openai_api_key="stub", openai_base_url=base_url, llm_max_concurrency=16)
    )
    summarizer = Summarizer(limits=Limits(max_articles=100), llm=client, budget=config)
    t0 = time.perf_counter()
    summary = await summarizer.summarize(cluster, SummaryOptions(engine="llm"))
    wall = time.perf_counter() - t0
    await client.aclose()
    return wall, summary.usage.prompt_tokens


def template_tokens(counter: TokenCounter) -> int:
    """Tokens of the largest empty template (no articles, no notes)."""
    loader = get_loader()
    rendered = [
        loader.render("summarize", docs=[], max_words=120, style="paragraph", structured=True),
        loader.render("map", docs=[], max_notes=10, structured=True),
        loader.render(
            "reduce",
            notes=[],
            sources=[],
            max_words=120,
            style="paragraph",
            structured=True,
            final=True,
        ),  # fmt: skip
    ]
    return max(counter.count(p.system) + counter.count(p.user) for p in rendered)


def bench_llm() -> None:
    latency = 0.2
    counter = TokenCounter("gpt-4o-mini")
    cases = [
        ("fits (stuff)", make_cluster(3, 400), TokenBudget()),
        (
            "large (map-reduce)",
            make_cluster(10, 1500, offset=500),
            TokenBudget(context_tokens=6000, chunk_tokens=3000),
        ),  # fmt: skip
    ]
    print(f"LLM path against a local stub ({latency * 1000:.0f} ms per call):")
    with running_stub(latency) as (base_url, stats):
        asyncio.run(_llm_run(base_url, cases[0][1], cases[0][2]))  # warm-up: imports, encodings
        for label, cluster, config in cases:
            before_calls = stats.calls
            wall, prompt_tokens = asyncio.run(_llm_run(base_url, cluster, config))
            calls = stats.calls - before_calls
            busy = stats.busy_seconds(before_calls)
            corpus = prepare(cluster, Limits(max_articles=100)).corpus
            src = source_tokens(corpus, counter)
            # Template tokens: the fixed prompt text each call pays (system + instructions).
            template = calls * template_tokens(counter)
            ratio = prompt_tokens / (src + template)
            print(
                f"  {label}: {len(cluster.articles)} articles, {src} source tokens -> "
                f"{calls} calls, {prompt_tokens} prompt tokens "
                f"({ratio:.2f}x source+template; target <= 1.25x)\n"
                f"    wall {wall:.2f} s; LLM busy {busy:.2f} s = {busy / latency:.1f} round trips "
                f"(target 1 stuff / ~2 map-reduce); our overhead {(wall - busy) * 1000:.0f} ms"
            )
        print(f"  peak concurrent calls at the stub: {stats.peak_in_flight}")


GC_RUNS = 150  # summaries per half of the collector figure


def bench_gc() -> None:
    """Full (oldest-generation) garbage collections during extractive summaries of the bench
    cluster, and the pauses they cost, before and after `chorus.warmup.warm_up` (what `chorus
    serve` and `chorus worker` call at start-up). Runs last: it freezes this process's heap."""
    import gc

    from chorus.warmup import warm_up

    cluster = make_cluster(10, 800)
    summarizer = Summarizer(limits=Limits())
    options = SummaryOptions(engine="extractive")
    asyncio.run(summarizer.summarize(cluster, options))
    pauses: list[float] = []
    started = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            pauses.append((time.perf_counter() - started[0]) * 1000)

    gc.callbacks.append(on_gc)
    try:
        for label in ("as imported", "after warm_up (gc.freeze)"):
            if label != "as imported":
                warm_up()
            pauses.clear()
            runs = []
            for _ in range(GC_RUNS):
                t0 = time.perf_counter()
                asyncio.run(summarizer.summarize(cluster, options))
                runs.append((time.perf_counter() - t0) * 1000)
            runs.sort()
            longest = f", longest {max(pauses):.0f} ms" if pauses else ""
            print(
                f"  {label}: {len(pauses)} full collections in {GC_RUNS} summaries{longest}; "
                f"p50 {runs[len(runs) // 2]:.1f} ms, p99 {runs[int(len(runs) * 0.99)]:.1f} ms, "
                f"max {runs[-1]:.1f} ms"
            )
    finally:
        gc.callbacks.remove(on_gc)


def main() -> None:
    parser = argparse.ArgumentParser(description="Core pipeline benchmark (prints figures).")
    parser.add_argument("--stages", action="store_true", help="print the stage breakdown too")
    parser.add_argument(
        "--gc", action="store_true", help="also the full-collection pauses, before and after "
        "the start-up freeze (runs last: it freezes this process)",
    )  # fmt: skip
    parser.add_argument(
        "--check-identical", type=Path, metavar="PATH",
        help="first compare the outputs with those saved at PATH (exit 1 when they differ)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.check_identical is not None:
        from bench.identical import run

        if run(None, args.check_identical):
            raise SystemExit(1)
    bench_extractive()
    if args.stages:
        from bench.stages import stage_breakdown

        print(stage_breakdown(make_cluster(10, 800)))
    bench_llm()
    if args.gc:
        print(f"garbage collector, extractive bench cluster ({GC_RUNS} summaries each):")
        bench_gc()


if __name__ == "__main__":
    main()
