"""The Postgres Store: for N API replicas and M `chorus worker` processes on one database.

Jobs live in `chorus_jobs` (psycopg 3, a connection pool); each job is deferred to the
procrastinate queue (jobs/queue.py) in the transaction that stores it. Finishing a job
notifies `chorus_job_finished`, which wakes a replica waiting for it (a synchronous request,
a replay); the waiter re-reads the row every `poll_s` too, so a lost notification only
delays it. The schema is migrated at open (jobs/postgres_schema.py), under an advisory lock.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from chorus.errors import IdempotencyConflict
from chorus.jobs import queue
from chorus.jobs.postgres_schema import migrate
from chorus.jobs.store import (
    ANONYMOUS,
    JOB_COLUMNS,
    SUMMARY_COLUMNS,
    ClosingContext,
    Job,
    JobError,
    Purged,
    StoredSummary,
    job_from_row,
    summary_from_row,
)
from chorus.jobs.waiters import Bells, Waiters
from chorus.models import Cluster, Summary, SummaryOptions
from chorus.settings import Settings

log = logging.getLogger("chorus.jobs")

CHANNEL = "chorus_job_finished"
EVENT_CHANNEL = "chorus_job_event"  # a job's events were appended (jobs/postgres_events.py)
_J_COLUMNS = ", ".join("j." + c.strip() for c in JOB_COLUMNS.split(","))
Row = dict[str, Any]


class PostgresStore(ClosingContext):
    def __init__(
        self,
        url: str,
        *,
        poll_s: float = 1.0,
        pool_size: int = 10,
        migrate_on_open: bool = True,
    ) -> None:
        self.url = url
        self.poll_s = poll_s
        self.migrate_on_open = migrate_on_open
        self.pool: AsyncConnectionPool[psycopg.AsyncConnection[Row]] = AsyncConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            open=False,
            kwargs={"row_factory": dict_row, "autocommit": True},
        )
        self.queue = queue.build_app()
        self._opened = False
        self._open_lock = asyncio.Lock()
        self._waiters = Waiters()
        self.bells = Bells()  # rung when a job's events are appended, by any process
        self._listener: asyncio.Task[None] | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> PostgresStore:
        assert settings.database_url is not None
        return cls(settings.database_url, poll_s=settings.job_poll_s)

    # --- plumbing -------------------------------------------------------------------------

    async def open(self) -> None:
        async with self._open_lock:
            if self._opened:
                return
            await self.pool.open(wait=True, timeout=30)
            if self.migrate_on_open:
                async with self.pool.connection() as conn:
                    await migrate(conn)
            self._opened = True

    async def _all(self, sql: str, params: Any = ()) -> list[Row]:
        await self.open()
        async with self.pool.connection() as conn:
            cur = await conn.execute(sql, params)
            return await cur.fetchall() if cur.description else []

    async def _one(self, sql: str, params: Any = ()) -> Row | None:
        rows = await self._all(sql, params)
        return rows[0] if rows else None

    async def _listen(self) -> None:
        """Wake local waiters when any process finishes a job; reconnect on errors."""
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(self.url, autocommit=True)
                async with conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    await conn.execute(f"LISTEN {EVENT_CHANNEL}")
                    async for note in conn.notifies():
                        if note.channel == EVENT_CHANNEL:
                            self.bells.ring(note.payload)
                        else:
                            self._waiters.wake(note.payload)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("job_listener_failed", extra={"error": type(exc).__name__})
                await asyncio.sleep(self.poll_s)

    # --- Store interface ------------------------------------------------------------------

    async def create_job(
        self,
        cluster: Cluster,
        options: SummaryOptions,
        *,
        principal: str = ANONYMOUS,
        priority: int = 0,
        idempotency_key: str | None = None,
        request_hash: str | None = None,
    ) -> tuple[Job, bool]:
        await self.open()
        now = datetime.now(UTC)
        job_id = uuid.uuid4().hex
        async with self.pool.connection() as conn, conn.transaction():
            if idempotency_key is not None:
                # Concurrent requests with one key: the second waits here for the first.
                cur = await conn.execute(
                    "INSERT INTO chorus_idempotency (key, request_hash, job_id, created_at) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (key) DO NOTHING RETURNING key",
                    (idempotency_key, request_hash or "", job_id, now),
                )
                if await cur.fetchone() is None:
                    cur = await conn.execute(
                        f"SELECT i.request_hash, {_J_COLUMNS} FROM chorus_idempotency i "
                        "JOIN chorus_jobs j ON j.id = i.job_id WHERE i.key = %s",
                        (idempotency_key,),
                    )
                    row = await cur.fetchone()
                    if row is not None:
                        if row["request_hash"] != request_hash:
                            raise IdempotencyConflict(row["id"])
                        return job_from_row(row), False
            await conn.execute(
                "INSERT INTO chorus_jobs (id, status, created_at, cluster_id, cluster, options, "
                "attempts, principal, priority) VALUES (%s, 'queued', %s, %s, %s, %s, 0, %s, %s)",
                (
                    job_id,
                    now,
                    cluster.id,
                    cluster.model_dump_json(),
                    options.model_dump_json(),
                    principal,
                    priority,
                ),
            )
            await queue.defer(self.queue, conn, job_id, priority)
        job = Job(
            id=job_id,
            status="queued",
            created_at=now,
            cluster=cluster,
            options=options,
            principal=principal,
        )
        return job, True

    async def get_job(self, job_id: str, principal: str | None = None) -> Job | None:
        if "\x00" in job_id:  # Postgres text cannot hold NUL, so no job has such an id
            return None
        if principal is None:
            row = await self._one(f"SELECT {JOB_COLUMNS} FROM chorus_jobs WHERE id = %s", (job_id,))
        else:
            row = await self._one(
                f"SELECT {JOB_COLUMNS} FROM chorus_jobs WHERE id = %s AND principal = %s",
                (job_id, principal),
            )
        return job_from_row(row) if row else None

    async def list_jobs(
        self, *, limit: int = 20, since: datetime | None = None, principal: str | None = None
    ) -> list[Job]:
        rows = await self._all(
            f"SELECT {JOB_COLUMNS} FROM chorus_jobs "
            "WHERE (%(since)s::timestamptz IS NULL OR created_at >= %(since)s) "
            "AND (%(principal)s::text IS NULL OR principal = %(principal)s) "
            "ORDER BY created_at DESC, id DESC LIMIT %(limit)s",
            {"since": since, "principal": principal, "limit": limit},
        )
        return [job_from_row(r) for r in rows]

    async def list_summaries(
        self, since: datetime, until: datetime | None = None, limit: int = 100
    ) -> list[StoredSummary]:
        rows = await self._all(
            f"SELECT {SUMMARY_COLUMNS} FROM chorus_jobs "
            "WHERE status = 'done' AND created_at >= %(since)s "
            "AND (%(until)s::timestamptz IS NULL OR created_at < %(until)s) "
            "ORDER BY created_at ASC, id ASC LIMIT %(limit)s",
            {"since": since, "until": until, "limit": limit},
        )
        return [summary_from_row(r) for r in rows]

    async def start_job(self, job_id: str, owner: str, lease_s: float) -> Job | None:
        row = await self._one(
            "UPDATE chorus_jobs SET status = 'running', started_at = now(), "
            "attempts = attempts + 1, owner = %s "
            f"WHERE id = %s AND status IN ('queued', 'running') RETURNING {JOB_COLUMNS}",
            (owner, job_id),
        )
        return job_from_row(row) if row else None

    async def _finish(self, job_id: str, sql: str, value: str) -> Job:
        await self.open()
        async with self.pool.connection() as conn, conn.transaction():
            cur = await conn.execute(sql + f" RETURNING {JOB_COLUMNS}", (value, job_id))
            row = await cur.fetchone()
            await conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, job_id))
        if row is None:
            raise KeyError(job_id)
        self._waiters.wake(job_id)
        return job_from_row(row)

    async def finish_job(self, job_id: str, summary: Summary) -> Job:
        return await self._finish(
            job_id,
            "UPDATE chorus_jobs SET status = 'done', finished_at = now(), summary = %s, "
            "error = NULL, owner = NULL WHERE id = %s",
            summary.model_dump_json(),
        )

    async def fail_job(self, job_id: str, error: JobError) -> Job:
        return await self._finish(
            job_id,
            "UPDATE chorus_jobs SET status = 'failed', finished_at = now(), error = %s, "
            "owner = NULL WHERE id = %s",
            error.model_dump_json(),
        )

    async def requeue_job(self, job_id: str) -> Job | None:
        await self.open()
        async with self.pool.connection() as conn, conn.transaction():
            cur = await conn.execute(
                "UPDATE chorus_jobs SET status = 'queued', finished_at = NULL, error = NULL, "
                f"attempts = 0, owner = NULL WHERE id = %s AND status = 'failed' "
                f"RETURNING {JOB_COLUMNS}, priority",
                (job_id,),
            )
            row = await cur.fetchone()
            if row is None:
                return None
            await queue.defer(self.queue, conn, job_id, row["priority"])
        return job_from_row(row)

    async def release_job(self, job_id: str) -> None:
        await self._all(
            "UPDATE chorus_jobs SET status = 'queued', attempts = GREATEST(attempts - 1, 0), "
            "owner = NULL WHERE id = %s AND status = 'running'",
            (job_id,),
        )

    async def listen(self) -> None:
        """Start hearing other processes' notifications (finished jobs, appended events)."""
        await self.open()
        if self._listener is None or self._listener.done():
            self._listener = asyncio.create_task(self._listen(), name="chorus-job-listener")

    async def wait_job(self, job_id: str, timeout_s: float) -> Job | None:
        await self.listen()
        return await self._waiters.wait(job_id, timeout_s, self.poll_s, self.get_job)

    async def purge(self, finished_before: datetime, keys_before: datetime) -> Purged:
        await self.open()
        async with self.pool.connection() as conn, conn.transaction():
            cur = await conn.execute(
                "DELETE FROM chorus_idempotency WHERE created_at < %s", (keys_before,)
            )
            keys = cur.rowcount
            cur = await conn.execute(
                "DELETE FROM chorus_jobs WHERE status IN ('done', 'failed') AND finished_at < %s",
                (finished_before,),
            )  # their idempotency keys go with them (ON DELETE CASCADE)
            jobs = cur.rowcount
            # The queue's finished rows (workers delete them as they finish; this catches
            # the rest, e.g. jobs of a worker killed at the wrong moment).
            await conn.execute(
                "DELETE FROM procrastinate_jobs WHERE queue_name = %s AND status IN "
                "('succeeded', 'failed', 'cancelled', 'aborted') AND id NOT IN "
                "(SELECT job_id FROM procrastinate_events WHERE at >= %s AND job_id IS NOT NULL)",
                (queue.QUEUE, finished_before),
            )
        return Purged(jobs=jobs, idempotency_keys=keys)

    async def ping(self) -> None:
        await self._one("SELECT 1 AS ok")

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None
        await self.pool.close()
        self._opened = False


__all__ = ["CHANNEL", "PostgresStore"]
