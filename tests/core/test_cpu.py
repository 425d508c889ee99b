"""CPU hops run in a process-wide pool that outlives each event loop (`chorus.pipeline.cpu`),
with the caller's context variables, and a forked child gets a pool of its own."""

from __future__ import annotations

import asyncio
import contextvars
import os
import threading

import pytest

from chorus.pipeline.cpu import run_cpu

REQUEST = contextvars.ContextVar("request", default="none")


def _where() -> tuple[str, str]:
    return threading.current_thread().name, REQUEST.get()


async def _hop() -> tuple[str, str]:
    REQUEST.set("r-1")
    return await run_cpu(_where)


def test_hops_from_two_event_loops_share_the_pools_threads_and_carry_the_context() -> None:
    first_thread, seen = asyncio.run(_hop())
    second_thread, _ = asyncio.run(_hop())
    assert first_thread.startswith("chorus-cpu") and seen == "r-1"
    assert second_thread.startswith("chorus-cpu")
    assert first_thread != threading.current_thread().name


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # 3.12+: fork with threads alive
def test_a_forked_child_gets_a_pool_of_its_own() -> None:
    asyncio.run(_hop())  # the parent's pool has a thread now
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: a hop must not wait for the parent's threads, which it lacks
        try:
            name, _ = asyncio.run(asyncio.wait_for(_hop(), timeout=5))
            os.write(write, name.encode())
        finally:
            os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    got = os.read(read, 100).decode()
    os.close(read)
    assert status == 0 and got.startswith("chorus-cpu")
