"""Run summary jobs: `execute` (one job, used by every runner) and `LocalRunner`, the embedded
queue's worker inside `chorus serve` (the SQLite default).

Every job is persisted as `queued` before anything runs it. A runner *starts* a job when it
has a free slot (`job_concurrency`): only then does the job count an attempt. A killed process
leaves its running jobs behind; any process on the file queues them again once their owner is
gone (a dead pid on this host, or an expired lease). A graceful shutdown gives running jobs
back at once (queued, the interrupted start not counted). A job fails only for a real error,
or after `job_max_attempts` real starts that never finished (it keeps killing its process).
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

from chorus.errors import ChorusError, JobTimeout, error_info
from chorus.jobs.events import EventRecord
from chorus.jobs.local_events import LocalEvents
from chorus.jobs.owners import new_owner_id
from chorus.jobs.store import Job, Purged, Store
from chorus.llm.timing import measure_llm
from chorus.models import SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import JobSettings

log = logging.getLogger("chorus.jobs")


@dataclass(frozen=True)
class Outcome:
    """A job after a run, with where its time went (for the job's log line)."""

    job: Job
    run_ms: float = 0.0  # pipeline + LLM + writing the result
    llm_ms: float | None = None  # summed LLM call time, when the client is timed


async def _summarize_within(
    summarizer: Summarizer, job: Job, timeout_s: float, events: EventRecord | None = None
) -> Job | None:
    """Run the pipeline, bounded by `timeout_s`; under `auto` a run that times out falls back
    to the extractive engine (a hanging provider cannot hold a job forever)."""
    try:
        async with asyncio.timeout(timeout_s):
            return job.model_copy(
                update={
                    "summary": await summarizer.summarize(job.cluster, job.options, events=events)
                }
            )
    except TimeoutError:
        if job.options.engine != "auto" or summarizer.resolve_engine("auto") != "llm":
            raise JobTimeout(f"the job ran past its limit of {timeout_s:g} s") from None
    log.warning("job_timeout_fallback", extra={"job_id": job.id, "timeout_s": timeout_s})
    options = SummaryOptions.model_validate({**job.options.model_dump(), "engine": "extractive"})
    summary = await summarizer.summarize(job.cluster, options)
    note = (
        f"the LLM did not finish within the job's limit of {timeout_s:g} s; this summary was "
        "produced by the extractive engine instead"
    )
    summary = summary.model_copy(update={"warnings": [note, *summary.warnings]})
    return job.model_copy(update={"summary": summary})


async def execute(
    store: Store,
    summarizer: Summarizer,
    job: Job,
    timeout_s: float,
    events: EventRecord | None = None,
) -> Outcome:
    """Run a started job to its end and record the result; `events` (when given) hears its
    progress and sentences, all written before the result. Cancellation (shutdown) is passed
    on: the caller gives the job back."""
    began = time.perf_counter()
    llm_seconds = measure_llm()  # this task's own context: per job
    try:
        try:
            ran = await _summarize_within(summarizer, job, timeout_s, events)
        finally:
            if events is not None:
                await events.settle()
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        if not isinstance(exc, ChorusError):
            log.error(
                "job_crashed", extra={"job_id": job.id, "error": type(exc).__name__}, exc_info=exc
            )
        done = await store.fail_job(job.id, error_info(exc))
    else:
        assert ran is not None and ran.summary is not None
        done = await store.finish_job(job.id, ran.summary)
    outcome = Outcome(
        done,
        run_ms=round((time.perf_counter() - began) * 1000, 2),
        llm_ms=round(llm_seconds[0] * 1000, 2) if summarizer.llm is not None else None,
    )
    log_finished(outcome)
    return outcome


def log_finished(outcome: Outcome) -> None:
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


async def purge_expired(store: Store, settings: JobSettings) -> Purged:
    now = datetime.now(UTC)
    purged = await store.purge(
        now - timedelta(seconds=settings.job_retention_s),
        now - timedelta(seconds=settings.idempotency_ttl_s),
    )
    if purged.jobs or purged.idempotency_keys:
        log.info("jobs_purged", extra=purged.model_dump())
    return purged


@runtime_checkable
class LocalQueue(Store, Protocol):
    """A store that is also the queue (SQLite): the runner takes jobs from it directly."""

    async def next_job(self, owner: str, lease_s: float, max_attempts: int) -> Job | None: ...

    async def renew_leases(self, owner: str, lease_s: float) -> int: ...

    async def reclaim_orphans(self, me: str) -> int: ...


class LocalRunner:
    """Up to `job_concurrency` jobs at once in this process, taken from the store's queue."""

    def __init__(self, store: LocalQueue, summarizer: Summarizer, settings: JobSettings) -> None:
        self.store = store
        self.summarizer = summarizer
        self.settings = settings
        self.owner = new_owner_id()
        self._tasks: dict[str, asyncio.Task[Outcome]] = {}
        self._wake = asyncio.Event()
        self._loops: list[asyncio.Task[None]] = []
        self._closing = False
        self.events = LocalEvents()  # the jobs a streamed request of this process follows

    @property
    def active(self) -> int:
        return len(self._tasks)

    def task_for(self, job_id: str) -> asyncio.Task[Outcome] | None:
        return self._tasks.get(job_id)

    def enqueued(self, job: Job) -> None:
        """A job was queued (by this process): look for work now rather than at the next poll."""
        self._wake.set()

    async def start(self) -> int:
        """Queue again what a dead process left running; then run the queue in the background."""
        reclaimed = await self.store.reclaim_orphans(self.owner)
        self._loops = [
            asyncio.create_task(self._dispatch(), name="chorus-job-dispatch"),
            asyncio.create_task(self._beat(), name="chorus-job-heartbeat"),
        ]
        return reclaimed

    async def _dispatch(self) -> None:
        s = self.settings
        while not self._closing:
            self._wake.clear()
            try:
                while len(self._tasks) < s.job_concurrency and not self._closing:
                    job = await self.store.next_job(self.owner, s.job_lease_s, s.job_max_attempts)
                    if job is None:
                        break
                    if job.status == "running":
                        self._spawn(job)
            except Exception as exc:  # a busy or broken database: try again at the next poll
                log.warning("job_dispatch_failed", extra={"error": type(exc).__name__})
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), s.job_poll_s)

    def _spawn(self, job: Job) -> None:
        task = asyncio.create_task(self._run(job), name=f"job-{job.id}")
        self._tasks[job.id] = task

        def done(_t: asyncio.Task[Outcome]) -> None:
            self._tasks.pop(job.id, None)
            self._wake.set()  # a slot is free

        task.add_done_callback(done)

    async def _run(self, job: Job) -> Outcome:
        final = False  # whether this run settled the job (else it goes back to the queue)
        try:
            timeout_s = self.settings.job_timeout_s
            outcome = await execute(
                self.store, self.summarizer, job, timeout_s, self.events.recorder(job.id)
            )
            final = True
            return outcome
        except asyncio.CancelledError:
            with suppress(Exception):
                await asyncio.shield(self.store.release_job(job.id))
            log.info("job_released", extra={"job_id": job.id})
            raise
        except Exception as exc:  # the result could not be recorded: queue the job again
            log.error("job_store_failed", extra={"job_id": job.id}, exc_info=exc)
            with suppress(Exception):
                await self.store.release_job(job.id)
            return Outcome(job)
        finally:
            self.events.finished(job.id, final=final)

    async def _beat(self) -> None:
        s = self.settings
        last_purge = float("-inf")
        while not self._closing:
            await asyncio.sleep(min(s.job_lease_s / 3, s.job_purge_interval_s))
            try:
                await self.store.renew_leases(self.owner, s.job_lease_s)
                if await self.store.reclaim_orphans(self.owner):
                    self._wake.set()
                if time.monotonic() - last_purge >= s.job_purge_interval_s:
                    last_purge = time.monotonic()
                    await purge_expired(self.store, s)
            except Exception as exc:  # keep beating; the next round may succeed
                log.warning("job_heartbeat_failed", extra={"error": type(exc).__name__})

    async def drain(self) -> None:
        """Shutdown: stop taking jobs, and give the running ones back to the queue at once."""
        self._closing = True
        self._wake.set()
        for loop_task in self._loops:
            loop_task.cancel()
        await asyncio.gather(*self._loops, return_exceptions=True)
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if tasks:
            log.warning("jobs_requeued_at_shutdown", extra={"jobs": len(tasks)})


__all__ = ["LocalQueue", "LocalRunner", "Outcome", "execute", "log_finished", "purge_expired"]
