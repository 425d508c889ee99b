"""`chorus ingest`: read feeds (and article URLs), store new articles, update the stories.

Exit codes: 0 every feed read (or not modified); 1 some feed failed (the others were read);
2 bad input (no feeds file, malformed feeds.toml, a URL that is not http(s), bad option).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from chorus.cli.common import build_summarizer, fail, load_settings
from chorus.errors import ChorusError
from chorus.ingest.feeds import is_http_url, load_feeds
from chorus.ingest.fetch import Fetcher
from chorus.ingest.service import IngestResult, fetch_limits, ingest_once, open_article_store
from chorus.models import EngineChoice, SummaryOptions


def report_lines(result: IngestResult) -> list[str]:
    lines = []
    for r in result.feeds:
        where = f"{r.publisher} ({r.feed})" if r.publisher else r.feed
        if r.status == "error":
            lines.append(f"✗ {where}: {r.error}")
            continue
        if r.status == "not_modified":
            lines.append(f"= {where}: not modified")
            continue
        lines.append(f"✓ {where}: {r.added} new, {r.duplicates} duplicate, {r.skipped} skipped")
        lines.extend(f"    ! {p}" for p in r.problems[:5])
    lines.append(
        f"stories: {result.created} new, {result.grown} updated; "
        f"{result.summarised} summaries refreshed"
    )
    return lines


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(
        urls: Annotated[list[str] | None, typer.Argument(help="Article page URLs.")] = None,
        feeds: Annotated[
            Path | None,
            typer.Option("--feeds", help="feeds.toml with [[feed]] url/publisher/side."),
        ] = None,
        summaries: Annotated[
            bool, typer.Option(help="Summarise briefable stories that changed.")
        ] = True,
        engine: Annotated[EngineChoice, typer.Option(help="auto | llm | extractive")] = "auto",
    ) -> None:
        """Fetch feeds and pages, store new articles, cluster them into stories.

        Example: chorus ingest --feeds feeds.toml
        """
        settings = load_settings()
        if feeds is None and not urls:
            fail("give --feeds FEEDS.toml and/or article URLs")
        for url in urls or []:
            if not is_http_url(url):
                fail(f"{url[:200]!r} is not an http(s) URL")
        try:
            specs = load_feeds(feeds) if feeds is not None else []
        except ChorusError as exc:
            fail(exc.detail)

        async def run() -> IngestResult:
            fetcher = Fetcher(fetch_limits(settings.ingest))
            store = open_article_store(settings)
            summarizer = build_summarizer(settings, engine) if summaries else None
            try:
                # the store first: an unreachable database is one error, not one per feed
                await asyncio.to_thread(store.latest_story_at)
                return await ingest_once(
                    store, fetcher, specs, list(urls or []),
                    window_h=settings.cluster_window_h, summarizer=summarizer,
                    options=SummaryOptions(engine=engine),
                )  # fmt: skip
            finally:
                await fetcher.aclose()
                store.close()
                if summarizer is not None and summarizer.llm is not None:
                    await summarizer.llm.aclose()

        try:
            result = asyncio.run(run())
        except ChorusError as exc:
            fail(exc.detail, exc.exit_code)
        for line in report_lines(result):
            typer.echo(line, err=True)
        if any(r.status == "error" for r in result.feeds):
            raise typer.Exit(1)


__all__ = ["register", "report_lines"]
