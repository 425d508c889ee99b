"""The call cache lives in the jobs database: a restarted service re-pays no answered call."""

from __future__ import annotations

from typing import Any

import httpx
import respx

from chorus.api.app import create_app
from tests.api.conftest import MakeSettings, running
from tests.conftest import chat_json, structured

ANSWER = structured(
    "Blinken and Lavrov meet briefly at G20",
    [("Blinken and Lavrov spoke for about 10 minutes in New Delhi.", [1, 2])],
)


async def test_the_same_cluster_after_a_restart_is_answered_from_the_cache(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    route = llm_mock.post("/chat/completions").mock(
        return_value=httpx.Response(200, json=chat_json(ANSWER, prompt_tokens=900))
    )
    settings = make_settings(llm=True)
    async with running(create_app(settings)) as client:
        first = (await client.post("/v1/summaries", json=seed_body)).json()
    async with running(create_app(settings)) as client:  # a new process, same database
        again = (await client.post("/v1/summaries", json=seed_body)).json()
    assert route.call_count == 1
    assert first["usage"]["cache_misses"] == 1
    assert again["usage"] == {
        "llm_calls": 0, "prompt_tokens": 0, "completion_tokens": 0,
        "cache_hits": 1, "cache_misses": 0,
    }  # fmt: skip
    assert again["sentences"] == first["sentences"]


async def test_the_cache_can_be_turned_off(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    route = llm_mock.post("/chat/completions").mock(
        return_value=httpx.Response(200, json=chat_json(ANSWER))
    )
    async with running(create_app(make_settings(llm=True, llm_cache=False))) as client:
        await client.post("/v1/summaries", json=seed_body)
        await client.post("/v1/summaries", json=seed_body)
    assert route.call_count == 2
