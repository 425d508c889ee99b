"""`POST /v1/summaries` with `Accept: text/event-stream`: the pipeline's events as SSE.

Events (each `data:` is JSON, `event:` its type): `progress` (map calls done, reduce started),
`sentence` (each verified sentence as soon as the model has finished it), then exactly one of
`summary` (the final Summary: authoritative, with every repair and trim applied) or `error`
(a problem+json body). A bad request is refused with a 4xx before the stream starts. The stream
runs in this process (no stored job); a client that disconnects stops the work.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from sse_starlette import EventSourceResponse, ServerSentEvent

from chorus.models import Cluster, SummaryOptions
from chorus.pipeline.stream import stream_summary
from chorus.pipeline.summarizer import Summarizer

EVENT_STREAM = "text/event-stream"
PING_S = 15


def wants_stream(accept: str | None) -> bool:
    return accept is not None and EVENT_STREAM in accept.lower()


def stream_response(
    summarizer: Summarizer, cluster: Cluster, options: SummaryOptions
) -> EventSourceResponse:
    admitted = summarizer.admit(cluster, options)  # 4xx now, before any byte is streamed

    async def events() -> AsyncIterator[ServerSentEvent]:
        async for event in stream_summary(summarizer, cluster, admitted.options):
            yield ServerSentEvent(data=event.model_dump_json(), event=event.type)

    return EventSourceResponse(events(), ping=PING_S, headers={"Cache-Control": "no-store"})


__all__ = ["EVENT_STREAM", "stream_response", "wants_stream"]
