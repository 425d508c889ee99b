"""The default Store: one SQLite file in WAL mode.

All statements run on one dedicated thread (a single-worker executor), so the event loop never
blocks on disk and writes from this process are serialised; other processes (uvicorn
--workers) are serialised by SQLite itself (`BEGIN IMMEDIATE`, busy timeout). Rows hold the
cluster, options, summary and error as JSON.
"""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

from chorus.errors import IdempotencyConflict
from chorus.jobs.owners import owner_is_gone
from chorus.jobs.store import Job, JobError, StoredSummary
from chorus.models import Cluster, Summary, SummaryOptions
from chorus.settings import Settings

T = TypeVar("T")

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id          TEXT PRIMARY KEY,
    status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    created_at  TEXT NOT NULL,
    started_at  TEXT,
    finished_at TEXT,
    cluster_id  TEXT NOT NULL,
    cluster     TEXT NOT NULL,
    options     TEXT NOT NULL,
    summary     TEXT,
    error       TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    owner       TEXT,
    lease_until TEXT
);
CREATE INDEX IF NOT EXISTS jobs_created_at ON jobs (created_at);
CREATE INDEX IF NOT EXISTS jobs_pending ON jobs (status) WHERE status IN ('queued', 'running');
CREATE TABLE IF NOT EXISTS idempotency (
    key          TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    job_id       TEXT NOT NULL REFERENCES jobs (id),
    created_at   TEXT NOT NULL
);
"""
_COLUMNS = (
    "id, status, created_at, started_at, finished_at, cluster, options, summary, error, "
    "attempts, owner"
)


def _ts(when: datetime) -> str:
    """Fixed-width UTC ISO timestamps, so text order is time order."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class SQLiteStore:
    def __init__(
        self,
        path: Path | str,
        *,
        clock: Callable[[], datetime] | None = None,
        busy_timeout_ms: int = 5000,
    ) -> None:
        self.path = Path(path)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._busy_timeout_ms = busy_timeout_ms
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chorus-store")
        self._conn: sqlite3.Connection | None = None
        self._closed = False

    @classmethod
    def from_settings(cls, settings: Settings) -> SQLiteStore:
        return cls(settings.db_path)

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
            conn.execute("PRAGMA journal_mode = WAL")
            # WAL + NORMAL: a committed transaction survives a killed process.
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.executescript(_SCHEMA)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._conn = conn
        return self._conn

    def _now(self) -> datetime:
        return self._clock()

    def _row_to_job(self, row: sqlite3.Row) -> Job:
        return Job(
            id=row["id"],
            status=row["status"],
            created_at=datetime.fromisoformat(row["created_at"]),
            started_at=_dt(row["started_at"]),
            finished_at=_dt(row["finished_at"]),
            cluster=Cluster.model_validate_json(row["cluster"]),
            options=SummaryOptions.model_validate_json(row["options"]),
            summary=Summary.model_validate_json(row["summary"]) if row["summary"] else None,
            error=JobError.model_validate_json(row["error"]) if row["error"] else None,
            attempts=row["attempts"],
            owner=row["owner"],
        )

    def _get(self, conn: sqlite3.Connection, job_id: str) -> Job | None:
        row = conn.execute(f"SELECT {_COLUMNS} FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return self._row_to_job(row) if row else None

    def _must_get(self, conn: sqlite3.Connection, job_id: str) -> Job:
        job = self._get(conn, job_id)
        if job is None:
            raise KeyError(job_id)
        return job

    # --- Store interface ------------------------------------------------------------------

    async def create_job(
        self,
        cluster: Cluster,
        options: SummaryOptions,
        *,
        owner: str,
        lease_s: float,
        start: bool = False,
        idempotency_key: str | None = None,
        request_hash: str | None = None,
    ) -> tuple[Job, bool]:
        now = self._now()
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
                    "INSERT INTO jobs (id, status, created_at, started_at, cluster_id, cluster, "
                    "options, attempts, owner, lease_until) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (
                        job_id,
                        "running" if start else "queued",
                        _ts(now),
                        _ts(now) if start else None,
                        cluster.id,
                        cluster.model_dump_json(),
                        options.model_dump_json(),
                        1 if start else 0,
                        owner,
                        _ts(now + timedelta(seconds=lease_s)),
                    ),
                )
                if idempotency_key is not None:
                    conn.execute(
                        "INSERT INTO idempotency (key, request_hash, job_id, created_at) "
                        "VALUES (?,?,?,?)",
                        (idempotency_key, request_hash or "", job_id, _ts(now)),
                    )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            job = Job(
                id=job_id,
                status="running" if start else "queued",
                created_at=datetime.fromisoformat(_ts(now)),
                started_at=datetime.fromisoformat(_ts(now)) if start else None,
                cluster=cluster,
                options=options,
                attempts=1 if start else 0,
                owner=owner,
            )
            return job, True

        return await self._run(tx)

    async def get_job(self, job_id: str) -> Job | None:
        return await self._run(self._get, job_id)

    async def list_jobs(self, *, limit: int = 20, since: datetime | None = None) -> list[Job]:
        def q(conn: sqlite3.Connection) -> list[Job]:
            if since is None:
                rows = conn.execute(
                    f"SELECT {_COLUMNS} FROM jobs ORDER BY created_at DESC, id DESC LIMIT ?",
                    (limit,),
                ).fetchall()
            else:
                rows = conn.execute(
                    f"SELECT {_COLUMNS} FROM jobs WHERE created_at >= ? "
                    "ORDER BY created_at DESC, id DESC LIMIT ?",
                    (_ts(since), limit),
                ).fetchall()
            return [self._row_to_job(r) for r in rows]

        return await self._run(q)

    async def list_summaries(
        self, since: datetime, until: datetime | None = None, limit: int = 100
    ) -> list[StoredSummary]:
        def q(conn: sqlite3.Connection) -> list[StoredSummary]:
            sql = (
                "SELECT id, created_at, finished_at, cluster, options, summary FROM jobs "
                "WHERE status = 'done' AND created_at >= ?"
            )
            params: list[Any] = [_ts(since)]
            if until is not None:
                sql += " AND created_at < ?"
                params.append(_ts(until))
            sql += " ORDER BY created_at ASC, id ASC LIMIT ?"
            params.append(limit)
            return [
                StoredSummary(
                    id=r["id"],
                    created_at=datetime.fromisoformat(r["created_at"]),
                    finished_at=_dt(r["finished_at"]),
                    cluster=Cluster.model_validate_json(r["cluster"]),
                    options=SummaryOptions.model_validate_json(r["options"]),
                    summary=Summary.model_validate_json(r["summary"]),
                )
                for r in conn.execute(sql, params).fetchall()
            ]

        return await self._run(q)

    async def start_job(self, job_id: str, owner: str, lease_s: float) -> Job | None:
        now = self._now()

        def tx(conn: sqlite3.Connection) -> Job | None:
            cur = conn.execute(
                "UPDATE jobs SET status = 'running', started_at = ?, attempts = attempts + 1, "
                "owner = ?, lease_until = ? WHERE id = ? AND status IN ('queued', 'running')",
                (_ts(now), owner, _ts(now + timedelta(seconds=lease_s)), job_id),
            )
            return self._get(conn, job_id) if cur.rowcount else None

        return await self._run(tx)

    async def finish_job(self, job_id: str, summary: Summary) -> Job:
        now = self._now()

        def tx(conn: sqlite3.Connection) -> Job:
            conn.execute(
                "UPDATE jobs SET status = 'done', finished_at = ?, summary = ?, error = NULL, "
                "lease_until = NULL WHERE id = ?",
                (_ts(now), summary.model_dump_json(), job_id),
            )
            return self._must_get(conn, job_id)

        return await self._run(tx)

    async def fail_job(self, job_id: str, error: JobError) -> Job:
        now = self._now()

        def tx(conn: sqlite3.Connection) -> Job:
            conn.execute(
                "UPDATE jobs SET status = 'failed', finished_at = ?, error = ?, "
                "lease_until = NULL WHERE id = ?",
                (_ts(now), error.model_dump_json(), job_id),
            )
            return self._must_get(conn, job_id)

        return await self._run(tx)

    async def requeue_job(self, job_id: str, owner: str, lease_s: float) -> Job | None:
        now = self._now()

        def tx(conn: sqlite3.Connection) -> Job | None:
            cur = conn.execute(
                "UPDATE jobs SET status = 'queued', finished_at = NULL, error = NULL, owner = ?, "
                "lease_until = ? WHERE id = ? AND status = 'failed'",
                (owner, _ts(now + timedelta(seconds=lease_s)), job_id),
            )
            return self._get(conn, job_id) if cur.rowcount else None

        return await self._run(tx)

    async def renew_leases(self, owner: str, lease_s: float) -> int:
        until = _ts(self._now() + timedelta(seconds=lease_s))

        def tx(conn: sqlite3.Connection) -> int:
            cur = conn.execute(
                "UPDATE jobs SET lease_until = ? WHERE owner = ? "
                "AND status IN ('queued', 'running')",
                (until, owner),
            )
            return cur.rowcount

        return await self._run(tx)

    async def claim_orphans(self, owner: str, lease_s: float) -> list[Job]:
        now = self._now()

        def tx(conn: sqlite3.Connection) -> list[Job]:
            conn.execute("BEGIN IMMEDIATE")
            try:
                rows = conn.execute(
                    "SELECT id, owner, lease_until FROM jobs "
                    "WHERE status IN ('queued', 'running') ORDER BY created_at ASC"
                ).fetchall()
                claimed: list[str] = []
                for r in rows:
                    expired = r["lease_until"] is None or r["lease_until"] < _ts(now)
                    if r["owner"] == owner:
                        continue
                    if expired or owner_is_gone(r["owner"], owner):
                        conn.execute(
                            "UPDATE jobs SET owner = ?, lease_until = ? WHERE id = ?",
                            (owner, _ts(now + timedelta(seconds=lease_s)), r["id"]),
                        )
                        claimed.append(r["id"])
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return [self._must_get(conn, job_id) for job_id in claimed]

        return await self._run(tx)

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

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


__all__ = ["SQLiteStore"]
