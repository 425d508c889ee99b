"""Newsroom benchmark: prints figures (no assertions; targets are in issue 13).

- story clustering, B-cubed against the truth, with the owner's pool builder and scorer
  (../shared/tools/clustering): tune pool (allsides-val lines 1-200, seed 7), held-out pool
  (lines 201-307, seed 11) and the owner's full pool (all 307, seed 7);
  targets F1 >= 0.90 and precision >= 0.90;
- 1,000 fixture articles (all 307 stories + wire copies, synthetic publishers and dates) served
  by a local HTTP server, fetched through the fetcher, stored and clustered (target < 30 s);
- 10 more articles clustered incrementally into that day (target < 1 s);
- the story page of a 10-article story, server-side (target < 100 ms);
- with CHORUS_BENCH_DATABASE_URL set to an empty Postgres database, ingest and the incremental
  step again with the Postgres article store.

Run: .venv/bin/python -m bench.bench_newsroom
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from bench.fixture_feeds import DATA, build
from chorus.api.app import create_app
from chorus.ingest.feeds import load_feeds
from chorus.ingest.fetch import Fetcher, FetchLimits
from chorus.ingest.models import FeedSpec, StoryRecord
from chorus.ingest.postgres_store import PostgresArticleStore
from chorus.ingest.run import make_article
from chorus.ingest.service import ingest_once
from chorus.ingest.store import ArticleStore, SqliteArticleStore
from chorus.ingest.stories import refresh_story, update_stories
from chorus.models import SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT.parent / "shared" / "tools" / "clustering"
CHORUS = Path(sys.executable).parent / "chorus"


def _pool(src: Path, n: int, seed: int, out: Path) -> tuple[Path, Path]:
    arts, truth = out / f"pool-{n}-{seed}.jsonl", out / f"truth-{n}-{seed}.json"
    run = [sys.executable, str(TOOLS / "make_pool.py"), str(src), str(n), str(seed)]
    subprocess.run([*run, str(arts), str(truth)], check=True, capture_output=True)
    return arts, truth


def clustering(tmp: Path) -> None:
    heldout = tmp / "heldout.jsonl"
    heldout.write_text("".join(DATA.read_text().splitlines(keepends=True)[200:307]))
    for name, src, n, seed in (
        ("tune (lines 1-200, seed 7)", DATA, 200, 7),
        ("held-out (lines 201-307, seed 11)", heldout, 107, 11),
        ("owner's pool (all 307, seed 7)", DATA, 307, 7),
    ):
        arts, truth = _pool(src, n, seed, tmp)
        started = time.perf_counter()
        out = subprocess.run([str(CHORUS), "cluster", str(arts)], check=True,
                             capture_output=True, text=True).stdout  # fmt: skip
        took = time.perf_counter() - started
        clusters = tmp / "clusters.jsonl"
        clusters.write_text(out)
        score = subprocess.run([sys.executable, str(TOOLS / "score.py"), str(truth),
                                str(clusters)], check=True, capture_output=True, text=True)  # fmt: skip  # noqa: E501
        print(f"clustering {name}: {score.stdout.strip()}  ({took:.1f} s with start-up)")


def _serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    class Quiet(SimpleHTTPRequestHandler):
        extensions_map = {".xml": "application/rss+xml"}  # noqa: RUF012

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


async def ingest_day(tmp: Path, store: ArticleStore, label: str = "") -> ArticleStore:
    feeds_dir = tmp / "feeds"
    count = build(DATA, feeds_dir, 1, 307, 81, datetime(2026, 11, 30).date())
    httpd, base = _serve(feeds_dir)
    specs = [FeedSpec(url=f"{base}/{Path(f.path or '').name}", publisher=f.publisher,
                      side=f.side) for f in load_feeds(feeds_dir / "feeds.toml")]  # fmt: skip
    limits = FetchLimits(host_interval_s=0.0, allow_hosts=frozenset({"127.0.0.1"}),
                         max_bytes=20_000_000)  # fmt: skip
    fetcher = Fetcher(limits)
    started = time.perf_counter()
    result = await ingest_once(store, fetcher, specs, [], window_h=48, summarizer=None)
    took = time.perf_counter() - started
    await fetcher.aclose()
    httpd.shutdown()
    stored = sum(r.added for r in result.feeds)
    print(f"ingest + cluster{label}: {stored} of {count} fixture articles over HTTP -> "
          f"{result.created} stories in {took:.2f} s (target < 30 s)")  # fmt: skip
    return store


def incremental(store: ArticleStore, label: str = "") -> None:
    rows = [json.loads(x) for x in DATA.read_text().splitlines()[:10]]
    when = datetime(2026, 11, 30, 23, tzinfo=UTC)
    for i, row in enumerate(rows):
        art = row["articles"][0]
        store.add(make_article(url=f"https://late.example/{i}", publisher="Late Wire",
                               side=None, key=str(i), title=art["title"],
                               text=art["text"] + " (updated)", published_at=when,
                               feed=None, now=when))  # fmt: skip
    started = time.perf_counter()
    update = update_stories(store, window_h=48, now=when)
    took = time.perf_counter() - started
    print(f"incremental{label}: +10 articles into a day of 1,000 -> {len(update.grown)} stories "
          f"grew, {len(update.created)} new, in {took * 1000:.0f} ms (target < 1 s)")  # fmt: skip


async def story_page(tmp: Path) -> None:
    db = tmp / "page.sqlite3"
    store = SqliteArticleStore(db)
    rows = [json.loads(x) for x in DATA.read_text().splitlines()[:200]]
    arts = [a for r in rows for a in r["articles"] if "Trump" in a["text"]][:10]
    t0 = datetime(2026, 11, 30, 8, tzinfo=UTC)
    ids = []
    for i, a in enumerate(arts):
        article = make_article(url=f"https://p{i}.example/a", publisher=f"Publisher {i}",
                               side="center", key=str(i), title=a["title"], text=a["text"],
                               published_at=t0 + timedelta(minutes=i), feed=None, now=t0)  # fmt: skip  # noqa: E501
        store.add(article)
        ids.append(article.id)
    record = StoryRecord(id="s-bench", created_at=t0, updated_at=t0, article_ids=ids)
    record.touch(store.get_articles(ids))
    store.set_story(ids, record.id)
    store.save_story(record)
    await refresh_story(store, Summarizer(), record, SummaryOptions(engine="extractive"))
    store.close()
    app = create_app(Settings(db_path=db))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://b") as client:
            times = []
            for _ in range(30):
                started = time.perf_counter()
                r = await client.get("/stories/s-bench")
                times.append((time.perf_counter() - started) * 1000)
                assert r.status_code == 200
    print(f"story page (10 articles): median {statistics.median(times):.1f} ms, "
          f"max {max(times[1:]):.1f} ms after the first, in process (target < 100 ms)")  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        clustering(tmp)
        store = asyncio.run(ingest_day(tmp, SqliteArticleStore(tmp / "day.sqlite3")))
        incremental(store)
        store.close()
        asyncio.run(story_page(tmp))
        if url := os.environ.get("CHORUS_BENCH_DATABASE_URL"):  # an empty Postgres database
            pg = asyncio.run(ingest_day(tmp, PostgresArticleStore(url), " (Postgres)"))
            incremental(pg, " (Postgres)")
            pg.close()


if __name__ == "__main__":
    main()
