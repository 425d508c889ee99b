"""The pipeline as an async iterator of events (`pipeline.events`): the Python API's and the
HTTP stream's source. The final event is the Summary, or an error."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from chorus.errors import ChorusError, error_info
from chorus.models import Cluster, SummaryOptions
from chorus.pipeline.events import ErrorEvent, Event, SummaryEvent
from chorus.pipeline.summarizer import Summarizer

log = logging.getLogger("chorus.stream")


async def stream_summary(
    summarizer: Summarizer, cluster: Cluster, options: SummaryOptions | None = None
) -> AsyncIterator[Event]:
    """Summarise `cluster`, yielding events as they happen; the last is the Summary (or an
    error). Call `summarizer.admit` first to refuse a bad request before streaming starts."""
    queue: asyncio.Queue[Event | None] = asyncio.Queue()

    async def run() -> None:
        try:
            summary = await summarizer.summarize(cluster, options, events=queue.put_nowait)
            queue.put_nowait(SummaryEvent(summary=summary))
        except ChorusError as exc:
            queue.put_nowait(ErrorEvent(error=exc.info()))
        except Exception as exc:
            log.exception("stream_failed", extra={"cluster": cluster.id})
            queue.put_nowait(ErrorEvent(error=error_info(exc)))
        finally:
            queue.put_nowait(None)

    task = asyncio.create_task(run())
    try:
        while (event := await queue.get()) is not None:
            yield event
    finally:
        if not task.done():  # the client went away: stop paying for calls
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


__all__ = ["stream_summary"]
