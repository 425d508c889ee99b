"""One ingest run: every feed (and URL) read, its new articles stored; each feed's outcome
reported on its own, so one broken feed never stops the others."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from chorus.errors import ChorusError, FeedError
from chorus.ingest.extract import extract_page
from chorus.ingest.feeds import MIN_FEED_TEXT_CHARS, Entry, parse_feed
from chorus.ingest.fetch import FEED_TYPES, PAGE_TYPES, Fetcher
from chorus.ingest.models import FeedSpec, Side, StoredArticle
from chorus.ingest.store import ArticleStore
from chorus.models import is_blank

log = logging.getLogger("chorus.ingest")
MAX_FEED_FILE_BYTES = 20_000_000
MAX_ARTICLE_CHARS = 100_000
_WS = re.compile(r"\s+")


class FeedReport(BaseModel):
    feed: str
    publisher: str
    status: Literal["ok", "not_modified", "error"]
    added: int = 0
    duplicates: int = 0
    skipped: int = 0
    error: str | None = None
    problems: list[str] = []


def read_feed_file(path: Path) -> bytes:
    """A local feed: a regular file (a link to /dev/zero is refused), read bounded."""
    try:
        if path.exists() and not path.resolve().is_file():
            raise FeedError(f"cannot read {path} (not a regular file)")
        with path.open("rb") as fh:
            body = fh.read(MAX_FEED_FILE_BYTES + 1)
        if len(body) > MAX_FEED_FILE_BYTES:
            raise FeedError(f"feed file is over {MAX_FEED_FILE_BYTES} bytes")
        return body
    except OSError as exc:
        raise FeedError(f"cannot read {path} ({exc.strerror})") from None


def content_hash(text: str) -> str:
    return hashlib.sha1(_WS.sub(" ", text).strip().lower().encode()).hexdigest()


def article_id(url: str | None, publisher: str, key: str) -> str:
    basis = url or f"{publisher}\n{key}"
    return "a-" + hashlib.sha1(basis.encode()).hexdigest()[:16]


def make_article(
    *,
    url: str | None,
    publisher: str,
    side: Side | None,
    key: str,
    title: str,
    text: str,
    published_at: datetime,
    feed: str | None,
    now: datetime,
) -> StoredArticle:
    text = text[:MAX_ARTICLE_CHARS]
    return StoredArticle(
        id=article_id(url, publisher, key),
        url=url,
        publisher=publisher,
        side=side,
        title=title,
        text=text,
        published_at=published_at.astimezone(UTC),
        fetched_at=now,
        content_hash=content_hash(text),
        feed=feed,
    )


class Ingestor:
    def __init__(self, store: ArticleStore, fetcher: Fetcher, *, concurrency: int = 4) -> None:
        self.store = store
        self.fetcher = fetcher
        self._pages = asyncio.Semaphore(concurrency)

    async def run(self, feeds: list[FeedSpec], now: datetime | None = None) -> list[FeedReport]:
        now = now or datetime.now(UTC)
        return list(await asyncio.gather(*(self.read_feed(f, now) for f in feeds)))

    async def _feed_body(self, feed: FeedSpec, report: FeedReport) -> bytes | None:
        if feed.path is not None:
            return await asyncio.to_thread(read_feed_file, Path(feed.path))
        assert feed.url is not None
        etag, modified = await asyncio.to_thread(self.store.feed_state, feed.url)
        got = await self.fetcher.fetch(feed.url, FEED_TYPES, etag=etag, last_modified=modified)
        if got.not_modified:
            report.status = "not_modified"
            return None
        await asyncio.to_thread(self.store.save_feed_state, feed.url, got.etag, got.last_modified)
        return got.body

    async def read_feed(self, feed: FeedSpec, now: datetime) -> FeedReport:
        report = FeedReport(feed=feed.where, publisher=feed.publisher, status="ok")
        try:
            body = await self._feed_body(feed, report)
            if body is None:
                return report
            parsed = parse_feed(body, now)
            for entry in parsed.entries:
                await self._entry(feed, entry, now, report)
            if parsed.problem is not None:
                if report.added == 0:
                    report.status, report.error = "error", parsed.problem
                else:
                    report.problems.insert(0, parsed.problem)
        except ChorusError as exc:
            report.status, report.error = "error", exc.detail
        except Exception as exc:  # one feed's bug must not stop the others
            log.exception("feed_failed", extra={"feed": feed.where})
            report.status, report.error = "error", f"unexpected {type(exc).__name__}"
        log.info("feed_read", extra=report.model_dump(exclude={"problems"}))
        return report

    async def _entry(self, feed: FeedSpec, entry: Entry, now: datetime, report: FeedReport) -> None:
        title, text, url = entry.title, entry.text, entry.link
        if url is not None and not url.lower().startswith(("http://", "https://")):
            report.skipped += 1
            report.problems.append(f"entry {entry.key[:80]!r}: link is not http(s)")
            return
        if not entry.full and len(text) < MIN_FEED_TEXT_CHARS and url is not None:
            try:
                async with self._pages:
                    got = await self.fetcher.fetch(url, PAGE_TYPES)
                page = await asyncio.to_thread(extract_page, got.body, got.url)
            except ChorusError as exc:
                report.problems.append(f"{url[:200]}: {exc.detail}")
                page = None
            if page is not None:
                title, text = title or page.title[:300], page.text
        if is_blank(text):  # nothing an Article could carry
            report.skipped += 1
            return
        article = make_article(
            url=url, publisher=feed.publisher, side=feed.side, key=entry.key, title=title,
            text=text, published_at=entry.published_at, feed=feed.where, now=now,
        )  # fmt: skip
        if await asyncio.to_thread(self.store.add, article):
            report.added += 1
        else:
            report.duplicates += 1

    async def read_urls(self, urls: list[str], now: datetime | None = None) -> FeedReport:
        """`chorus ingest URL…`: article pages, the publisher named after the host."""
        now = now or datetime.now(UTC)
        report = FeedReport(feed="(urls)", publisher="", status="ok")
        for url in urls:
            host = re.sub(r"^www\.", "", (url.split("/")[2] if "//" in url else url).lower())
            spec = FeedSpec(url=url, publisher=host or "unknown")
            await self._entry(spec, Entry(url, url, "", "", now), now, report)
        if report.problems and not report.added:
            report.status, report.error = "error", report.problems[0]
        return report


__all__ = ["FeedReport", "Ingestor", "article_id", "content_hash", "make_article"]
