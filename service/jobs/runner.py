"""Run summary jobs in this process: asyncio tasks tracked by the app, drained on shutdown.

Every job is persisted before it runs (the API returns 202 only after that), so a job survives
a killed process: the next start claims it back (`resume`) and runs it again. While jobs run,
a heartbeat renews this process's leases and claims jobs whose owner has gone.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import suppress
from dataclasses import dataclass

from chorus.errors import ChorusError, error_info
from chorus.jobs.owners import new_owner_id
from chorus.jobs.store import Job, JobError, Store
from chorus.llm.timing import measure_llm
from chorus.pipeline.summarizer import Summarizer

log = logging.getLogger("chorus.jobs")

MAX_ATTEMPTS = 3  # a job that crashed the process this often is failed, not resumed again


@dataclass(frozen=True)
class Outcome:
    """A job after a run, with where its time went (for the request's log line)."""

    job: Job
    run_ms: float = 0.0  # pipeline + LLM + writing the result
    llm_ms: float | None = None  # summed LLM call time, when the client is timed


class JobRunner:
    def __init__(
        self,
        store: Store,
        summarizer: Summarizer,
        *,
        lease_s: float = 60.0,
        owner: str | None = None,
    ) -> None:
        self.store = store
        self.summarizer = summarizer
        self.lease_s = lease_s
        self.owner = owner or new_owner_id()
        self._tasks: dict[str, asyncio.Task[Outcome]] = {}
        self._heartbeat: asyncio.Task[None] | None = None
        self._closing = False

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> list[Job]:
        """Resume orphaned jobs now, then keep leases fresh in the background."""
        resumed = await self.resume()
        self._heartbeat = asyncio.create_task(self._beat(), name="chorus-job-heartbeat")
        return resumed

    async def resume(self) -> list[Job]:
        jobs = await self.store.claim_orphans(self.owner, self.lease_s)
        for job in jobs:
            log.info("job_resumed", extra={"job_id": job.id, "attempts": job.attempts})
            self.submit(job, background=True)
        return jobs

    async def _beat(self) -> None:
        interval = self.lease_s / 3
        while not self._closing:
            await asyncio.sleep(interval)
            try:
                await self.store.renew_leases(self.owner, self.lease_s)
                await self.resume()
            except Exception as exc:  # keep beating; the next round may succeed
                log.warning("job_heartbeat_failed", extra={"error": type(exc).__name__})

    async def drain(self, grace_s: float) -> None:
        """Let running jobs finish for up to `grace_s` s; the rest stay pending in the store."""
        self._closing = True
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            with suppress(asyncio.CancelledError):
                await self._heartbeat
        tasks = list(self._tasks.values())
        if not tasks:
            return
        _, pending = await asyncio.wait(tasks, timeout=grace_s)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        if pending:
            log.warning("jobs_left_pending", extra={"jobs": len(pending)})
            # Let any process take them over at once instead of waiting for the lease.
            with suppress(Exception):
                await self.store.renew_leases(self.owner, 0)

    # --- jobs -----------------------------------------------------------------------------

    @property
    def active(self) -> int:
        return len(self._tasks)

    def task_for(self, job_id: str) -> asyncio.Task[Outcome] | None:
        return self._tasks.get(job_id)

    def submit(
        self, job: Job, *, started: bool = False, background: bool = False
    ) -> asyncio.Task[Outcome]:
        """Run `job` (already persisted). `started`: the store already marked it running."""
        existing = self._tasks.get(job.id)
        if existing is not None:
            return existing
        task = asyncio.create_task(self._run(job, started, background), name=f"job-{job.id}")
        self._tasks[job.id] = task
        task.add_done_callback(lambda _t: self._tasks.pop(job.id, None))
        return task

    async def _run(self, job: Job, started: bool, background: bool) -> Outcome:
        if not started:
            if job.attempts >= MAX_ATTEMPTS:
                abandoned = await self.store.fail_job(
                    job.id,
                    JobError(
                        status=500,
                        code="job_abandoned",
                        title="Job abandoned",
                        detail=f"the job was interrupted {job.attempts} times; not retried again",
                    ),
                )
                return Outcome(abandoned)
            current = await self.store.start_job(job.id, self.owner, self.lease_s)
            if current is None:  # finished elsewhere meanwhile
                return Outcome(await self._current(job))
            job = current
        began = time.perf_counter()
        llm_seconds = measure_llm()  # this task's own context: per job
        try:
            summary = await self.summarizer.summarize(job.cluster, job.options)
        except asyncio.CancelledError:
            raise  # shutting down: the job stays pending and is resumed later
        except Exception as exc:
            error = error_info(exc)
            if not isinstance(exc, ChorusError):
                log.error(
                    "job_crashed",
                    extra={"job_id": job.id, "error": type(exc).__name__},
                    exc_info=exc,
                )
            done = await self.store.fail_job(job.id, error)
        else:
            done = await self.store.finish_job(job.id, summary)
        outcome = Outcome(
            done,
            run_ms=round((time.perf_counter() - began) * 1000, 2),
            llm_ms=round(llm_seconds[0] * 1000, 2) if self.summarizer.llm is not None else None,
        )
        if background:
            self._log_finished(outcome)
        return outcome

    async def _current(self, job: Job) -> Job:
        return await self.store.get_job(job.id) or job

    def _log_finished(self, outcome: Outcome) -> None:
        job = outcome.job
        extra: dict[str, object] = {
            "job_id": job.id,
            "status": job.status,
            "attempts": job.attempts,
            "run_ms": outcome.run_ms,
            "llm_ms": outcome.llm_ms,
        }
        if job.summary is not None:
            extra |= {
                "engine": job.summary.engine,
                "llm_calls": job.summary.usage.llm_calls,
                "prompt_tokens": job.summary.usage.prompt_tokens,
                "completion_tokens": job.summary.usage.completion_tokens,
            }
        if job.error is not None:
            extra["error_code"] = job.error.code
        log.info("job_finished", extra=extra)


__all__ = ["JobRunner", "Outcome"]
