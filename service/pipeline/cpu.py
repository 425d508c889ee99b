"""CPU work off the event loop, in threads that outlive one loop.

`asyncio.to_thread` runs on the running loop's default executor. A server's loop lives as
long as the process, so its threads do too; but each `asyncio.run` (the synchronous Python
API, `chorus summarize`, a script summarizing clusters one by one) makes a new loop, whose
executor starts a thread for the first hop and joins it when the loop closes: about 1 ms per
summary on the 10-article bench cluster (`bench.bench_core`). The engines' CPU hops share one
process-wide pool instead. A process forked after using it gets a fresh pool: a forked child
has none of its parent's threads.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
WORKERS = min(32, (os.cpu_count() or 1) + 4)  # what asyncio's default executor would start


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="chorus-cpu")


if hasattr(os, "register_at_fork"):  # POSIX: a forked child starts with no pool threads
    os.register_at_fork(after_in_child=_pool.cache_clear)


async def run_cpu(fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` in a worker thread, with the caller's context variables (log fields), as
    `asyncio.to_thread` would."""
    loop = asyncio.get_running_loop()
    call = functools.partial(contextvars.copy_context().run, fn, *args)
    return await loop.run_in_executor(_pool(), call)


__all__ = ["run_cpu"]
