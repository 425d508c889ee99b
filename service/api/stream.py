"""`POST /v1/summaries` with `Accept: text/event-stream`: the pipeline's events as SSE.

Events (each `data:` is JSON, `event:` its type): `progress` (map calls done, reduce started),
`sentence` (each verified sentence as soon as the model has finished it), then exactly one of
`summary` (the final Summary: authoritative, with every repair and trim applied) or `error`
(a problem+json body). A bad request is refused with a 4xx before the stream starts.

Without an `Idempotency-Key`, on the SQLite default, the stream runs the pipeline in the
request (no stored job); a client that disconnects stops the work. Otherwise the request
becomes a stored job like any other (idempotency keys and tenancy apply; a client that
disconnects leaves it running, and its result stays readable at `/v1/summaries/{id}`), and the
stream opens with a `job` event (`{"id": …, "status": …}`) and follows it:
- SQLite (`LocalRelay`): this process's runner runs it and hands its events over in memory
  (jobs/local_events.py);
- Postgres (`PostgresRelay`, API replicas + `chorus worker`s): a worker runs it and appends
  its events to the store, and this replica follows them (jobs/postgres_events.py).
A replay of the key follows the same job: its events from the first when the job is still
running in this process, else its final event.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Protocol

from sse_starlette import EventSourceResponse, ServerSentEvent

from chorus.api.http import accept_weights
from chorus.jobs.local_events import follow_local
from chorus.jobs.runner import LocalRunner
from chorus.jobs.service import Dispatch, JobService, RemoteQueue
from chorus.jobs.store import PENDING, Job, Store
from chorus.models import Cluster, SummaryOptions
from chorus.pipeline.events import Event
from chorus.pipeline.stream import stream_summary
from chorus.pipeline.summarizer import Summarizer

EVENT_STREAM = "text/event-stream"
PING_S = 15


def wants_stream(accept: str | None) -> bool:
    """Accept names text/event-stream with a q above 0 (q=0 means 'not acceptable')."""
    return accept_weights(accept).get(EVENT_STREAM, 0.0) > 0


def stream_response(
    summarizer: Summarizer, cluster: Cluster, options: SummaryOptions
) -> EventSourceResponse:
    admitted = summarizer.admit(cluster, options)  # 4xx now, before any byte is streamed

    async def events() -> AsyncIterator[ServerSentEvent]:
        async for event in stream_summary(summarizer, cluster, admitted.options):
            yield ServerSentEvent(data=event.model_dump_json(), event=event.type)

    return EventSourceResponse(events(), ping=PING_S, headers={"Cache-Control": "no-store"})


class _Relay(Protocol):
    """How a stored job's events reach the replica streaming it."""

    async def follow(self, job: Job) -> AsyncIterator[Event]:
        """Mark `job` as streamed (before the runner can start it, on SQLite) and return its
        events; call right after the job was stored."""
        ...


class PostgresRelay:
    """Workers append the events to the database; this replica follows them."""

    def __init__(self, store: Store) -> None:
        from chorus.jobs.postgres import PostgresStore

        assert isinstance(store, PostgresStore)
        self.store = store

    async def follow(self, job: Job) -> AsyncIterator[Event]:
        from chorus.jobs.postgres_events import follow_job, mark_streamed

        # A worker that started the job before the mark lands records no events: the stream
        # then carries the final one only.
        await mark_streamed(self.store, job.id)
        return follow_job(self.store, job.id)


class LocalRelay:
    """SQLite: this process's runner runs the job and hands its events over in memory."""

    def __init__(self, store: Store, runner: LocalRunner) -> None:
        self.store = store
        self.runner = runner

    async def follow(self, job: Job) -> AsyncIterator[Event]:
        # Nothing was awaited since the job was stored, so the runner has not started it.
        hub = self.runner.events
        channel = hub.mark(job.id) if job.status in PENDING else None
        return follow_local(self.store, hub, job.id, self.runner.settings.job_poll_s, channel)


def stream_relay(runner: Dispatch, store: Store, idempotency_key: str | None) -> _Relay | None:
    """How a streamed request is followed as a stored job; None: it runs in the request."""
    if isinstance(runner, RemoteQueue):
        return PostgresRelay(store)
    if idempotency_key is not None and isinstance(runner, LocalRunner):
        return LocalRelay(store, runner)
    return None


async def job_stream_response(
    jobs: JobService,
    relay: _Relay,
    cluster: Cluster,
    options: SummaryOptions,
    principal: str,
    idempotency_key: str | None,
) -> EventSourceResponse:
    """Store the request as a job (4xx before the stream starts), then follow its events."""
    sub = await jobs.submit(
        cluster, options, principal=principal, idempotency_key=idempotency_key, prefer_async=True
    )
    job = sub.job
    followed = await relay.follow(job)

    async def events() -> AsyncIterator[ServerSentEvent]:
        yield ServerSentEvent(data=json.dumps({"id": job.id, "status": job.status}), event="job")
        async for event in followed:
            yield ServerSentEvent(data=event.model_dump_json(), event=event.type)

    headers = {"Cache-Control": "no-store", "Location": f"/v1/summaries/{job.id}"}
    if sub.replayed:
        headers["Idempotent-Replayed"] = "true"
    return EventSourceResponse(events(), ping=PING_S, headers=headers)
