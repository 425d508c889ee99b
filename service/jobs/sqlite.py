"""The default Store: one SQLite file in WAL mode, and the embedded queue the runner pulls from.

All statements run on one dedicated thread (a single-worker executor), so the event loop never
blocks on disk and writes from this process are serialised; other processes (uvicorn
--workers) are serialised by SQLite itself (`BEGIN IMMEDIATE`, busy timeout). Rows hold the
cluster, options, summary and error as JSON. The schema is versioned (`PRAGMA user_version`)
and migrated when the file is opened (jobs/sqlite_schema.py).
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime, timedelta
from typing import Any

from chorus.errors import IdempotencyConflict
from chorus.jobs.owners import owner_is_gone
from chorus.jobs.sqlite_base import SQLiteBase, ts
from chorus.jobs.store import (
    ABANDONED,
    ANONYMOUS,
    JOB_COLUMNS,
    SUMMARY_COLUMNS,
    Job,
    JobError,
    Purged,
    StoredSummary,
    job_from_row,
    sqlite_path,
    summary_from_row,
)
from chorus.models import Cluster, Summary, SummaryOptions
from chorus.settings import Settings


class SQLiteStore(SQLiteBase):
    @classmethod
    def from_settings(cls, settings: Settings) -> SQLiteStore:
        return cls(sqlite_path(settings), poll_s=settings.job_poll_s)

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
        now = ts(self._now())
        job_id = uuid.uuid4().hex

        def tx(conn: sqlite3.Connection) -> tuple[Job, bool]:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if idempotency_key is not None:
                    row = conn.execute(
                        "SELECT request_hash, job_id FROM idempotency WHERE key = ?",
                        (idempotency_key,),
                    ).fetchone()
                    if row is not None:
                        if row["request_hash"] != request_hash:
                            raise IdempotencyConflict(row["job_id"])
                        existing = self._must_get(conn, row["job_id"])
                        conn.execute("COMMIT")
                        return existing, False
                conn.execute(
                    "INSERT INTO jobs (id, status, created_at, cluster_id, cluster, options, "
                    "attempts, principal, priority) VALUES (?,'queued',?,?,?,?,0,?,?)",
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
                if idempotency_key is not None:
                    conn.execute(
                        "INSERT INTO idempotency (key, request_hash, job_id, created_at) "
                        "VALUES (?,?,?,?)",
                        (idempotency_key, request_hash or "", job_id, now),
                    )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            job = Job(
                id=job_id,
                status="queued",
                created_at=datetime.fromisoformat(now),
                cluster=cluster,
                options=options,
                principal=principal,
            )
            return job, True

        return await self._run(tx)

    async def get_job(self, job_id: str, principal: str | None = None) -> Job | None:
        return await self._run(self._get, job_id, principal)

    async def list_jobs(
        self, *, limit: int = 20, since: datetime | None = None, principal: str | None = None
    ) -> list[Job]:
        where, params = ["1 = 1"], []
        if since is not None:
            where.append("created_at >= ?")
            params.append(ts(since))
        if principal is not None:
            where.append("principal = ?")
            params.append(principal)
        sql = (
            f"SELECT {JOB_COLUMNS} FROM jobs WHERE {' AND '.join(where)} "
            "ORDER BY created_at DESC, id DESC LIMIT ?"
        )

        def q(conn: sqlite3.Connection) -> list[Job]:
            return [job_from_row(r) for r in conn.execute(sql, [*params, limit]).fetchall()]

        return await self._run(q)

    async def list_summaries(
        self, since: datetime, until: datetime | None = None, limit: int = 100
    ) -> list[StoredSummary]:
        def q(conn: sqlite3.Connection) -> list[StoredSummary]:
            sql = f"SELECT {SUMMARY_COLUMNS} FROM jobs WHERE status = 'done' AND created_at >= ?"
            params: list[Any] = [ts(since)]
            if until is not None:
                sql += " AND created_at < ?"
                params.append(ts(until))
            sql += " ORDER BY created_at ASC, id ASC LIMIT ?"
            params.append(limit)
            return [summary_from_row(r) for r in conn.execute(sql, params).fetchall()]

        return await self._run(q)

    async def start_job(self, job_id: str, owner: str, lease_s: float) -> Job | None:
        now = self._now()

        def tx(conn: sqlite3.Connection) -> Job | None:
            cur = conn.execute(
                "UPDATE jobs SET status = 'running', started_at = ?, attempts = attempts + 1, "
                "owner = ?, lease_until = ? WHERE id = ? AND status IN ('queued', 'running')",
                (ts(now), owner, ts(now + timedelta(seconds=lease_s)), job_id),
            )
            return self._get(conn, job_id) if cur.rowcount else None

        return await self._run(tx)

    async def _finish(self, job_id: str, sql: str, value: str) -> Job:
        now = ts(self._now())

        def tx(conn: sqlite3.Connection) -> Job:
            conn.execute(sql, (now, value, job_id))
            return self._must_get(conn, job_id)

        job = await self._run(tx)
        self._waiters.wake(job_id)
        return job

    async def finish_job(self, job_id: str, summary: Summary) -> Job:
        return await self._finish(
            job_id,
            "UPDATE jobs SET status = 'done', finished_at = ?, summary = ?, error = NULL, "
            "owner = NULL, lease_until = NULL WHERE id = ?",
            summary.model_dump_json(),
        )

    async def fail_job(self, job_id: str, error: JobError) -> Job:
        return await self._finish(
            job_id,
            "UPDATE jobs SET status = 'failed', finished_at = ?, error = ?, "
            "owner = NULL, lease_until = NULL WHERE id = ?",
            error.model_dump_json(),
        )

    async def requeue_job(self, job_id: str) -> Job | None:
        def tx(conn: sqlite3.Connection) -> Job | None:
            cur = conn.execute(
                "UPDATE jobs SET status = 'queued', finished_at = NULL, error = NULL, "
                "attempts = 0, owner = NULL, lease_until = NULL "
                "WHERE id = ? AND status = 'failed'",
                (job_id,),
            )
            return self._get(conn, job_id) if cur.rowcount else None

        return await self._run(tx)

    async def release_job(self, job_id: str) -> None:
        def tx(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE jobs SET status = 'queued', attempts = MAX(attempts - 1, 0), "
                "owner = NULL, lease_until = NULL WHERE id = ? AND status = 'running'",
                (job_id,),
            )

        await self._run(tx)

    async def wait_job(self, job_id: str, timeout_s: float) -> Job | None:
        return await self._waiters.wait(job_id, timeout_s, self.poll_s, self.get_job)

    async def purge(self, finished_before: datetime, keys_before: datetime) -> Purged:
        jobs_before, keys = ts(finished_before), ts(keys_before)

        def tx(conn: sqlite3.Connection) -> Purged:
            conn.execute("BEGIN IMMEDIATE")
            try:
                old = "SELECT id FROM jobs WHERE status IN ('done', 'failed') AND finished_at < ?"
                k = conn.execute(
                    f"DELETE FROM idempotency WHERE created_at < ? OR job_id IN ({old})",
                    (keys, jobs_before),
                ).rowcount
                j = conn.execute(
                    "DELETE FROM jobs WHERE status IN ('done', 'failed') AND finished_at < ?",
                    (jobs_before,),
                ).rowcount
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("PRAGMA incremental_vacuum")
            return Purged(jobs=j, idempotency_keys=k)

        return await self._run(tx)

    # --- the embedded queue (runner.py) ---------------------------------------------------

    async def next_job(self, owner: str, lease_s: float, max_attempts: int) -> Job | None:
        """Start the most urgent queued job for `owner` (attempts + 1); None if none is queued."""
        now = self._now()

        def tx(conn: sqlite3.Connection) -> Job | None:
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute(
                    "SELECT id, attempts FROM jobs WHERE status = 'queued' "
                    "ORDER BY priority DESC, created_at ASC LIMIT 1"
                ).fetchone()
                if row is None:
                    conn.execute("COMMIT")
                    return None
                if row["attempts"] >= max_attempts:
                    conn.execute(
                        "UPDATE jobs SET status = 'failed', finished_at = ?, error = ? "
                        "WHERE id = ?",
                        (ts(now), ABANDONED.model_dump_json(), row["id"]),
                    )
                else:
                    conn.execute(
                        "UPDATE jobs SET status = 'running', started_at = ?, "
                        "attempts = attempts + 1, owner = ?, lease_until = ? WHERE id = ?",
                        (ts(now), owner, ts(now + timedelta(seconds=lease_s)), row["id"]),
                    )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return self._must_get(conn, row["id"])

        return await self._run(tx)

    async def renew_leases(self, owner: str, lease_s: float) -> int:
        until = ts(self._now() + timedelta(seconds=lease_s))

        def tx(conn: sqlite3.Connection) -> int:
            cur = conn.execute(
                "UPDATE jobs SET lease_until = ? WHERE owner = ? AND status = 'running'",
                (until, owner),
            )
            return cur.rowcount

        return await self._run(tx)

    async def reclaim_orphans(self, me: str) -> int:
        """Queue again the running jobs whose owner is gone (a killed process); how many."""
        now = ts(self._now())

        def tx(conn: sqlite3.Connection) -> int:
            conn.execute("BEGIN IMMEDIATE")
            try:
                rows = conn.execute(
                    "SELECT id, owner, lease_until FROM jobs WHERE status = 'running'"
                ).fetchall()
                orphans = [
                    r["id"]
                    for r in rows
                    if r["owner"] != me
                    and (
                        r["lease_until"] is None
                        or r["lease_until"] < now
                        or owner_is_gone(r["owner"], me)
                    )
                ]
                for job_id in orphans:
                    conn.execute(
                        "UPDATE jobs SET status = 'queued', owner = NULL, lease_until = NULL "
                        "WHERE id = ?",
                        (job_id,),
                    )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return len(orphans)

        return await self._run(tx)


__all__ = ["SQLiteStore"]
