"""Idempotency-Key: same key + same body -> the same job and one LLM bill; else 409."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import respx

from chorus.api.app import create_app
from tests.api.conftest import FAITHFUL, MakeSettings, ReplaySpy, job_done, running
from tests.conftest import chat_json


async def test_replay_with_same_key_and_body_returns_the_same_job_and_bills_once(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    route = llm_mock.post("/chat/completions").mock(
        return_value=httpx.Response(200, json=chat_json(FAITHFUL))
    )
    headers = {"Idempotency-Key": "order-42"}
    async with running(create_app(make_settings(llm=True))) as client:
        first = await client.post("/v1/summaries", json=seed_body, headers=headers)
        again = await client.post("/v1/summaries", json=seed_body, headers=headers)
        listed = (await client.get("/v1/summaries")).json()["items"]
    assert first.status_code == again.status_code == 200
    assert route.call_count == 1
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert again.headers["content-location"] == first.headers["content-location"]
    assert again.json() == first.json()
    assert len(listed) == 1


async def test_same_key_with_a_different_body_is_409(
    make_settings: MakeSettings, seed_body: dict[str, Any]
) -> None:
    headers = {"Idempotency-Key": "order-42"}
    async with running(create_app(make_settings())) as client:
        first = await client.post("/v1/summaries", json=seed_body, headers=headers)
        changed = await client.post(
            "/v1/summaries", json={**seed_body, "id": "other"}, headers=headers
        )
        other_options = await client.post(
            "/v1/summaries", params={"max_words": 50}, json=seed_body, headers=headers
        )
    assert first.status_code == 200
    for r in (changed, other_options):
        assert r.status_code == 409, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["code"] == "conflict" and "Idempotency-Key" in r.json()["detail"]


async def test_concurrent_replays_wait_for_the_one_running_job(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    release = asyncio.Event()
    called = asyncio.Event()

    async def slow(request: httpx.Request) -> httpx.Response:
        called.set()
        await release.wait()
        return httpx.Response(200, json=chat_json(FAITHFUL))

    route = llm_mock.post("/chat/completions").mock(side_effect=slow)
    headers = {"Idempotency-Key": "same"}
    settings = make_settings(llm=True)
    store = ReplaySpy(settings.db_path)
    app = create_app(settings, store=store)
    async with store, running(app) as client:
        first = asyncio.create_task(client.post("/v1/summaries", json=seed_body, headers=headers))
        await called.wait()
        second = asyncio.create_task(client.post("/v1/summaries", json=seed_body, headers=headers))
        await store.replayed.wait()
        release.set()
        a, b = await first, await second
    assert a.status_code == b.status_code == 200
    assert b.headers["idempotent-replayed"] == "true"
    assert a.json() == b.json() and route.call_count == 1


async def test_async_replay_returns_the_same_job_id(
    make_settings: MakeSettings, seed_body: dict[str, Any]
) -> None:
    headers = {"Idempotency-Key": "job-1", "Prefer": "respond-async"}
    app = create_app(make_settings())
    async with running(app) as client:
        first = await client.post("/v1/summaries", json=seed_body, headers=headers)
        await job_done(app, first.json()["id"])
        again = await client.post("/v1/summaries", json=seed_body, headers=headers)
    assert first.status_code == again.status_code == 202
    assert again.json()["id"] == first.json()["id"] and again.json()["status"] == "done"


async def test_replay_after_a_transient_llm_failure_runs_the_job_again(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    route = llm_mock.post("/chat/completions").mock(
        side_effect=[
            httpx.Response(500, json={}),
            httpx.Response(500, json={}),
            httpx.Response(200, json=chat_json(FAITHFUL)),
        ]
    )
    headers = {"Idempotency-Key": "retry-me"}
    async with running(create_app(make_settings(llm=True))) as client:
        failed = await client.post(
            "/v1/summaries", params={"engine": "llm"}, json=seed_body, headers=headers
        )
        retried = await client.post(
            "/v1/summaries", params={"engine": "llm"}, json=seed_body, headers=headers
        )
    assert failed.status_code == 503
    assert retried.status_code == 200 and retried.json()["engine"] == "llm"
    assert route.call_count == 3
    assert retried.headers["content-location"] == failed.headers["content-location"]


async def test_idempotency_keys_are_scoped_to_the_api_key(
    make_settings: MakeSettings, seed_body: dict[str, Any]
) -> None:
    app = create_app(make_settings(api_keys="key-alice-123456,key-bob-654321"))
    async with running(app) as client:
        alice = await client.post(
            "/v1/summaries",
            json=seed_body,
            headers={"Authorization": "Bearer key-alice-123456", "Idempotency-Key": "k"},
        )
        bob = await client.post(
            "/v1/summaries",
            json={**seed_body, "id": "bobs"},
            headers={"Authorization": "Bearer key-bob-654321", "Idempotency-Key": "k"},
        )
    assert alice.status_code == bob.status_code == 200
    assert alice.headers["content-location"] != bob.headers["content-location"]
