"""The Postgres schema as numbered migrations (`chorus db upgrade`, and at start-up).

`chorus_schema` records the versions applied. Migrations run in one transaction under an
advisory lock, so replicas and workers starting together migrate once and the others wait.
The queue's own tables come from procrastinate (its schema, applied once, is migration 2).
Never edit a migration that has shipped: add the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
from procrastinate.schema import SchemaManager
from psycopg.rows import tuple_row

_LOCK_ID = 0x43484F525553  # "CHORUS": the advisory lock migrations hold

MIGRATIONS: tuple[str | Callable[[], str], ...] = (
    # 1: jobs and idempotency keys; a key's job may be inserted later in the same transaction
    """
    CREATE TABLE chorus_jobs (
        id          text PRIMARY KEY,
        status      text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        created_at  timestamptz NOT NULL,
        started_at  timestamptz,
        finished_at timestamptz,
        cluster_id  text NOT NULL,
        cluster     text NOT NULL,
        options     text NOT NULL,
        summary     text,
        error       text,
        attempts    integer NOT NULL DEFAULT 0,
        owner       text,
        principal   text NOT NULL,
        priority    integer NOT NULL DEFAULT 0
    );
    CREATE INDEX chorus_jobs_created_at ON chorus_jobs (created_at);
    CREATE INDEX chorus_jobs_principal_created ON chorus_jobs (principal, created_at);
    CREATE INDEX chorus_jobs_finished_at ON chorus_jobs (finished_at)
        WHERE finished_at IS NOT NULL;
    CREATE TABLE chorus_idempotency (
        key          text PRIMARY KEY,
        request_hash text NOT NULL,
        job_id       text NOT NULL REFERENCES chorus_jobs (id) ON DELETE CASCADE
                     DEFERRABLE INITIALLY DEFERRED,
        created_at   timestamptz NOT NULL
    );
    CREATE INDEX chorus_idempotency_created_at ON chorus_idempotency (created_at);
    CREATE INDEX chorus_idempotency_job_id ON chorus_idempotency (job_id);
    """,
    # 2: the queue engine's tables and functions (procrastinate)
    SchemaManager.get_schema,
    # 3: the LLM call cache every replica and worker shares (jobs/postgres_cache.py)
    """
    CREATE TABLE chorus_llm_call_cache (
        key        text PRIMARY KEY,
        value      text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX chorus_llm_call_cache_created_at ON chorus_llm_call_cache (created_at);
    """,
    # 4: a job's streamed events (progress, sentences), for a stream served by another process
    """
    CREATE TABLE chorus_job_events (
        job_id text NOT NULL REFERENCES chorus_jobs (id) ON DELETE CASCADE,
        seq    bigserial,
        event  text NOT NULL,
        PRIMARY KEY (job_id, seq)
    );
    -- the jobs a streamed request created: only their runs record events
    CREATE TABLE chorus_job_streams (
        job_id text PRIMARY KEY REFERENCES chorus_jobs (id) ON DELETE CASCADE
    );
    """,
    # 5: ingested articles, stories and feed validators (ingest/postgres_store.py)
    """
    CREATE TABLE chorus_ingest_articles (
        id           text PRIMARY KEY,
        url          text UNIQUE,
        publisher    text NOT NULL,
        content_hash text NOT NULL,
        published_at timestamptz NOT NULL,
        story_id     text,
        body         text NOT NULL,
        UNIQUE (publisher, content_hash)
    );
    CREATE INDEX chorus_ingest_articles_published ON chorus_ingest_articles (published_at);
    CREATE INDEX chorus_ingest_articles_story ON chorus_ingest_articles (story_id);
    CREATE INDEX chorus_ingest_articles_unassigned ON chorus_ingest_articles (published_at)
        WHERE story_id IS NULL;
    CREATE TABLE chorus_ingest_stories (
        id              text PRIMARY KEY,
        updated_at      timestamptz NOT NULL,
        last_article_at timestamptz,
        body            text NOT NULL
    );
    CREATE INDEX chorus_ingest_stories_updated ON chorus_ingest_stories (updated_at);
    CREATE INDEX chorus_ingest_stories_last ON chorus_ingest_stories (last_article_at);
    CREATE TABLE chorus_ingest_feeds (
        url           text PRIMARY KEY,
        etag          text,
        last_modified text
    );
    """,
)
LATEST = len(MIGRATIONS)


async def _scalar(conn: psycopg.AsyncConnection[Any], sql: str) -> Any:
    async with conn.cursor(row_factory=tuple_row) as cur:
        await cur.execute(sql)
        row = await cur.fetchone()
        return row[0] if row else None


async def current_version(conn: psycopg.AsyncConnection[Any]) -> int:
    if not await _scalar(conn, "SELECT to_regclass('chorus_schema') IS NOT NULL"):
        return 0
    return int(await _scalar(conn, "SELECT COALESCE(MAX(version), 0) FROM chorus_schema"))


async def migrate(conn: psycopg.AsyncConnection[Any]) -> list[int]:
    """Apply every migration not applied yet; returns their numbers."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_ID,))
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS chorus_schema "
            "(version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        current = await current_version(conn)
        if current > LATEST:
            raise RuntimeError(f"database schema {current} is newer than this Chorus ({LATEST})")
        applied: list[int] = []
        for number in range(current + 1, LATEST + 1):
            step = MIGRATIONS[number - 1]
            script = step() if callable(step) else step
            if number == 2 and await _has_procrastinate(conn):
                pass  # installed by another application of procrastinate on this database
            else:
                await conn.execute(script)
            await conn.execute("INSERT INTO chorus_schema (version) VALUES (%s)", (number,))
            applied.append(number)
        return applied


async def _has_procrastinate(conn: psycopg.AsyncConnection[Any]) -> bool:
    return bool(await _scalar(conn, "SELECT to_regclass('procrastinate_jobs') IS NOT NULL"))


__all__ = ["LATEST", "MIGRATIONS", "current_version", "migrate"]
