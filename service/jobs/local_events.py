"""A job's streamed events inside one process: the SQLite deployment's counterpart of
`postgres_events`.

A streamed request that sends an `Idempotency-Key` becomes a stored job (the key's promise:
the same key is the same job, never run twice), which `LocalRunner` runs in this process.
`LocalEvents` is the hub between them: the request marks its job as streamed before the
runner can start it, the runner's recorder appends the job's events to the job's channel,
and `follow_local` relays them and ends with the job's stored result (its Summary or its
error). A replay of the key while the job runs follows the same channel from its first
event; a replay after it finished gets the final event only (the channel goes with the run).
A job another process on the same file runs streams its final event only. Nothing here
outlives the process: the stored job is what a client that reconnects reads.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import suppress

from chorus.jobs.events import final_event
from chorus.jobs.store import Store
from chorus.pipeline.events import Event


class _Channel:
    """One streamed job's events so far, and a bell rung at each one (and at the end)."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.run = 0  # which run of the job the events are from
        self.bell = asyncio.Event()

    def ring(self) -> None:
        self.bell.set()
        self.bell = asyncio.Event()  # followers wait on the bell they saw before reading


class _Recorder:
    """The pipeline's event sink for one run of a streamed job (jobs.runner.EventRecord)."""

    def __init__(self, channel: _Channel) -> None:
        self.channel = channel
        self.channel.events = []  # a run starts afresh: an interrupted attempt's go
        self.channel.run += 1
        self.channel.ring()

    def __call__(self, event: Event) -> None:
        self.channel.events.append(event)
        self.channel.ring()

    async def settle(self) -> None:
        return None  # appended as heard: nothing is in flight


class LocalEvents:
    """The streamed jobs of this process, by id."""

    def __init__(self) -> None:
        self._channels: dict[str, _Channel] = {}

    def mark(self, job_id: str) -> _Channel:
        """A streamed request follows this job (call before the runner can start it)."""
        return self._channels.setdefault(job_id, _Channel())

    def recorder(self, job_id: str) -> _Recorder | None:
        """The sink for a run of `job_id` when a stream follows it, else None."""
        channel = self._channels.get(job_id)
        return _Recorder(channel) if channel is not None else None

    def finished(self, job_id: str, *, final: bool) -> None:
        """A run ended: wake the followers (they read the result from the store). `final`:
        the job will not run again here, so its channel goes."""
        channel = self._channels.pop(job_id, None) if final else self._channels.get(job_id)
        if channel is not None:
            channel.ring()


async def follow_local(
    store: Store, hub: LocalEvents, job_id: str, poll_s: float, channel: _Channel | None
) -> AsyncIterator[Event]:
    """A job's events as its run appends them to `channel` (what `hub.mark` gave; None for a
    finished job), then its stored result. The store is read every `poll_s` too, for a job
    another process runs."""
    last, run = 0, channel.run if channel is not None else 0
    while True:
        bell = channel.bell if channel is not None else None
        job = await store.get_job(job_id)  # read before the events: none can be missed
        if channel is not None:
            if channel.run != run:
                last, run = 0, channel.run  # the job was started again: its events start afresh
            events = channel.events  # more may arrive while one is sent: read by index
            while last < len(events):
                last += 1
                yield events[last - 1]
        if job is None or job.status in ("done", "failed"):
            hub.finished(job_id, final=True)  # when another process ran it
            yield final_event(job)
            return
        if bell is None:
            await asyncio.sleep(poll_s)
        else:
            with suppress(TimeoutError):
                await asyncio.wait_for(bell.wait(), poll_s)


__all__ = ["LocalEvents", "follow_local"]
