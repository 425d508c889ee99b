"""`POST /v1/summaries` with `Accept: text/event-stream`: the pipeline's events as SSE.

Events (each `data:` is JSON, `event:` its type): `progress` (map calls done, reduce started),
`sentence` (each verified sentence as soon as the model has finished it), then exactly one of
`summary` (the final Summary: authoritative, with every repair and trim applied) or `error`
(a problem+json body). A bad request is refused with a 4xx before the stream starts. The stream
runs in this process (no stored job); a client that disconnects stops the work.

With Postgres (API replicas + `chorus worker`s) the request becomes a stored job like any
other (idempotency keys and tenancy apply; a client that disconnects leaves it running, and
its result stays readable at `/v1/summaries/{id}`): a worker runs it and appends its events
to the store, and this replica follows them (jobs/postgres_events.py). The stream then opens
with a `job` event (`{"id": …, "status": …}`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from sse_starlette import EventSourceResponse, ServerSentEvent

from chorus.api.http import accept_weights
from chorus.jobs.service import JobService
from chorus.jobs.store import Store
from chorus.models import Cluster, SummaryOptions
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


async def job_stream_response(
    jobs: JobService,
    store: Store,
    cluster: Cluster,
    options: SummaryOptions,
    principal: str,
    idempotency_key: str | None,
) -> EventSourceResponse:
    """Store the request as a job (4xx before the stream starts), then follow its events."""
    from chorus.jobs.postgres import PostgresStore
    from chorus.jobs.postgres_events import follow_job, mark_streamed

    assert isinstance(store, PostgresStore)
    sub = await jobs.submit(
        cluster, options, principal=principal, idempotency_key=idempotency_key, prefer_async=True
    )
    job = sub.job
    await mark_streamed(store, job.id)

    async def events() -> AsyncIterator[ServerSentEvent]:
        yield ServerSentEvent(data=json.dumps({"id": job.id, "status": job.status}), event="job")
        async for event in follow_job(store, job.id):
            yield ServerSentEvent(data=event.model_dump_json(), event=event.type)

    return EventSourceResponse(
        events(),
        ping=PING_S,
        headers={"Cache-Control": "no-store", "Location": f"/v1/summaries/{job.id}"},
    )


__all__ = ["EVENT_STREAM", "job_stream_response", "stream_response", "wants_stream"]
