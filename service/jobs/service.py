"""Requests -> jobs: what every caller of the job system does, in one place.

`JobService.submit` admits the request (defaults, limits, engine), stores it as a job (or
finds the job an earlier request with the same Idempotency-Key made), starts it, re-runs a
replayed job that failed transiently, and, for a synchronous request, waits for the result.
The HTTP route only reads the request and writes the response.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import dataclass

from chorus.jobs.runner import JobRunner, Outcome
from chorus.jobs.store import PENDING, Job, Store
from chorus.models import Cluster, EngineName, SummaryOptions
from chorus.pipeline.summarizer import Summarizer


def request_hash(cluster: Cluster, options: SummaryOptions) -> str:
    """What an Idempotency-Key is bound to: the cluster and the (filled-in) options."""
    canonical = json.dumps(
        {"cluster": cluster.model_dump(mode="json"), "options": options.model_dump(mode="json")},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Submission:
    """A submitted request: its job (finished, when the request waited), whether it replayed
    an earlier request, whether it runs in the background, and the run's timings."""

    job: Job
    engine: EngineName
    run_async: bool
    replayed: bool = False
    outcome: Outcome | None = None


class JobService:
    def __init__(
        self, store: Store, runner: JobRunner, summarizer: Summarizer, *, async_threshold: int
    ) -> None:
        self.store = store
        self.runner = runner
        self.summarizer = summarizer
        self.async_threshold = async_threshold

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
        runner = self.runner
        job, created = await self.store.create_job(
            cluster,
            options,
            owner=runner.owner,
            lease_s=runner.lease_s,
            start=not run_async,
            idempotency_key=f"{principal}|{idempotency_key}" if idempotency_key else None,
            request_hash=request_hash(cluster, options) if idempotency_key else None,
        )  # raises IdempotencyConflict for a reused key with another body
        task = None
        if created:
            task = runner.submit(job, started=not run_async, background=run_async)
        elif job.status == "failed" and job.error is not None and job.error.status >= 500:
            # A transient failure was never billed to completion: run it again.
            requeued = await self.store.requeue_job(job.id, runner.owner, runner.lease_s)
            if requeued is not None:
                job = requeued
                task = runner.submit(job, background=run_async)
        elif job.status in PENDING:
            task = runner.task_for(job.id)
        done = Submission(job, admitted.engine, run_async, replayed=not created)
        if run_async or job.status not in PENDING or task is None:
            return done
        outcome = await asyncio.shield(task)  # a client that hangs up does not cancel the job
        return Submission(outcome.job, admitted.engine, False, not created, outcome)


__all__ = ["JobService", "Submission", "request_hash"]
