"""A job's streamed events through Postgres: the worker running the job appends them, the
replica serving `POST /v1/summaries` with `Accept: text/event-stream` follows them.

The worker's `EventRecorder` is the pipeline's event sink: events are written in order by one
task (table `chorus_job_events`, migration 4) and each batch notifies `chorus_job_event` with
the job id; `settle()` waits for the last write, before the job is recorded as finished.
`follow_job` reads a job's events as they arrive (woken by the notification, or every
`poll_s`), and ends with the job's stored result: its Summary (authoritative) or its error.
Only jobs a streamed request created (`mark_streamed`, table `chorus_job_streams`) record
events, so other jobs keep their plain (non-streamed) LLM calls; a worker that started the job
before the mark landed records none, and the stream then carries the final event only.
Events go with their job when it is purged. Writing them is best effort: a failed write is
logged and the job goes on (the final Summary comes from the job row either way).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import suppress
from typing import Annotated

from pydantic import Field, TypeAdapter

from chorus.jobs.events import final_event
from chorus.jobs.postgres import EVENT_CHANNEL, PostgresStore
from chorus.pipeline.events import Event

log = logging.getLogger("chorus.jobs")

_EVENT: TypeAdapter[Event] = TypeAdapter(Annotated[Event, Field(discriminator="type")])
_BATCH = 64


async def append_events(store: PostgresStore, job_id: str, events: list[Event]) -> None:
    await store.open()
    async with store.pool.connection() as conn, conn.transaction():
        async with conn.cursor() as cur:
            await cur.executemany(
                "INSERT INTO chorus_job_events (job_id, event) VALUES (%s, %s)",
                [(job_id, e.model_dump_json()) for e in events],
            )
        await conn.execute("SELECT pg_notify(%s, %s)", (EVENT_CHANNEL, job_id))


async def read_events(store: PostgresStore, job_id: str, after: int = 0) -> list[tuple[int, Event]]:
    rows = await store._all(
        "SELECT seq, event FROM chorus_job_events WHERE job_id = %s AND seq > %s ORDER BY seq",
        (job_id, after),
    )
    return [(int(r["seq"]), _EVENT.validate_json(r["event"])) for r in rows]


async def mark_streamed(store: PostgresStore, job_id: str) -> None:
    """A streamed request follows this job: its runs record their events."""
    await store._all(
        "INSERT INTO chorus_job_streams (job_id) VALUES (%s) ON CONFLICT DO NOTHING", (job_id,)
    )


async def recorder_for(store: PostgresStore, job_id: str) -> EventRecorder | None:
    """The event sink of a job run on a worker, when a stream follows the job (best effort:
    a failed look-up runs the job without events)."""
    try:
        rows = await store._all("SELECT 1 FROM chorus_job_streams WHERE job_id = %s", (job_id,))
    except Exception as exc:
        log.warning("job_events_failed", extra={"job_id": job_id, "error": type(exc).__name__})
        return None
    return EventRecorder(store, job_id) if rows else None


class EventRecorder:
    """The pipeline's event sink for one job run on a worker (a sync callable)."""

    def __init__(self, store: PostgresStore, job_id: str) -> None:
        self.store = store
        self.job_id = job_id
        self._queue: asyncio.Queue[Event | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    def __call__(self, event: Event) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._write(), name=f"chorus-events-{self.job_id}")
        self._queue.put_nowait(event)

    async def _write(self) -> None:
        # A run starts afresh: the events of an earlier, interrupted attempt are dropped.
        with suppress(Exception):
            await self.store._all("DELETE FROM chorus_job_events WHERE job_id = %s", (self.job_id,))
        done = False
        while not done:
            batch: list[Event] = []
            item = await self._queue.get()
            while item is not None and len(batch) < _BATCH:
                batch.append(item)
                if self._queue.empty():
                    break
                item = self._queue.get_nowait()
            done = item is None
            if batch:
                try:
                    await append_events(self.store, self.job_id, batch)
                except Exception as exc:  # best effort: the job's result is what counts
                    log.warning(
                        "job_events_failed",
                        extra={"job_id": self.job_id, "error": type(exc).__name__},
                    )

    async def settle(self) -> None:
        """Wait until every event heard so far is written (call before finishing the job)."""
        if self._task is not None:
            self._queue.put_nowait(None)
            await self._task
            self._task = None


async def follow_job(store: PostgresStore, job_id: str) -> AsyncIterator[Event]:
    """A job's events as they are appended, then its result (a Summary or an error event)."""
    await store.listen()
    bell = store.bells.subscribe(job_id)
    last = 0
    try:
        while True:
            bell.clear()
            job = await store.get_job(job_id)  # read before the events: none can be missed
            for seq, event in await read_events(store, job_id, last):
                last = seq
                yield event
            if job is None or job.status in ("done", "failed"):
                yield final_event(job)
                return
            with suppress(TimeoutError):
                await asyncio.wait_for(bell.wait(), store.poll_s)
    finally:
        store.bells.unsubscribe(job_id, bell)


__all__ = [
    "EventRecorder",
    "append_events",
    "follow_job",
    "mark_streamed",
    "read_events",
    "recorder_for",
]
