"""Persistence for summary jobs, their results and idempotency keys, behind a small interface.

`Store` is the contract the API, the job runner and the Slack brief use; `SQLiteStore`
(service/store_sqlite.py) is the default implementation and a server database can replace it.
Open one from settings with `open_store(settings)`; close it with `await store.close()` (or
use it as an async context manager).

Ownership and leases: a job is worked on by one process (`owner`), which renews its lease
while it runs. `claim_orphans` hands a job to another process only when its owner is gone
(lease expired, or the owner was an earlier process on this host), so a killed server loses
no job and a live sibling worker's job is never run twice.
"""

from __future__ import annotations

from datetime import datetime
from types import TracebackType
from typing import Literal, Protocol, Self, runtime_checkable

from pydantic import BaseModel, Field

from chorus.errors import ErrorInfo
from chorus.models import Cluster, Summary, SummaryOptions
from chorus.settings import Settings

JobStatus = Literal["queued", "running", "done", "failed"]
PENDING: tuple[JobStatus, ...] = ("queued", "running")


JobError = ErrorInfo  # why a job failed: the same data a problem body is made from


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


class StoredSummary(BaseModel):
    """A finished summary with the cluster it summarises (what the Slack brief reads)."""

    id: str
    created_at: datetime
    finished_at: datetime | None = None
    cluster: Cluster
    options: SummaryOptions = Field(default_factory=SummaryOptions)
    summary: Summary


@runtime_checkable
class Store(Protocol):
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
        """Persist a new job (queued, or running when `start`) owned by `owner`.

        With an idempotency key already used for the same `request_hash`, return the existing
        job and False; with a different hash raise IdempotencyConflict. Atomic.
        """
        ...

    async def get_job(self, job_id: str) -> Job | None: ...

    async def list_jobs(self, *, limit: int = 20, since: datetime | None = None) -> list[Job]:
        """Most recent first; `since` filters on created_at (inclusive)."""
        ...

    async def list_summaries(
        self, since: datetime, until: datetime | None = None, limit: int = 100
    ) -> list[StoredSummary]:
        """Finished summaries whose job was created in [since, until), oldest first."""
        ...

    async def start_job(self, job_id: str, owner: str, lease_s: float) -> Job | None:
        """Mark a pending job running (attempts + 1) for `owner`; None if it is not pending."""
        ...

    async def finish_job(self, job_id: str, summary: Summary) -> Job: ...

    async def fail_job(self, job_id: str, error: JobError) -> Job: ...

    async def requeue_job(self, job_id: str, owner: str, lease_s: float) -> Job | None:
        """Put a failed job back in the queue (retrying a transient failure); None if not failed."""
        ...

    async def renew_leases(self, owner: str, lease_s: float) -> int:
        """Extend the lease of every pending job `owner` holds; returns how many."""
        ...

    async def claim_orphans(self, owner: str, lease_s: float) -> list[Job]:
        """Take over pending jobs whose owner is gone; returns them (oldest first)."""
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


def open_store(settings: Settings) -> Store:
    """The configured store (SQLite at settings.db_path). Cheap: connects on first use."""
    from chorus.jobs.sqlite import SQLiteStore

    return SQLiteStore.from_settings(settings)


__all__ = [
    "PENDING",
    "Job",
    "JobError",
    "JobStatus",
    "Store",
    "StoredSummary",
    "open_store",
]
