"""100 concurrent requests: all succeed, and never more than llm_max_concurrency LLM calls."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import respx

from chorus.api.app import create_app
from tests.api.conftest import FAITHFUL, MakeSettings, running
from tests.conftest import chat_json

LIMIT = 4


async def test_hundred_concurrent_requests_respect_the_global_llm_bound(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    in_flight = 0
    peak = 0
    saturated = asyncio.Event()

    async def llm(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        try:
            if in_flight >= LIMIT:
                saturated.set()
            await saturated.wait()  # hold every call until the bound is reached
            for _ in range(5):  # then stay in flight a while, letting others pile in
                await asyncio.sleep(0)
            return httpx.Response(200, json=chat_json(FAITHFUL))
        finally:
            in_flight -= 1

    route = llm_mock.post("/chat/completions").mock(side_effect=llm)
    # No call cache: the 100 requests carry the same prompt, and the bound is what is measured.
    app = create_app(make_settings(llm=True, llm_max_concurrency=LIMIT, llm_cache=False))
    async with running(app) as client:
        responses = await asyncio.gather(
            *(client.post("/v1/summaries", json={**seed_body, "id": f"c{i}"}) for i in range(100))
        )
        listed = (await client.get("/v1/summaries", params={"limit": 100})).json()["items"]
    assert [r.status_code for r in responses] == [200] * 100
    assert {r.json()["cluster_id"] for r in responses} == {f"c{i}" for i in range(100)}
    assert all(r.json()["engine"] == "llm" and not r.json()["warnings"] for r in responses)
    assert route.call_count == 100
    assert peak == LIMIT
    assert len(listed) == 100 and all(j["status"] == "done" for j in listed)
