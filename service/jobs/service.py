"""Requests -> jobs: what every caller of the job system does, in one place.

`JobService.submit` admits the request (defaults, limits, engine), stores it as a queued job
owned by the caller's principal (or finds the job an earlier request with the same
Idempotency-Key made), queues a replayed job that failed transiently again, and, for a
synchronous request, waits up to `sync_wait_s` for the result: past that, the request
answers 202 and the job goes on. Waiting reads the store, so a replay that lands on another
process or replica waits for the job just the same.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Protocol

from chorus.jobs.store import PENDING, Job, Store
from chorus.models import Cluster, EngineName, SummaryOptions
from chorus.pipeline.summarizer import Summarizer

SYNC_PRIORITY = 1  # a client is waiting: run before queued background jobs


def request_hash(cluster: Cluster, options: SummaryOptions) -> str:
    """What an Idempotency-Key is bound to: the cluster and the (filled-in) options."""
    canonical = json.dumps(
        {"cluster": cluster.model_dump(mode="json"), "options": options.model_dump(mode="json")},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


class Dispatch(Protocol):
    """Who runs the queued jobs: this process (LocalRunner) or `chorus worker`s (RemoteQueue)."""

    owner: str

    @property
    def active(self) -> int: ...

    def enqueued(self, job: Job) -> None: ...

    async def start(self) -> int: ...

    async def drain(self) -> None: ...


class RemoteQueue:
    """The API side of the Postgres deployment: the store hands each job to the queue in the
    transaction that creates it, and `chorus worker` processes run them. Nothing runs here."""

    owner = "api"
    active = 0

    def enqueued(self, job: Job) -> None:
        return None

    async def start(self) -> int:
        return 0

    async def drain(self) -> None:
        return None


@dataclass(frozen=True)
class Submission:
    """A submitted request: its job (finished, when the request waited and it finished in
    time), whether it replayed an earlier request, whether it answers 202."""

    job: Job
    engine: EngineName
    run_async: bool
    replayed: bool = False


class JobService:
    def __init__(
        self,
        store: Store,
        dispatch: Dispatch,
        summarizer: Summarizer,
        *,
        async_threshold: int,
        sync_wait_s: float,
    ) -> None:
        self.store = store
        self.dispatch = dispatch
        self.summarizer = summarizer
        self.async_threshold = async_threshold
        self.sync_wait_s = sync_wait_s

    async def submit(
        self,
        cluster: Cluster,
        options: SummaryOptions,
        *,
        principal: str,
        idempotency_key: str | None = None,
        prefer_async: bool = False,
    ) -> Submission:
        admitted = self.summarizer.admit(cluster, options)
        options = admitted.options
        run_async = prefer_async or len(cluster.articles) >= self.async_threshold
        job, created = await self.store.create_job(
            cluster,
            options,
            principal=principal,
            priority=0 if run_async else SYNC_PRIORITY,
            idempotency_key=f"{principal}|{idempotency_key}" if idempotency_key else None,
            request_hash=request_hash(cluster, options) if idempotency_key else None,
        )  # raises IdempotencyConflict for a reused key with another body
        if created:
            self.dispatch.enqueued(job)
        elif job.status == "failed" and job.error is not None and job.error.status >= 500:
            # A transient failure was never billed to completion: run it again.
            requeued = await self.store.requeue_job(job.id)
            if requeued is not None:
                job = requeued
                self.dispatch.enqueued(job)
        if run_async or job.status not in PENDING:
            return Submission(job, admitted.engine, run_async, replayed=not created)
        waited = await self.store.wait_job(job.id, self.sync_wait_s) or job
        return Submission(waited, admitted.engine, waited.status in PENDING, replayed=not created)


__all__ = ["Dispatch", "JobService", "RemoteQueue", "Submission", "request_hash"]
