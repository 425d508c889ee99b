"""A killed or restarted server loses no job: a new app on the same SQLite file runs it."""

from __future__ import annotations

import asyncio
import os
import socket
from typing import Any

import httpx
import respx

from chorus.api.app import create_app
from chorus.jobs.sqlite import SQLiteStore
from chorus.models import Cluster, SummaryOptions
from tests.api.conftest import FAITHFUL, MakeSettings, job_done, running, services
from tests.conftest import chat_json


async def test_job_interrupted_by_shutdown_is_resumed_by_the_next_app(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    calls = 0
    first_call = asyncio.Event()
    never = asyncio.Event()

    async def llm(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:  # the first server dies while the LLM is still answering
            first_call.set()
            await never.wait()
        return httpx.Response(200, json=chat_json(FAITHFUL))

    llm_mock.post("/chat/completions").mock(side_effect=llm)
    settings = make_settings(llm=True)
    first = create_app(settings)
    async with running(first) as client:
        r = await client.post("/v1/summaries", json=seed_body, headers={"Prefer": "respond-async"})
        assert r.status_code == 202
        job_id = r.json()["id"]
        await first_call.wait()
    # The first app is gone (its task cancelled mid-call): the job was given back at once,
    # queued again, and the interrupted start is not counted against it.
    async with SQLiteStore(settings.db_path) as store:
        pending = await store.get_job(job_id)
    assert pending is not None and pending.status == "queued" and pending.attempts == 0

    second = create_app(settings)
    async with running(second) as client:
        job = await job_done(second, job_id)
        view = (await client.get(f"/v1/summaries/{job_id}")).json()
    assert job.status == "done" and job.attempts == 1
    assert view["status"] == "done" and view["summary"]["engine"] == "llm"
    assert calls == 2


async def test_running_job_left_by_a_dead_process_is_run_at_startup(
    make_settings: MakeSettings, seed_cluster: Cluster
) -> None:
    settings = make_settings()
    async with SQLiteStore(settings.db_path) as store:
        job, _ = await store.create_job(seed_cluster, SummaryOptions())
        await store.start_job(job.id, f"{socket.gethostname()}:999999999:dead", 3600)
    app = create_app(settings)
    async with running(app) as client:
        done = await job_done(app, job.id)
        view = (await client.get(f"/v1/summaries/{job.id}")).json()
    assert done.status == "done" and view["summary"]["cluster_id"] == seed_cluster.id
    assert done.attempts == 2  # the dead process really started it once


async def test_job_running_in_a_live_sibling_worker_is_not_taken_over(
    make_settings: MakeSettings, seed_cluster: Cluster
) -> None:
    settings = make_settings()
    sibling = f"{socket.gethostname()}:{os.getppid()}:abcd1234"  # a live process on this host
    async with SQLiteStore(settings.db_path) as store:
        job, _ = await store.create_job(seed_cluster, SummaryOptions())
        await store.start_job(job.id, sibling, 3600)
    app = create_app(settings)
    async with running(app):
        assert services(app).runner.active == 0
        still = await services(app).store.get_job(job.id)
    assert still is not None and still.status == "running" and still.owner == sibling


async def test_queued_jobs_never_count_an_attempt_across_restarts(
    make_settings: MakeSettings, seed_cluster: Cluster
) -> None:
    settings = make_settings(job_concurrency=1)
    async with SQLiteStore(settings.db_path) as store:
        jobs = [(await store.create_job(seed_cluster, SummaryOptions()))[0] for _ in range(5)]
    for _ in range(3):  # restart three times before anything could run
        app = create_app(settings)
        async with running(app):
            pass
    async with SQLiteStore(settings.db_path) as store:
        after = [await store.get_job(j.id) for j in jobs]
    assert all(j is not None and j.status in ("queued", "done") for j in after)
    assert all(j is not None and j.attempts <= 1 for j in after)
    app = create_app(settings)
    async with running(app):
        done = [await job_done(app, j.id) for j in jobs]
    assert [j.status for j in done] == ["done"] * 5 and all(j.attempts == 1 for j in done)
