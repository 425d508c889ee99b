"""Persistence for summary jobs, their results and idempotency keys, behind a small interface.

`Store` is the contract the API, the job runners and the Slack brief use. Two implementations:
`SQLiteStore` (jobs/sqlite.py, the embedded default: one process runs its own jobs, see
runner.py) and `PostgresStore` (jobs/postgres.py: API replicas defer jobs to a procrastinate
queue that `chorus worker` processes run). `jobs.open.open_store(settings)` picks
one from CHORUS_DATABASE_URL; close it with `await store.close()` (or `async with`).

Job states: `queued` (nobody runs it), `running` (one owner started it: `attempts` counts these
real starts only), `done`, `failed`. Tenancy: every job has the `principal` that created it;
reads take the caller's principal (None: an operator or admin, who sees every job).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import TracebackType
from typing import Any, Literal, Protocol, Self, runtime_checkable

from pydantic import BaseModel, Field

from chorus.errors import ErrorInfo
from chorus.models import Cluster, Summary, SummaryOptions
from chorus.settings import Settings

JobStatus = Literal["queued", "running", "done", "failed"]
PENDING: tuple[JobStatus, ...] = ("queued", "running")
ANONYMOUS = "anonymous"  # the principal when no API keys are configured
SLACK_PRINCIPAL = "slack"  # jobs created from Slack belong to it


JobError = ErrorInfo  # why a job failed: the same data a problem body is made from
ABANDONED = JobError(
    status=500,
    code="job_abandoned",
    title="Job abandoned",
    detail="the job was started too many times without finishing; not retried again",
)


class Job(BaseModel):
    """A summary request and (once done) its result."""

    id: str
    status: JobStatus
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    cluster: Cluster
    options: SummaryOptions
    summary: Summary | None = None
    error: JobError | None = None
    attempts: int = 0
    owner: str | None = None
    principal: str = ANONYMOUS


class StoredSummary(BaseModel):
    """A finished summary with the cluster it summarises (what the Slack brief reads)."""

    id: str
    created_at: datetime
    finished_at: datetime | None = None
    cluster: Cluster
    options: SummaryOptions = Field(default_factory=SummaryOptions)
    summary: Summary


def job_from_row(row: Mapping[str, Any]) -> Job:
    """A Job from a database row (either store): JSON columns parsed, timestamps as stored
    (ISO text or datetimes; pydantic reads both)."""
    return Job.model_validate(
        {
            **{k: row[k] for k in _PLAIN if k in row.keys()},  # noqa: SIM118 (sqlite3.Row)
            "cluster": Cluster.model_validate_json(row["cluster"]),
            "options": SummaryOptions.model_validate_json(row["options"]),
            "summary": Summary.model_validate_json(row["summary"]) if row["summary"] else None,
            "error": JobError.model_validate_json(row["error"]) if row["error"] else None,
        }
    )


def summary_from_row(row: Mapping[str, Any]) -> StoredSummary:
    return StoredSummary(
        id=row["id"],
        created_at=row["created_at"],
        finished_at=row["finished_at"],
        cluster=Cluster.model_validate_json(row["cluster"]),
        options=SummaryOptions.model_validate_json(row["options"]),
        summary=Summary.model_validate_json(row["summary"]),
    )


_PLAIN = ("id", "status", "created_at", "started_at", "finished_at", "attempts", "owner",
          "principal")  # fmt: skip
JOB_COLUMNS = ", ".join((*_PLAIN, "cluster", "options", "summary", "error"))
SUMMARY_COLUMNS = "id, created_at, finished_at, cluster, options, summary"


class Purged(BaseModel):
    """What one retention pass deleted."""

    jobs: int = 0
    idempotency_keys: int = 0


@runtime_checkable
class Store(Protocol):
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
        """Persist a new queued job (and hand it to the queue, atomically).

        With an idempotency key already used for the same `request_hash`, return the existing
        job and False; with a different hash raise IdempotencyConflict. Higher `priority` runs
        first (synchronous requests). Atomic.
        """
        ...

    async def get_job(self, job_id: str, principal: str | None = None) -> Job | None:
        """The job, if it exists and (with a principal) belongs to that principal."""
        ...

    async def list_jobs(
        self, *, limit: int = 20, since: datetime | None = None, principal: str | None = None
    ) -> list[Job]:
        """Most recent first; `since` filters on created_at (inclusive)."""
        ...

    async def list_summaries(
        self, since: datetime, until: datetime | None = None, limit: int = 100
    ) -> list[StoredSummary]:
        """Finished summaries whose job was created in [since, until), oldest first."""
        ...

    async def start_job(self, job_id: str, owner: str, lease_s: float) -> Job | None:
        """A worker really starts the job: running, attempts + 1. None if it is not pending."""
        ...

    async def finish_job(self, job_id: str, summary: Summary) -> Job: ...

    async def fail_job(self, job_id: str, error: JobError) -> Job: ...

    async def requeue_job(self, job_id: str) -> Job | None:
        """Put a failed job back in the queue (retrying a transient failure); None if not failed."""
        ...

    async def release_job(self, job_id: str) -> None:
        """A running job given back unfinished (graceful shutdown): queued again at once, and
        the interrupted start is not counted against it."""
        ...

    async def wait_job(self, job_id: str, timeout_s: float) -> Job | None:
        """Wait until the job is finished (done or failed) or `timeout_s` passes; the job."""
        ...

    async def purge(self, finished_before: datetime, keys_before: datetime) -> Purged:
        """Delete jobs finished before `finished_before` and idempotency keys made before
        `keys_before` (retention)."""
        ...

    async def ping(self) -> None:
        """Raise if the store is unreachable."""
        ...

    async def close(self) -> None: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class ClosingContext:
    """`async with store:` closes it on the way out: the one implementation of the Store's
    context-manager half, for every store (each defines `close`)."""

    async def close(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


def is_postgres_url(url: str | None) -> bool:
    return bool(url) and str(url).startswith(("postgresql://", "postgres://"))


def sqlite_path(settings: Settings) -> str:
    """The SQLite file: CHORUS_DATABASE_URL (a path or sqlite:///path), else CHORUS_DB_PATH."""
    return str(settings.sqlite_file)


__all__ = [
    "ABANDONED",
    "ANONYMOUS",
    "JOB_COLUMNS",
    "PENDING",
    "SLACK_PRINCIPAL",
    "SUMMARY_COLUMNS",
    "ClosingContext",
    "Job",
    "JobError",
    "JobStatus",
    "Purged",
    "Store",
    "StoredSummary",
    "is_postgres_url",
    "job_from_row",
    "sqlite_path",
    "summary_from_row",
]
