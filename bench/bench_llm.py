"""LLM throughput and cost (issue 11): prints figures, asserts nothing.

Against the local stub (bench/stub_llm.py) with the issue's latency model, 500 ms + 20 ms per
output token, default settings (CHORUS_MAX_ARTICLES's default now admits the 65- and
185-article clusters):

1. rounds (LLM round trips on the critical path), calls and prompt tokens at 300 / 8k / 30k /
   100k source tokens, beside the issue's earlier Chorus and peer figures (quoted, not rerun);
2. 50 three-article clusters through `chorus summarize`'s batch runner: wall vs
   ceil(calls / C) × mean call latency, C = the concurrency cap;
3. the 100k cluster at a 50% 429 rate with the call cache: completes; a rerun costs 0 calls;
   one more article costs <= 2 calls;
4. streaming: when the first verified sentence arrives vs when the call completes;
5. a 7,600-token cluster against an 8k-context llama.cpp-like server (context discovered).

Run: .venv/bin/python -m bench.bench_llm
"""

from __future__ import annotations

import asyncio
import math
import random
import re
import time
from typing import Any

from bench.bench_core import corpus_texts
from bench.stub_llm import StubStats, running_stub
from chorus.cli.summarize import run_ordered
from chorus.llm.cache import MemoryCallCache
from chorus.llm.client import LLMClient
from chorus.llm.prompts import get_loader
from chorus.llm.tokens import TokenCounter
from chorus.models import Article, Cluster, SummaryOptions
from chorus.pipeline.plan import source_tokens
from chorus.pipeline.prepare import prepare
from chorus.pipeline.stream import stream_summary
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Limits, LLMSettings

LATENCY = {"latency_s": 0.5, "per_token_s": 0.02}
# The figures (measured on main before this change, same latency model).
EARLIER = {
    300: ("1 call, 539 tok", "1 call, 408 tok", "4 calls, 728 tok"),
    8_000: ("1 call, 8,107 tok", "1 call, 8,334 tok", "14 calls, 9,640 tok, 2 rounds"),
    30_000: ("12 calls, 32,978 tok, 4 rounds", "4 calls, 35,747 tok, 2 rounds",
             "76 calls, 41,145 tok, 5 rounds"),
    100_000: ("38 calls, 108,260 tok, 11 rounds, 30 s", "9 calls, 118,993 tok, 2 rounds, 11 s",
              "224 calls, 133,523 tok, 11 rounds"),
}  # fmt: skip
LLAMAINDEX_TOKENS = {300: 408, 8_000: 8_334, 30_000: 35_747, 100_000: 118_993}
ARTICLES = {300: 2, 8_000: 15, 30_000: 65, 100_000: 185}
COUNTER = TokenCounter("gpt-4o-mini")
# At a 50% 429 rate, 4 attempts (the default) all fail for 1 call in 16; with 8 map calls a run
# then fails ~40% of the time (and the rerun reuses the calls that succeeded). 8 attempts:
# 1 in 256 per call.
ATTEMPTS_429 = 8


def _sentences() -> list[str]:
    pool = [s for t in corpus_texts() for s in re.split(r"(?<=[.!?])\s+", t) if len(s) > 20]
    random.Random(7).shuffle(pool)
    return pool


def sized_cluster(target_tokens: int, n_articles: int, cid: str, offset: int = 0) -> Cluster:
    """`n_articles` articles of real news sentences (dealt from a shuffled pool, so articles
    are not near-duplicates) totalling about `target_tokens` source tokens."""
    pool = _sentences()
    per = target_tokens // n_articles
    k = offset
    articles = []
    for a in range(n_articles):
        body: list[str] = []
        used = COUNTER.count(f"Article {a}") + 2
        while used < per:
            s = pool[k % len(pool)]
            k += 1
            used += COUNTER.count(s) + 1
            body.append(s)
        articles.append(Article(id=f"{cid}-a{a}", title=f"Article {a}", text=" ".join(body)))
    return Cluster(id=cid, articles=articles)


def rounds(intervals: list[tuple[float, float]]) -> int:
    """The longest chain of calls each starting after the previous one ended."""
    spans = sorted(intervals)
    depth: list[int] = []
    for i, (start, _) in enumerate(spans):
        before = [depth[j] for j in range(i) if spans[j][1] <= start + 1e-3]
        depth.append(1 + max(before, default=0))
    return max(depth, default=0)


def client_for(url: str, **settings: Any) -> LLMClient:
    return LLMClient(LLMSettings(openai_api_key="stub", openai_base_url=url, **settings))


async def _one(url: str, stats: StubStats, cluster: Cluster) -> dict[str, Any]:
    llm = client_for(url)
    summarizer = Summarizer(llm=llm, limits=Limits())
    await summarizer.discover()
    before, since = stats.calls, len(stats.intervals)
    tokens_before = stats.prompt_tokens
    t0 = time.perf_counter()
    summary = await summarizer.summarize(cluster, SummaryOptions(engine="llm"))
    wall = time.perf_counter() - t0
    await llm.aclose()
    corpus = prepare(cluster, Limits()).corpus
    src = source_tokens(corpus, COUNTER)
    empty = get_loader().render("summarize", docs=[], max_words=120, style="paragraph",
                                structured=True)  # fmt: skip
    instructions = COUNTER.count(empty.system) + COUNTER.count(empty.user)
    return {
        "vs_source": (stats.prompt_tokens - tokens_before) / (src + instructions),
        "calls": stats.calls - before, "tokens": stats.prompt_tokens - tokens_before,
        "rounds": rounds(stats.intervals[since:]), "wall": wall, "source": src,
        "peak": stats.peak_in_flight, "engine": summary.engine,
    }  # fmt: skip


def bench_sizes() -> None:
    print("1. rounds, calls and prompt tokens (stub: 500 ms + 20 ms/output token; defaults)")
    header = ("| source | Chorus now | x LlamaIndex tokens | x (source + instructions) | "
              "Chorus before | LlamaIndex TreeSummarize | LangChain map_reduce |")  # fmt: skip
    print(header)
    print("|---|---|---|---|---|---|---|")
    with running_stub(**LATENCY) as (url, stats):
        for size, n in ARTICLES.items():
            cluster = sized_cluster(size, n, f"c{size}")
            r = asyncio.run(_one(url, stats, cluster))
            ratio = r["tokens"] / LLAMAINDEX_TOKENS[size]
            calls = f"{r['calls']} call{'s' if r['calls'] > 1 else ''}"
            trips = f"{r['rounds']} round{'s' if r['rounds'] > 1 else ''}"
            now = (f"{calls}, {r['tokens']:,} tok, {trips}, "
                   f"{r['wall']:.1f} s ({n} articles, {r['source']:,} source tok)")  # fmt: skip
            before, li, lc = EARLIER[size]
            print(f"| {size:,} | {now} | {ratio:.2f} | {r['vs_source']:.3f} | {before} | {li} "
                  f"| {lc} |", flush=True)  # fmt: skip


async def _batch(url: str, stats: StubStats, clusters: list[Cluster]) -> None:
    llm = client_for(url)
    cap = llm.config.llm_max_concurrency
    summarizer = Summarizer(llm=llm)
    since, t0 = len(stats.intervals), time.perf_counter()
    ids = [s.cluster_id async for s in run_ordered(summarizer, clusters, SummaryOptions(), cap)]
    wall = time.perf_counter() - t0
    await llm.aclose()
    spans = stats.intervals[since:]
    mean = sum(b - a for a, b in spans) / len(spans)
    ideal = math.ceil(len(spans) / cap) * mean
    print(f"2. batch of {len(clusters)} three-article clusters, C={cap}: {len(spans)} calls, "
          f"wall {wall:.2f} s vs ceil(calls/C) x mean latency {ideal:.2f} s "
          f"= {wall / ideal:.2f}x (target <= 1.2x); output order kept: "
          f"{ids == [c.id for c in clusters]}")  # fmt: skip


async def _resilient(url: str, stats: StubStats, cluster: Cluster) -> None:
    cache = MemoryCallCache()
    print("3. 100k cluster at a 50% 429 rate (Retry-After 0.2 s), call cache in memory, "
          f"CHORUS_LLM_MAX_ATTEMPTS={ATTEMPTS_429}:")  # fmt: skip
    for label, c in (("first run", cluster), ("same cluster again", cluster),
                     ("plus one article", _plus_one(cluster))):  # fmt: skip
        llm = client_for(url, llm_max_attempts=ATTEMPTS_429)
        summarizer = Summarizer(llm=llm, cache=cache)
        before, rejected = stats.calls, stats.rejected
        t0 = time.perf_counter()
        try:
            s = await summarizer.summarize(c, SummaryOptions(engine="llm"))
            u = s.usage
            outcome = (f"completed ({s.engine}); usage: {u.llm_calls} attempts, "
                       f"{u.cache_hits} cache hits, {u.cache_misses} misses")  # fmt: skip
        except Exception as exc:  # a figure to print, not a crash
            outcome = f"FAILED: {exc}"
        await llm.aclose()
        took = time.perf_counter() - t0
        print(f"   {label}: {stats.calls - before} answered calls, "
              f"{stats.rejected - rejected} 429s, {took:.1f} s; {outcome}")  # fmt: skip


def _plus_one(cluster: Cluster) -> Cluster:
    extra = sized_cluster(500, 1, "extra", offset=99_999).articles[0]
    extra = extra.model_copy(update={"id": "added-article", "title": "A late report"})
    return cluster.model_copy(update={"articles": [*cluster.articles, extra]})


async def _stream(url: str, stats: StubStats, cluster: Cluster) -> None:
    llm = client_for(url)
    summarizer = Summarizer(llm=llm)
    t0 = time.perf_counter()
    first: float | None = None
    async for event in stream_summary(summarizer, cluster, SummaryOptions(engine="llm")):
        if event.type == "sentence" and first is None:
            first = time.perf_counter() - t0
    done = time.perf_counter() - t0
    call = stats.intervals[-1][1] - stats.intervals[-1][0]
    await llm.aclose()
    print(f"4. streaming a single-call summary: first verified sentence at "
          f"{first or float('nan'):.2f} s; the call took {call:.2f} s; final Summary at "
          f"{done:.2f} s")  # fmt: skip


async def _small_context(url: str, stats: StubStats, cluster: Cluster) -> None:
    llm = client_for(url)
    summarizer = Summarizer(llm=llm)
    await summarizer.discover()
    before = stats.calls
    s = await summarizer.summarize(cluster, SummaryOptions(engine="llm"))
    await llm.aclose()
    print(
        f"5. 7,600-token cluster vs an 8,192-token llama.cpp-like server: discovered "
        f"n_ctx={llm.server.context_window}, slots={llm.server.slots}; prompt budget "
        f"{summarizer.budget.context_tokens}; {stats.calls - before} calls, engine {s.engine}"
    )


def main() -> None:
    bench_sizes()
    with running_stub(**LATENCY) as (url, stats):
        batch = [sized_cluster(600, 3, f"b{i}", offset=i * 50) for i in range(50)]
        asyncio.run(_batch(url, stats, batch))
    with running_stub(**LATENCY, rate_429=0.5) as (url, stats):
        asyncio.run(_resilient(url, stats, sized_cluster(100_000, 185, "c100k")))
    with running_stub(**LATENCY) as (url, stats):
        asyncio.run(_stream(url, stats, sized_cluster(1_500, 3, "stream")))
    with running_stub(**LATENCY, n_ctx=8192, slots=4) as (url, stats):
        asyncio.run(_small_context(url, stats, sized_cluster(7_600, 12, "c7600")))


if __name__ == "__main__":
    main()
