"""Ingest wired from settings: the store, the fetcher, and one full pass (the CLI's and the
benchmark's entry point)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import BaseModel

from chorus.ingest.fetch import Fetcher, FetchLimits
from chorus.ingest.models import FeedSpec
from chorus.ingest.run import FeedReport, Ingestor
from chorus.ingest.store import ArticleStore, SqliteArticleStore
from chorus.ingest.stories import StoryUpdate, refresh_summaries, update_stories
from chorus.jobs.store import is_postgres_url
from chorus.models import SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import IngestSettings, Settings


def fetch_limits(settings: IngestSettings) -> FetchLimits:
    return FetchLimits(
        timeout_s=settings.fetch_timeout_s,
        max_bytes=settings.fetch_max_bytes,
        max_redirects=settings.fetch_max_redirects,
        host_interval_s=settings.fetch_host_interval_s,
        allow_hosts=frozenset(settings.fetch_allow_hosts),
        user_agent=settings.fetch_user_agent,
    )


def open_article_store(settings: Settings) -> ArticleStore:
    """Articles and stories live with the jobs: in Postgres when CHORUS_DATABASE_URL is a
    Postgres URL (every replica sees them), else in the SQLite file. Postgres connects (and
    migrates) on first use."""
    if is_postgres_url(settings.database_url):
        from chorus.ingest.postgres_store import PostgresArticleStore

        assert settings.database_url is not None
        return PostgresArticleStore(settings.database_url)
    return SqliteArticleStore(settings.sqlite_file)


class IngestResult(BaseModel):
    feeds: list[FeedReport]
    created: int
    grown: int
    summarised: int


async def ingest_once(
    store: ArticleStore,
    fetcher: Fetcher,
    feeds: list[FeedSpec],
    urls: list[str],
    *,
    window_h: float,
    summarizer: Summarizer | None,
    options: SummaryOptions | None = None,
) -> IngestResult:
    """Read feeds and URLs, cluster what is new, refresh the summaries of briefable stories."""
    ingestor = Ingestor(store, fetcher)
    reports = await ingestor.run(feeds)
    if urls:
        reports.append(await ingestor.read_urls(urls))
    update: StoryUpdate = update_stories(store, window_h=window_h)
    refreshed = []
    if summarizer is not None:
        since = datetime.now(UTC) - timedelta(hours=window_h)
        refreshed = await refresh_summaries(
            store, summarizer, options or SummaryOptions(), since=since, min_publishers=2
        )
    return IngestResult(
        feeds=reports, created=len(update.created), grown=len(update.grown),
        summarised=len(refreshed),
    )  # fmt: skip


__all__ = ["IngestResult", "fetch_limits", "ingest_once", "open_article_store"]
