"""Time spent in LLM calls, per job, without touching the client itself.

`TimedLLMClient` adds each `complete` call's duration to the accumulator of the current
context; the job runner opens one accumulator per job (`measure_llm()`), and tasks the
pipeline spawns (parallel map calls) inherit it. The figure is the sum of call durations
(SDK + HTTP round trip), so with parallel calls it can exceed the wall time.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from typing import Any

from chorus.llm.client import Completion, LLMClient

_llm_seconds: ContextVar[list[float] | None] = ContextVar("chorus_llm_seconds", default=None)


def measure_llm() -> list[float]:
    """Start accounting in the current context; read the total (seconds) from `[0]`."""
    acc = [0.0]
    _llm_seconds.set(acc)
    return acc


class TimedLLMClient(LLMClient):
    async def complete(self, *args: Any, **kwargs: Any) -> Completion:
        started = time.perf_counter()
        try:
            return await super().complete(*args, **kwargs)
        finally:
            acc = _llm_seconds.get()
            if acc is not None:
                acc[0] += time.perf_counter() - started


__all__ = ["TimedLLMClient", "measure_llm"]
