"""`chorus worker`: run queued jobs from Postgres (procrastinate), `job_concurrency` at once.

The task starts the job in `chorus_jobs` (attempts + 1: a real start), runs it (bounded by
`job_timeout_s`), and records the result. On SIGTERM procrastinate cancels the running tasks
at once; each gives its job back (queued, the start not counted) and procrastinate queues it
again. Besides the jobs, every worker looks for jobs of workers that stopped beating (killed)
and queues them again, and purges expired jobs (retention).
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import suppress
from typing import Any

from chorus.jobs import queue
from chorus.jobs.owners import new_owner_id
from chorus.jobs.postgres import PostgresStore
from chorus.jobs.postgres_events import recorder_for
from chorus.jobs.runner import execute, purge_expired
from chorus.jobs.store import ABANDONED
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import JobSettings

log = logging.getLogger("chorus.worker")


class Worker:
    def __init__(self, store: PostgresStore, summarizer: Summarizer, settings: JobSettings) -> None:
        self.store = store
        self.summarizer = summarizer
        self.settings = settings
        self.owner = new_owner_id()
        self.app = queue.build_app(store.url, min_size=1, max_size=settings.job_concurrency + 2)
        self.app.task(
            name=queue.TASK, queue=queue.QUEUE, retry=queue.ShutdownRetry(), pass_context=False
        )(self.run_job)

    @property
    def heartbeat_s(self) -> float:
        return max(0.5, self.settings.job_lease_s / 6)

    async def run_job(self, job_id: str) -> None:
        """The procrastinate task: one chorus job, start to end."""
        s = self.settings
        current = await self.store.get_job(job_id)
        if current is None or current.status not in ("queued", "running"):
            return  # finished (a duplicate delivery) or purged
        if current.attempts >= s.job_max_attempts:
            await self.store.fail_job(job_id, ABANDONED)
            return
        job = await self.store.start_job(job_id, self.owner, s.job_lease_s)
        if job is None:
            return
        try:
            # A streamed request's job: its events go to the store, for the replica streaming it.
            events = await recorder_for(self.store, job_id)
            await execute(self.store, self.summarizer, job, s.job_timeout_s, events)
        except asyncio.CancelledError:
            with suppress(Exception):
                await asyncio.shield(self.store.release_job(job_id))
            log.info("job_released", extra={"job_id": job_id})
            raise

    async def _housekeeping(self) -> None:
        """Queue again the jobs of killed workers; purge expired jobs now and then."""
        s = self.settings
        manager = self.app.job_manager
        last_purge = float("-inf")
        while True:
            await asyncio.sleep(self.heartbeat_s)
            try:
                stalled = await manager.get_stalled_jobs(
                    queue=queue.QUEUE, seconds_since_heartbeat=s.job_lease_s
                )
                for stalled_job in stalled:
                    log.info("job_stalled_requeued", extra={"queue_job": stalled_job.id})
                    await manager.retry_job(stalled_job)
                await manager.prune_stalled_workers(s.job_lease_s)
                if time.monotonic() - last_purge >= s.job_purge_interval_s:
                    last_purge = time.monotonic()
                    await purge_expired(self.store, s)
            except Exception as exc:  # the database may be restarting: try again
                log.warning("worker_housekeeping_failed", extra={"error": type(exc).__name__})

    async def run(self, *, install_signal_handlers: bool = True) -> None:
        await self.store.open()
        async with self.app.open_async():
            side = asyncio.create_task(self._housekeeping(), name="chorus-worker-housekeeping")
            log.info(
                "worker_started",
                extra={"owner": self.owner, "concurrency": self.settings.job_concurrency},
            )
            try:
                options: dict[str, Any] = {
                    "queues": [queue.QUEUE],
                    "concurrency": self.settings.job_concurrency,
                    "name": self.owner,
                    "shutdown_graceful_timeout": 0,  # give jobs back at once
                    "delete_jobs": "always",
                    "install_signal_handlers": install_signal_handlers,
                    "update_heartbeat_interval": self.heartbeat_s,
                    "stalled_worker_timeout": self.settings.job_lease_s,
                    "fetch_job_polling_interval": max(self.settings.job_poll_s, 1.0),
                }
                await self.app.run_worker_async(**options)
            finally:
                side.cancel()
                with suppress(asyncio.CancelledError):
                    await side


__all__ = ["Worker"]
