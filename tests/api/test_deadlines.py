"""Deadlines and replays across processes: a sync request waits at most CHORUS_SYNC_WAIT_S
(then 202 + Location, and the job goes on); a job's run time is bounded by
CHORUS_JOB_TIMEOUT_S (under `auto` it falls back to the extractive engine); a replay that
lands on another process waits for the job like one on the same process; retention purges."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import respx

from chorus.api.app import create_app
from chorus.jobs.runner import purge_expired
from chorus.jobs.sqlite import SQLiteStore
from chorus.models import Summary, SummaryOptions
from chorus.settings import JobSettings
from tests.api.conftest import FAITHFUL, MakeSettings, ReplaySpy, job_done, running
from tests.conftest import chat_json


async def test_sync_request_past_its_wait_gets_202_and_the_job_finishes(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    release = asyncio.Event()

    async def slow(request: httpx.Request) -> httpx.Response:
        await release.wait()
        return httpx.Response(200, json=chat_json(FAITHFUL))

    llm_mock.post("/chat/completions").mock(side_effect=slow)
    app = create_app(make_settings(llm=True, sync_wait_s=0.2))
    async with running(app) as client:
        r = await client.post("/v1/summaries", json=seed_body)
        assert r.status_code == 202 and r.headers["location"] == f"/v1/summaries/{r.json()['id']}"
        release.set()
        job = await job_done(app, r.json()["id"])
    assert job.status == "done" and job.summary is not None and job.summary.engine == "llm"


async def test_a_hanging_llm_is_cut_at_the_job_timeout_and_auto_falls_back(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    never = asyncio.Event()

    async def hang(request: httpx.Request) -> httpx.Response:
        await never.wait()
        raise AssertionError("unreachable")

    llm_mock.post("/chat/completions").mock(side_effect=hang)
    app = create_app(make_settings(llm=True, job_timeout_s=0.3))
    async with running(app) as client:
        auto = await client.post("/v1/summaries", json=seed_body)
        insisted = await client.post("/v1/summaries", json=seed_body, params={"engine": "llm"})
    assert auto.status_code == 200 and auto.json()["engine"] == "extractive"
    assert any("limit of 0.3 s" in w for w in auto.json()["warnings"])
    assert insisted.status_code == 504 and insisted.json()["code"] == "job_timeout"


async def test_a_replay_on_another_process_waits_for_the_job(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    release, called = asyncio.Event(), asyncio.Event()
    calls = 0

    async def slow(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        called.set()
        await release.wait()
        return httpx.Response(200, json=chat_json(FAITHFUL))

    llm_mock.post("/chat/completions").mock(side_effect=slow)
    settings = make_settings(llm=True, job_poll_s=0.05)
    store_two = ReplaySpy(settings.db_path, poll_s=0.05)
    one, two = create_app(settings), create_app(settings, store=store_two)  # two processes
    headers = {"Idempotency-Key": "same"}
    async with store_two, running(one) as c1, running(two) as c2:
        first = asyncio.create_task(c1.post("/v1/summaries", json=seed_body, headers=headers))
        await called.wait()
        second = asyncio.create_task(c2.post("/v1/summaries", json=seed_body, headers=headers))
        await store_two.replayed.wait()
        release.set()
        a, b = await first, await second
    assert a.status_code == b.status_code == 200 and calls == 1
    assert b.headers["idempotent-replayed"] == "true" and a.json() == b.json()


async def test_retention_purges_finished_jobs_older_than_the_setting(tmp_path: Any) -> None:
    from tests.jobs.test_stores import CLUSTER, summary_for

    clock_now = [datetime.now(UTC) - timedelta(days=2)]
    async with SQLiteStore(tmp_path / "r.db", clock=lambda: clock_now[0]) as store:
        old, _ = await store.create_job(CLUSTER, SummaryOptions())
        await store.finish_job(old.id, summary_for("c"))
        clock_now[0] = datetime.now(UTC)
        new, _ = await store.create_job(CLUSTER, SummaryOptions())
        await store.finish_job(new.id, Summary.model_validate(summary_for("c").model_dump()))
        purged = await purge_expired(store, JobSettings(job_retention_s=86400))
        left = [j.id for j in await store.list_jobs()]
    assert purged.jobs == 1 and left == [new.id]
