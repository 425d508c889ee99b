"""A killed or restarted server loses no job: a new app on the same SQLite file resumes it."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import respx

from chorus.api.app import create_app
from chorus.jobs.owners import new_owner_id
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
    settings = make_settings(llm=True, shutdown_grace_s=0)
    first = create_app(settings)
    async with running(first) as client:
        r = await client.post("/v1/summaries", json=seed_body, headers={"Prefer": "respond-async"})
        assert r.status_code == 202
        job_id = r.json()["id"]
        await first_call.wait()
    # The first app is gone (its task cancelled mid-call); the job is still pending on disk.
    async with SQLiteStore(settings.db_path) as store:
        pending = await store.get_job(job_id)
    assert pending is not None and pending.status == "running" and pending.summary is None

    second = create_app(settings)
    async with running(second) as client:
        job = await job_done(second, job_id)
        view = (await client.get(f"/v1/summaries/{job_id}")).json()
    assert job.status == "done" and job.attempts == 2
    assert view["status"] == "done" and view["summary"]["engine"] == "llm"
    assert calls == 2


async def test_queued_job_left_by_a_dead_process_is_run_at_startup(
    make_settings: MakeSettings, seed_cluster: Cluster
) -> None:
    settings = make_settings()
    async with SQLiteStore(settings.db_path) as store:
        job, _ = await store.create_job(
            seed_cluster, SummaryOptions(), owner=new_owner_id(), lease_s=3600
        )
    app = create_app(settings)
    async with running(app) as client:
        done = await job_done(app, job.id)
        view = (await client.get(f"/v1/summaries/{job.id}")).json()
    assert done.status == "done" and view["summary"]["cluster_id"] == seed_cluster.id


async def test_job_held_by_a_live_sibling_worker_is_not_taken_over(
    make_settings: MakeSettings, seed_cluster: Cluster
) -> None:
    import os
    import socket

    settings = make_settings()
    sibling = f"{socket.gethostname()}:{os.getppid()}:abcd1234"  # a live process on this host
    async with SQLiteStore(settings.db_path) as store:
        job, _ = await store.create_job(seed_cluster, SummaryOptions(), owner=sibling, lease_s=3600)
    app = create_app(settings)
    async with running(app):
        assert services(app).runner.task_for(job.id) is None
        still = await services(app).store.get_job(job.id)
    assert still is not None and still.status == "queued" and still.owner == sibling


async def test_graceful_shutdown_lets_running_jobs_finish(
    make_settings: MakeSettings, seed_body: dict[str, Any]
) -> None:
    settings = make_settings()
    app = create_app(settings)
    async with running(app) as client:
        r = await client.post("/v1/summaries", json=seed_body, headers={"Prefer": "respond-async"})
    async with SQLiteStore(settings.db_path) as store:
        job = await store.get_job(r.json()["id"])
    assert job is not None and job.status == "done"
