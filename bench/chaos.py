"""The chaos procedure, shared by tests/jobs/test_chaos.py (which asserts) and
bench/bench_jobs.py (which prints): 30 async jobs, three kill -9 rounds while they run, then
every request replayed until its job is done.

SQLite: the one `chorus serve` is killed and restarted (then stopped once with SIGTERM).
Postgres: two replicas and two workers; each round kills one replica and one worker (then one
worker is stopped once with SIGTERM).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.cluster import CountingStub, Proc, base_env, job_cluster, server, worker

JOBS = 30
ROUNDS = 3
KILL_WINDOW_S = 1.0  # an answer this close before a kill may not have been stored yet


@dataclass
class ChaosResult:
    statuses: list[int] = field(default_factory=list)  # the final replay of each request
    replayed: list[bool] = field(default_factory=list)
    calls: Counter[str] = field(default_factory=Counter)  # LLM calls per job
    flying: Counter[str] = field(default_factory=Counter)  # calls in flight at a kill
    abandoned: Counter[str] = field(default_factory=Counter)  # calls whose client went away
    # calls answered just before a kill: billed, then lost with the killed process before it
    # could store them (the window between the answer and the commit)
    lost_answers: Counter[str] = field(default_factory=Counter)

    @property
    def done(self) -> int:
        return sum(s == 200 for s in self.statuses)

    @property
    def lost(self) -> int:
        return JOBS - self.done

    @property
    def double_billed(self) -> int:
        """Extra LLM calls beyond one per job."""
        return sum(max(0, self.calls[f"JOB-{i:06d}"] - 1) for i in range(JOBS))

    @property
    def over_billed(self) -> list[str]:
        """Jobs billed more than once plus the calls they lost to kills and stops: those in
        flight when a kill was observed, or (exact, race-free) those whose client went away,
        and those answered in the moment before a kill (billed, then lost with the process)."""
        marks = (f"JOB-{i:06d}" for i in range(JOBS))
        return [
            m
            for m in marks
            if self.calls[m] > 1 + max(self.flying[m], self.abandoned[m]) + self.lost_answers[m]
        ]


async def submit(client: httpx.AsyncClient, urls: list[str]) -> None:
    for i in range(JOBS):
        r = await client.post(
            f"{urls[i % len(urls)]}/v1/summaries",
            json=job_cluster(i),
            headers={"Prefer": "respond-async", "Idempotency-Key": f"chaos-{i}"},
        )
        if r.status_code != 202:
            raise RuntimeError(f"submit {i}: {r.status_code} {r.text[:200]}")


async def collect(client: httpx.AsyncClient, url: str, result: ChaosResult) -> None:
    """Replay every request synchronously: a replay waits for its job (CHORUS_SYNC_WAIT_S)."""
    for i in range(JOBS):
        for _ in range(10):  # each replay waits up to sync_wait_s on the server
            r = await client.post(
                f"{url}/v1/summaries",
                json=job_cluster(i),
                headers={"Idempotency-Key": f"chaos-{i}"},
            )
            if r.status_code != 202:
                break
        result.statuses.append(r.status_code)
        result.replayed.append(r.headers.get("idempotent-replayed") == "true")


async def chaos_sqlite(tmp: Path, latency_s: float = 0.3) -> ChaosResult:
    stub = CountingStub(latency_s)
    stub.start()
    env = base_env(f"sqlite:///{tmp / 'chaos.sqlite3'}", stub.url, CHORUS_JOB_CONCURRENCY="4")
    proc, url = server(env, tmp / "serve.log")
    result = ChaosResult()
    try:
        await asyncio.to_thread(proc.start)
        async with httpx.AsyncClient(timeout=60) as client:
            await submit(client, [url])
            for round_ in range(1, ROUNDS + 1):
                await asyncio.to_thread(stub.wait_total, 4 * round_ + 2)
                proc.kill9()
                result.flying.update(stub.flying())
                result.lost_answers.update(stub.answered_before(time.monotonic(), KILL_WINDOW_S))
                await asyncio.to_thread(proc.start)
            # and a graceful stop: running jobs go back to the queue at once
            await asyncio.to_thread(stub.wait_total, 4 * ROUNDS + 6)
            result.flying.update(stub.flying())
            await asyncio.to_thread(proc.stop)
            await asyncio.to_thread(proc.start)
            await collect(client, url, result)
    finally:
        proc.stop()
        stub.stop()
    result.calls = Counter(stub.calls)
    result.abandoned = Counter(stub.abandoned)
    return result


async def chaos_postgres(tmp: Path, database_url: str, latency_s: float = 0.3) -> ChaosResult:
    stub = CountingStub(latency_s)
    stub.start()
    env = base_env(
        database_url, stub.url, CHORUS_JOB_CONCURRENCY="4", CHORUS_JOB_LEASE_S="3",
        CHORUS_JOB_POLL_S="0.5",
    )  # fmt: skip
    replicas = [server(env, tmp / f"serve-{n}.log") for n in range(2)]
    workers = [worker(env, tmp / f"worker-{n}.log") for n in range(2)]
    procs: list[Proc] = [p for p, _ in replicas] + workers
    result = ChaosResult()
    try:
        for p in procs:
            await asyncio.to_thread(p.start)
        urls = [u for _, u in replicas]
        async with httpx.AsyncClient(timeout=60) as client:
            await submit(client, urls)
            for round_ in range(1, ROUNDS + 1):
                await asyncio.to_thread(stub.wait_total, 6 * round_ + 2)
                victim_api, victim_worker = replicas[round_ % 2][0], workers[round_ % 2]
                victim_api.kill9()
                victim_worker.kill9()
                result.flying.update(stub.flying())
                result.lost_answers.update(stub.answered_before(time.monotonic(), KILL_WINDOW_S))
                await asyncio.to_thread(victim_api.start)
                await asyncio.to_thread(victim_worker.start)
            # and a graceful stop of a worker: its running jobs go back to the queue at once
            await asyncio.to_thread(stub.wait_total, 6 * ROUNDS + 6)
            result.flying.update(stub.flying())
            await asyncio.to_thread(workers[0].stop)
            await asyncio.to_thread(workers[0].start)
            await collect(client, urls[0], result)
    finally:
        for p in procs:
            p.stop()
        stub.stop()
    result.calls = Counter(stub.calls)
    result.abandoned = Counter(stub.abandoned)
    return result


__all__ = ["JOBS", "ChaosResult", "chaos_postgres", "chaos_sqlite"]
