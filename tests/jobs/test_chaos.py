"""Chaos, on both stores, with real processes and kill -9: 30 async jobs, three kills while
they run -> all 30 done, and no job billed more than once except calls in flight at a kill.

SQLite: the one `chorus serve` process is killed and restarted (then stopped with SIGTERM
once more, which must give its running jobs back at once). Postgres: two replicas and two
workers; each round kills one replica and one worker. The LLM is a local stub (0.3 s a call)
that counts calls per job.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import httpx
import pytest

from bench.cluster import CountingStub, Proc, base_env, job_cluster, server, worker

JOBS = 30
ROUNDS = 3


async def _submit(client: httpx.AsyncClient, urls: list[str]) -> None:
    for i in range(JOBS):
        r = await client.post(
            f"{urls[i % len(urls)]}/v1/summaries",
            json=job_cluster(i),
            headers={"Prefer": "respond-async", "Idempotency-Key": f"chaos-{i}"},
        )
        assert r.status_code == 202, r.text


async def _collect(client: httpx.AsyncClient, url: str) -> list[dict[str, object]]:
    """Replay every request synchronously: a replay waits for its job (CHORUS_SYNC_WAIT_S)."""
    views = []
    for i in range(JOBS):
        for _ in range(10):  # each replay waits up to 30 s on the server
            r = await client.post(
                f"{url}/v1/summaries",
                json=job_cluster(i),
                headers={"Idempotency-Key": f"chaos-{i}"},
            )
            if r.status_code != 202:
                break
        views.append({"status": r.status_code, "replayed": r.headers.get("idempotent-replayed")})
    return views


def _assert_no_loss_and_no_double_billing(
    views: list[dict[str, object]], stub: CountingStub, flying: Counter[str]
) -> None:
    assert [v["status"] for v in views] == [200] * JOBS
    assert all(v["replayed"] == "true" for v in views)
    for i in range(JOBS):
        mark = f"JOB-{i:06d}"
        assert 1 <= stub.calls[mark] <= 1 + flying[mark], (mark, stub.calls[mark], flying[mark])
    assert sum(flying.values()) > 0  # the kills really hit running jobs


async def test_sqlite_server_killed_three_times_loses_no_job(tmp_path: Path) -> None:
    stub = CountingStub(latency_s=0.3)
    stub.start()
    env = base_env(f"sqlite:///{tmp_path / 'chaos.sqlite3'}", stub.url, CHORUS_JOB_CONCURRENCY="4")
    proc, url = server(env, tmp_path / "serve.log")
    flying: Counter[str] = Counter()
    try:
        await asyncio.to_thread(proc.start)
        async with httpx.AsyncClient(timeout=60) as client:
            await _submit(client, [url])
            for round_ in range(1, ROUNDS + 1):
                await asyncio.to_thread(stub.wait_total, 4 * round_ + 2)
                proc.kill9()
                flying.update(stub.flying())
                await asyncio.to_thread(proc.start)
            # and a graceful stop: running jobs go back to the queue at once
            await asyncio.to_thread(stub.wait_total, 4 * ROUNDS + 6)
            flying.update(stub.flying())
            await asyncio.to_thread(proc.stop)
            await asyncio.to_thread(proc.start)
            views = await _collect(client, url)
    finally:
        proc.stop()
        stub.stop()
    _assert_no_loss_and_no_double_billing(views, stub, flying)


async def test_postgres_replica_and_worker_killed_three_times_lose_no_job(
    tmp_path: Path, db_url: str
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the SQLite deployment is one process: the test above")
    stub = CountingStub(latency_s=0.3)
    stub.start()
    env = base_env(
        db_url, stub.url, CHORUS_JOB_CONCURRENCY="4", CHORUS_JOB_LEASE_S="3",
        CHORUS_JOB_POLL_S="0.5",
    )  # fmt: skip
    replicas = [server(env, tmp_path / f"serve-{n}.log") for n in range(2)]
    workers = [worker(env, tmp_path / f"worker-{n}.log") for n in range(2)]
    procs: list[Proc] = [p for p, _ in replicas] + workers
    flying: Counter[str] = Counter()
    try:
        for p in procs:
            await asyncio.to_thread(p.start)
        urls = [u for _, u in replicas]
        async with httpx.AsyncClient(timeout=60) as client:
            await _submit(client, urls)
            for round_ in range(1, ROUNDS + 1):
                await asyncio.to_thread(stub.wait_total, 6 * round_ + 2)
                victim_api, victim_worker = replicas[round_ % 2][0], workers[round_ % 2]
                victim_api.kill9()
                victim_worker.kill9()
                flying.update(stub.flying())
                await asyncio.to_thread(victim_api.start)
                await asyncio.to_thread(victim_worker.start)
            views = await _collect(client, urls[0])
    finally:
        for p in procs:
            p.stop()
        stub.stop()
    _assert_no_loss_and_no_double_billing(views, stub, flying)
