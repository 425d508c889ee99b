"""The SQLite plumbing under SQLiteStore: one connection on one dedicated thread, opened (and
migrated) on first use; row <-> Job conversion; timestamps as fixed-width UTC text."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from chorus.jobs.sqlite_schema import migrate
from chorus.jobs.store import JOB_COLUMNS, ClosingContext, Job, job_from_row
from chorus.jobs.waiters import Waiters

T = TypeVar("T")


def ts(when: datetime) -> str:
    """Fixed-width UTC ISO timestamps, so text order is time order."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class SQLiteBase(ClosingContext):
    def __init__(
        self,
        path: Path | str,
        *,
        clock: Callable[[], datetime] | None = None,
        busy_timeout_ms: int = 5000,
        poll_s: float = 1.0,
    ) -> None:
        self.path = Path(path)
        self.poll_s = poll_s
        self._clock = clock or (lambda: datetime.now(UTC))
        self._busy_timeout_ms = busy_timeout_ms
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chorus-store")
        self._conn: sqlite3.Connection | None = None
        self._closed = False
        self._waiters = Waiters()

    # --- plumbing -------------------------------------------------------------------------

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        if self._closed:
            raise RuntimeError("store is closed")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._call, fn, args)

    def _call(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        return fn(self._connection(), *args)

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            if str(self.path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path, timeout=self._busy_timeout_ms / 1000, isolation_level=None
            )
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_ms)}")
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")  # only takes on a new file
            conn.execute("PRAGMA journal_mode = WAL")
            # WAL + NORMAL: a committed transaction survives a killed process.
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA journal_size_limit = 16777216")  # the WAL shrinks back
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn)
            self._conn = conn
        return self._conn

    def _now(self) -> datetime:
        return self._clock()

    def _get(
        self, conn: sqlite3.Connection, job_id: str, principal: str | None = None
    ) -> Job | None:
        sql = f"SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?"
        params: list[Any] = [job_id]
        if principal is not None:
            sql += " AND principal = ?"
            params.append(principal)
        row = conn.execute(sql, params).fetchone()
        return job_from_row(row) if row else None

    def _must_get(self, conn: sqlite3.Connection, job_id: str) -> Job:
        job = self._get(conn, job_id)
        if job is None:
            raise KeyError(job_id)
        return job

    async def ping(self) -> None:
        def q(conn: sqlite3.Connection) -> None:
            conn.execute("SELECT 1").fetchone()

        await self._run(q)

    async def close(self) -> None:
        if self._closed:
            return

        def shut(conn: sqlite3.Connection | None) -> None:
            if conn is not None:
                conn.close()

        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, shut, self._conn)
        self._conn = None
        self._closed = True
        self._executor.shutdown(wait=True)


__all__ = ["SQLiteBase", "dt", "ts"]
