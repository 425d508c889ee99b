"""`PostgresCallCache`: the LLM call cache in the jobs database, shared by every process.

With N API replicas and M `chorus worker`s on one Postgres, a job resumed or replayed on
another process finds the answers its first run paid for (the `CallCache` protocol of
llm/cache.py; table `chorus_llm_call_cache`, migration 3 of jobs/postgres_schema.py).
A small psycopg 3 pool of its own, opened on first use; opening migrates (idempotent, under
the migrations' advisory lock) and drops rows older than `max_age_s`, like the SQLite cache.
The cache is best effort: when the database cannot be reached (e.g. `chorus summarize` with a
Postgres URL and no database up) or a query fails, it logs a warning and acts as a miss, so a
call is paid again rather than a summary lost.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import psycopg
from psycopg.rows import tuple_row
from psycopg_pool import AsyncConnectionPool

from chorus.jobs.postgres_schema import migrate
from chorus.llm.cache import MAX_AGE_S

log = logging.getLogger("chorus.llm")


class PostgresCallCache:
    def __init__(self, url: str, *, max_age_s: float = MAX_AGE_S, pool_size: int = 4) -> None:
        self.url = url
        self.max_age_s = max_age_s
        self.pool: AsyncConnectionPool[psycopg.AsyncConnection[Any]] = AsyncConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            open=False,
            kwargs={"row_factory": tuple_row, "autocommit": True},
        )
        self._usable: bool | None = None  # None: not opened yet
        self._open_lock = asyncio.Lock()

    async def open(self) -> bool:
        """Migrate and purge once, then open the pool; False when the database is out of
        reach (the cache is then off for this process)."""
        async with self._open_lock:
            if self._usable is None:
                try:
                    conn = await psycopg.AsyncConnection.connect(
                        self.url, autocommit=True, connect_timeout=10
                    )
                    async with conn:
                        await migrate(conn)
                        await conn.execute(
                            "DELETE FROM chorus_llm_call_cache "
                            "WHERE created_at < now() - make_interval(secs => %s)",
                            (self.max_age_s,),
                        )
                    await self.pool.open()
                    self._usable = True
                except Exception as exc:
                    log.warning("llm_cache_unavailable", extra={"error": type(exc).__name__})
                    self._usable = False
            return self._usable

    async def get(self, key: str) -> str | None:
        if not await self.open():
            return None
        try:
            async with self.pool.connection() as conn:
                cur = await conn.execute(
                    "SELECT value FROM chorus_llm_call_cache WHERE key = %s", (key,)
                )
                row = await cur.fetchone()
        except Exception as exc:
            log.warning("llm_cache_failed", extra={"error": type(exc).__name__})
            return None
        return str(row[0]) if row else None

    async def put(self, key: str, value: str) -> None:
        if not await self.open():
            return
        try:
            async with self.pool.connection() as conn:
                await conn.execute(
                    "INSERT INTO chorus_llm_call_cache (key, value, created_at) "
                    "VALUES (%s, %s, now()) "
                    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, created_at = now()",
                    (key, value),
                )
        except Exception as exc:
            log.warning("llm_cache_failed", extra={"error": type(exc).__name__})

    async def close(self) -> None:
        async with self._open_lock:
            if self._usable:
                await self.pool.close()
            self._usable = False


__all__ = ["PostgresCallCache"]
