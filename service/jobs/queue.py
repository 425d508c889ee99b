"""The Postgres queue, on procrastinate (a maintained Postgres task queue): one task,
`chorus.run_job`, whose only argument is a job id in `chorus_jobs`.

The store defers the task in the same transaction that creates (or requeues) the job, so a job
is never stored without being queued. procrastinate delivers it to one worker (row locks,
LISTEN/NOTIFY), tracks worker heartbeats (a killed worker's jobs are found as stalled and
retried by the others), and retries a job a shutdown interrupted at once (`ShutdownRetry`).
"""

from __future__ import annotations

import asyncio
from typing import Any

import procrastinate
import psycopg
from procrastinate import exceptions
from procrastinate.jobs import Job as QueueJob
from procrastinate.retry import BaseRetryStrategy, RetryDecision

QUEUE = "chorus"
TASK = "chorus.run_job"


class ShutdownRetry(BaseRetryStrategy):
    """Run a job again at once when a worker's shutdown interrupted it, and a little later when
    the database failed under it (its result could not be recorded); never otherwise: a job's
    own failures are recorded in chorus_jobs, not raised to the queue."""

    def get_retry_decision(
        self, *, exception: BaseException, job: QueueJob
    ) -> RetryDecision | None:
        if isinstance(exception, asyncio.CancelledError | exceptions.JobAborted):
            return RetryDecision(retry_in={"seconds": 0})
        if isinstance(exception, psycopg.Error):
            return RetryDecision(retry_in={"seconds": 5})
        return None


def build_app(conninfo: str | None = None, **pool: Any) -> procrastinate.App:
    """The procrastinate app. Without `conninfo` it is only used to defer jobs on a connection
    the caller owns (the store's transaction); a worker opens it with the store's pool."""
    kwargs: dict[str, Any] = dict(pool)
    if conninfo is not None:
        kwargs["conninfo"] = conninfo
    return procrastinate.App(connector=procrastinate.PsycopgConnector(**kwargs))


async def defer(
    app: procrastinate.App, conn: psycopg.AsyncConnection[Any], job_id: str, priority: int
) -> None:
    """Queue `job_id` on `conn`, inside the caller's transaction."""
    job = QueueJob(
        id=None,
        queue=QUEUE,
        lock=None,
        queueing_lock=None,
        task_name=TASK,
        priority=priority,
        task_kwargs={"job_id": job_id},
    )
    await app.job_manager.defer_job_async(job, connection=conn)


__all__ = ["QUEUE", "TASK", "ShutdownRetry", "build_app", "defer"]
