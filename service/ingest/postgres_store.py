"""`PostgresArticleStore`: ingested articles, stories and feed validators in the jobs' Postgres.

The same `ArticleStore` protocol as the SQLite store (ingest/store.py), so `chorus ingest`, the
brief and the web pages work unchanged when CHORUS_DATABASE_URL is a Postgres URL: every
replica's page shows the stories any ingest wrote. Tables `chorus_ingest_*` come from migration
5 of jobs/postgres_schema.py, applied on first use (under the migrations' advisory lock).

The protocol is synchronous (the SQLite store is), so this uses psycopg 3's synchronous pool;
async callers already run the slow calls in a thread. Dedupe is the SQLite store's: a second
article with the same id, URL, or publisher + content hash is not stored (`ON CONFLICT DO
NOTHING` covers every unique constraint).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import tuple_row
from psycopg_pool import ConnectionPool

from chorus.errors import StoreUnavailable
from chorus.ingest.models import StoredArticle, StoryRecord
from chorus.ingest.store import article_from_row
from chorus.jobs.postgres_schema import migrate
from chorus.logs import error_line

_ARTICLES = "SELECT body, story_id FROM chorus_ingest_articles"


def migrate_now(url: str) -> None:
    """Apply the migrations (async code) from synchronous code, in or out of an event loop."""

    async def run() -> None:
        conn = await psycopg.AsyncConnection.connect(url, autocommit=True, connect_timeout=10)
        async with conn:
            await migrate(conn)

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()


class PostgresArticleStore:
    def __init__(self, url: str, *, pool_size: int = 4) -> None:
        self.url = url
        self._pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            open=False,
            kwargs={"row_factory": tuple_row, "autocommit": True},
        )
        self._opened = False
        self._open_lock = threading.Lock()

    def _ready(self) -> ConnectionPool[psycopg.Connection[Any]]:
        with self._open_lock:
            if not self._opened:
                try:
                    migrate_now(self.url)
                    self._pool.open(wait=True, timeout=30)
                except psycopg.Error as exc:  # unreachable, refused, pool timed out
                    raise StoreUnavailable(
                        f"cannot reach the database: {error_line(exc)}"
                    ) from None
                self._opened = True
        return self._pool

    def _all(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._ready().connection() as conn:
            return conn.execute(sql, params).fetchall()

    def _run(self, sql: str, params: Sequence[object] = ()) -> int:
        with self._ready().connection() as conn:
            return conn.execute(sql, params).rowcount

    def add(self, article: StoredArticle) -> bool:
        added = self._run(
            "INSERT INTO chorus_ingest_articles (id, url, publisher, content_hash, published_at,"
            " story_id, body) VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (
                article.id,
                article.url,
                article.publisher,
                article.content_hash,
                article.published_at,
                article.story_id,
                article.model_dump_json(),
            ),
        )
        return added == 1

    def _articles(self, where: str, params: Sequence[object]) -> list[StoredArticle]:
        rows = self._all(f"{_ARTICLES} WHERE {where} ORDER BY published_at, id", params)
        return [article_from_row(body, story) for body, story in rows]

    def articles_since(self, since: datetime) -> list[StoredArticle]:
        return self._articles("published_at >= %s", (since,))

    def unassigned(self) -> list[StoredArticle]:
        return self._articles("story_id IS NULL", ())

    def get_articles(self, ids: Sequence[str]) -> list[StoredArticle]:
        if not ids:
            return []
        found = {a.id: a for a in self._articles("id = ANY(%s)", (list(ids),))}
        return [found[i] for i in ids if i in found]

    def set_story(self, article_ids: Sequence[str], story_id: str) -> None:
        if article_ids:
            self._run(
                "UPDATE chorus_ingest_articles SET story_id = %s WHERE id = ANY(%s)",
                (story_id, list(article_ids)),
            )

    def save_story(self, story: StoryRecord) -> None:
        self._run(
            "INSERT INTO chorus_ingest_stories (id, updated_at, last_article_at, body) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET "
            "updated_at = EXCLUDED.updated_at, last_article_at = EXCLUDED.last_article_at, "
            "body = EXCLUDED.body",
            (story.id, story.updated_at, story.last_article_at, story.model_dump_json()),
        )

    def get_story(self, story_id: str) -> StoryRecord | None:
        rows = self._all("SELECT body FROM chorus_ingest_stories WHERE id = %s", (story_id,))
        return StoryRecord.model_validate_json(rows[0][0]) if rows else None

    def stories_since(self, since: datetime) -> list[StoryRecord]:
        rows = self._all(
            "SELECT body FROM chorus_ingest_stories WHERE updated_at >= %s "
            "ORDER BY updated_at DESC",
            (since,),
        )
        return [StoryRecord.model_validate_json(r[0]) for r in rows]

    def stories_between(self, start: datetime, end: datetime) -> list[StoryRecord]:
        rows = self._all(
            "SELECT body FROM chorus_ingest_stories WHERE last_article_at >= %s "
            "AND last_article_at < %s ORDER BY last_article_at DESC",
            (start, end),
        )
        return [StoryRecord.model_validate_json(r[0]) for r in rows]

    def latest_story_at(self) -> datetime | None:
        rows = self._all("SELECT MAX(last_article_at) FROM chorus_ingest_stories")
        value = rows[0][0] if rows else None
        return value if isinstance(value, datetime) else None

    def feed_state(self, url: str) -> tuple[str | None, str | None]:
        rows = self._all(
            "SELECT etag, last_modified FROM chorus_ingest_feeds WHERE url = %s", (url,)
        )
        return (rows[0][0], rows[0][1]) if rows else (None, None)

    def save_feed_state(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self._run(
            "INSERT INTO chorus_ingest_feeds (url, etag, last_modified) VALUES (%s, %s, %s) "
            "ON CONFLICT (url) DO UPDATE SET etag = EXCLUDED.etag, "
            "last_modified = EXCLUDED.last_modified",
            (url, etag, last_modified),
        )

    def close(self) -> None:
        with self._open_lock:
            if self._opened:
                self._pool.close()
            self._opened = False


__all__ = ["PostgresArticleStore", "migrate_now"]
