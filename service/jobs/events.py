"""What every job-event relay shares (`local_events` for SQLite, `postgres_events`): the sink
a run writes to, and the event that ends a followed job's stream."""

from __future__ import annotations

from typing import Protocol

from chorus.errors import error_info
from chorus.jobs.store import Job
from chorus.pipeline.events import ErrorEvent, Event, SummaryEvent


class EventRecord(Protocol):
    """Where a job's events go while it runs (`LocalEvents.recorder`, `EventRecorder`)."""

    def __call__(self, event: Event) -> None: ...

    async def settle(self) -> None: ...


def final_event(job: Job | None) -> Event:
    """A finished job's last event: its Summary (authoritative), else its error."""
    if job is None:
        return ErrorEvent(error=error_info(RuntimeError("the job was purged")))
    if job.status == "done" and job.summary is not None:
        return SummaryEvent(summary=job.summary)
    return ErrorEvent(error=job.error or error_info(RuntimeError("the job failed")))


__all__ = ["EventRecord", "final_event"]
