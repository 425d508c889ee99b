"""Waiting for a job to finish: woken at once by this process, polled for the others.

A store calls `wake(job_id)` after it records a job as finished; `wait` also re-reads the job
every `poll_s` seconds, which is how a waiter learns about a job another process (a sibling
uvicorn worker, a `chorus worker`) finished.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import suppress

from chorus.jobs.store import PENDING, Job


class Waiters:
    def __init__(self) -> None:
        self._events: dict[str, tuple[asyncio.Event, int]] = {}

    def wake(self, job_id: str) -> None:
        entry = self._events.get(job_id)
        if entry is not None:
            entry[0].set()

    async def wait(
        self,
        job_id: str,
        timeout_s: float,
        poll_s: float,
        read: Callable[[str], Awaitable[Job | None]],
    ) -> Job | None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        event, count = self._events.get(job_id, (asyncio.Event(), 0))
        self._events[job_id] = (event, count + 1)
        try:
            while True:
                event.clear()
                job = await read(job_id)
                remaining = deadline - loop.time()
                if job is None or job.status not in PENDING or remaining <= 0:
                    return job
                with suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), min(remaining, poll_s))
        finally:
            event, count = self._events[job_id]
            if count <= 1:
                del self._events[job_id]
            else:
                self._events[job_id] = (event, count - 1)


class Bells:
    """One asyncio.Event per listener of a job: `ring(job_id)` sets them all (news arrived)."""

    def __init__(self) -> None:
        self._bells: dict[str, set[asyncio.Event]] = {}

    def subscribe(self, job_id: str) -> asyncio.Event:
        bell = asyncio.Event()
        self._bells.setdefault(job_id, set()).add(bell)
        return bell

    def unsubscribe(self, job_id: str, bell: asyncio.Event) -> None:
        bells = self._bells.get(job_id)
        if bells is not None:
            bells.discard(bell)
            if not bells:
                del self._bells[job_id]

    def ring(self, job_id: str) -> None:
        for bell in self._bells.get(job_id, ()):
            bell.set()


__all__ = ["Bells", "Waiters"]
