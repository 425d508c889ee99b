"""The article store: a small protocol and its SQLite implementation.

The tables live in the same SQLite file as the jobs (settings.sqlite_file), prefixed `ingest_`.
Dedupe: an article whose URL is already stored is not stored again, nor one whose text
(normalised) is already stored from the same publisher; the same text from another publisher is
a wire copy and is kept (the summariser merges wire copies and keeps every copy cited).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from chorus.ingest.models import StoredArticle, StoryRecord

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ingest_articles (
    id           TEXT PRIMARY KEY,
    url          TEXT UNIQUE,
    publisher    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    published_at TEXT NOT NULL,
    story_id     TEXT,
    body         TEXT NOT NULL,
    UNIQUE (publisher, content_hash)
);
CREATE INDEX IF NOT EXISTS ingest_articles_published ON ingest_articles (published_at);
CREATE INDEX IF NOT EXISTS ingest_articles_story ON ingest_articles (story_id);
CREATE TABLE IF NOT EXISTS ingest_stories (
    id              TEXT PRIMARY KEY,
    updated_at      TEXT NOT NULL,
    last_article_at TEXT,
    body            TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ingest_stories_updated ON ingest_stories (updated_at);
CREATE INDEX IF NOT EXISTS ingest_stories_last ON ingest_stories (last_article_at);
CREATE TABLE IF NOT EXISTS ingest_feeds (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT
);
"""


class ArticleStore(Protocol):
    def add(self, article: StoredArticle) -> bool:
        """Store it; False when it is a duplicate (same URL, or same text and publisher)."""
        ...

    def articles_since(self, since: datetime) -> list[StoredArticle]: ...

    def unassigned(self) -> list[StoredArticle]:
        """Articles not yet in a story."""
        ...

    def get_articles(self, ids: Sequence[str]) -> list[StoredArticle]: ...

    def set_story(self, article_ids: Sequence[str], story_id: str) -> None: ...

    def save_story(self, story: StoryRecord) -> None: ...

    def get_story(self, story_id: str) -> StoryRecord | None: ...

    def stories_since(self, since: datetime) -> list[StoryRecord]: ...

    def stories_between(self, start: datetime, end: datetime) -> list[StoryRecord]:
        """Stories whose latest article was published in [start, end), latest first."""
        ...

    def latest_story_at(self) -> datetime | None: ...

    def feed_state(self, url: str) -> tuple[str | None, str | None]: ...

    def save_feed_state(self, url: str, etag: str | None, last_modified: str | None) -> None: ...

    def close(self) -> None: ...


def article_from_row(body: str, story_id: str | None) -> StoredArticle:
    """A stored article from its JSON body and its story column (set after it was stored)."""
    article = StoredArticle.model_validate_json(body)
    article.story_id = story_id
    return article


def _iso(dt: datetime) -> str:
    """In UTC: SQLite compares these as strings, so every stored time and every bound must be
    written with one offset (a Tokyo day's bounds read "+09:00", the stored times "+00:00")."""
    return dt.astimezone(UTC).isoformat()


class SqliteArticleStore:
    def __init__(self, path: Path) -> None:
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self._lock = threading.Lock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._db:
            yield self._db

    def add(self, article: StoredArticle) -> bool:
        try:
            with self._tx() as db:
                db.execute(
                    "INSERT INTO ingest_articles (id, url, publisher, content_hash, published_at,"
                    " story_id, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        article.id,
                        article.url,
                        article.publisher,
                        article.content_hash,
                        _iso(article.published_at),
                        article.story_id,
                        article.model_dump_json(),
                    ),
                )
        except sqlite3.IntegrityError:
            return False
        return True

    def _articles(self, where: str, args: Sequence[object]) -> list[StoredArticle]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT body, story_id FROM ingest_articles WHERE {where} "
                "ORDER BY published_at, id",
                tuple(args),
            ).fetchall()
        return [article_from_row(body, story) for body, story in rows]

    def articles_since(self, since: datetime) -> list[StoredArticle]:
        return self._articles("published_at >= ?", [_iso(since)])

    def unassigned(self) -> list[StoredArticle]:
        return self._articles("story_id IS NULL", [])

    def get_articles(self, ids: Sequence[str]) -> list[StoredArticle]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        found = {a.id: a for a in self._articles(f"id IN ({marks})", list(ids))}
        return [found[i] for i in ids if i in found]

    def set_story(self, article_ids: Sequence[str], story_id: str) -> None:
        with self._tx() as db:
            db.executemany(
                "UPDATE ingest_articles SET story_id = ? WHERE id = ?",
                [(story_id, a) for a in article_ids],
            )

    def save_story(self, story: StoryRecord) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO ingest_stories (id, updated_at, last_article_at, body) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "updated_at = excluded.updated_at, last_article_at = excluded.last_article_at, "
                "body = excluded.body",
                (
                    story.id,
                    _iso(story.updated_at),
                    _iso(story.last_article_at) if story.last_article_at else None,
                    story.model_dump_json(),
                ),
            )

    def get_story(self, story_id: str) -> StoryRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT body FROM ingest_stories WHERE id = ?", (story_id,)
            ).fetchone()
        return StoryRecord.model_validate_json(row[0]) if row else None

    def stories_since(self, since: datetime) -> list[StoryRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT body FROM ingest_stories WHERE updated_at >= ? ORDER BY updated_at DESC",
                (_iso(since),),
            ).fetchall()
        return [StoryRecord.model_validate_json(r[0]) for r in rows]

    def stories_between(self, start: datetime, end: datetime) -> list[StoryRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT body FROM ingest_stories WHERE last_article_at >= ? "
                "AND last_article_at < ? ORDER BY last_article_at DESC",
                (_iso(start), _iso(end)),
            ).fetchall()
        return [StoryRecord.model_validate_json(r[0]) for r in rows]

    def latest_story_at(self) -> datetime | None:
        with self._lock:
            row = self._db.execute("SELECT MAX(last_article_at) FROM ingest_stories").fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    def feed_state(self, url: str) -> tuple[str | None, str | None]:
        with self._lock:
            row = self._db.execute(
                "SELECT etag, last_modified FROM ingest_feeds WHERE url = ?", (url,)
            ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_feed_state(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO ingest_feeds (url, etag, last_modified) VALUES (?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified",
                (url, etag, last_modified),
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()


__all__ = ["ArticleStore", "SqliteArticleStore", "article_from_row"]
