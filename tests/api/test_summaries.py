"""POST/GET /v1/summaries through the real ASGI app; the LLM is mocked by respx."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import respx

from chorus.api.app import create_app
from tests.api.conftest import FAITHFUL, MakeSettings, job_done, many_articles, running, services
from tests.conftest import chat_json


async def test_seed_cluster_returns_summary_with_valid_citations_from_the_llm(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    route = llm_mock.post("/chat/completions").mock(
        return_value=httpx.Response(200, json=chat_json(FAITHFUL, prompt_tokens=1500))
    )
    app = create_app(make_settings(llm=True))
    async with running(app) as client:
        r = await client.post("/v1/summaries", json=seed_body)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "application/json"
        body = r.json()
        assert body["engine"] == "llm" and route.call_count == 1
        assert body["usage"] == {
            "llm_calls": 1, "prompt_tokens": 1500, "completion_tokens": 50,
            "cache_hits": 0, "cache_misses": 1,
        }  # fmt: skip
        source_ns = {s["n"] for s in body["sources"]}
        assert source_ns == {1, 2}
        assert body["sentences"] and all(
            s["citations"] and set(s["citations"]) <= source_ns for s in body["sentences"]
        )
        assert "[1][2]" in body["markdown"]
        # The sync result is stored: the same summary is served from Content-Location.
        stored = await client.get(r.headers["content-location"])
        assert stored.json()["status"] == "done"
        assert stored.json()["summary"] == body


async def test_without_an_llm_the_embedded_extractive_engine_answers(
    make_settings: MakeSettings, seed_body: dict[str, Any]
) -> None:
    async with running(create_app(make_settings())) as client:
        r = await client.post("/v1/summaries", json=seed_body)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["engine"] == "extractive" and body["usage"]["llm_calls"] == 0
    assert all(s["citations"] for s in body["sentences"])


async def test_accept_markdown_returns_the_markdown_rendering(
    make_settings: MakeSettings, seed_body: dict[str, Any]
) -> None:
    async with running(create_app(make_settings())) as client:
        r = await client.post("/v1/summaries", json=seed_body, headers={"Accept": "text/markdown"})
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/markdown")
        assert r.text.startswith("## ") and "**Sources**" in r.text and "[1]" in r.text
        fetched = await client.get(
            r.headers["content-location"], headers={"Accept": "text/markdown;q=0.9, */*;q=0.1"}
        )
        assert fetched.text == r.text
        as_json = await client.post(
            "/v1/summaries",
            json=seed_body,
            headers={"Accept": "application/json, text/markdown;q=0.5"},
        )
        assert as_json.headers["content-type"] == "application/json"


async def test_options_come_from_query_parameters(
    make_settings: MakeSettings, seed_body: dict[str, Any]
) -> None:
    async with running(create_app(make_settings())) as client:
        r = await client.post(
            "/v1/summaries",
            params={"engine": "extractive", "style": "bullets", "max_words": 40},
            json=seed_body,
        )
        assert r.status_code == 200, r.text
        assert "\n- " in r.json()["markdown"]
        job = (await client.get(r.headers["content-location"])).json()
        assert job["options"] == {"engine": "extractive", "max_words": 40, "style": "bullets"}
        typo = await client.post("/v1/summaries", params={"max_wrods": 40}, json=seed_body)
        assert typo.status_code == 422
        assert typo.json()["errors"][0]["loc"] == ["query", "max_wrods"]


async def test_default_max_words_comes_from_settings(
    make_settings: MakeSettings, seed_body: dict[str, Any]
) -> None:
    async with running(create_app(make_settings(default_max_words=30))) as client:
        r = await client.post("/v1/summaries", json=seed_body)
        job = (await client.get(r.headers["content-location"])).json()
    assert job["options"]["max_words"] == 30


async def test_respond_async_job_goes_queued_running_done(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    release = asyncio.Event()
    llm_called = asyncio.Event()

    async def slow_llm(request: httpx.Request) -> httpx.Response:
        llm_called.set()
        await release.wait()
        return httpx.Response(200, json=chat_json(FAITHFUL))

    llm_mock.post("/chat/completions").mock(side_effect=slow_llm)
    app = create_app(make_settings(llm=True))
    async with running(app) as client:
        r = await client.post(
            "/v1/summaries", json=seed_body, headers={"Prefer": "respond-async, wait=5"}
        )
        assert r.status_code == 202, r.text
        assert r.headers["preference-applied"] == "respond-async"
        job_id = r.json()["id"]
        assert r.headers["location"] == f"/v1/summaries/{job_id}"
        assert r.json()["status"] == "queued" and r.json()["summary"] is None
        await llm_called.wait()
        running_view = (await client.get(r.headers["location"])).json()
        assert running_view["status"] == "running" and running_view["started_at"]
        release.set()
        await job_done(app, job_id)
        done = (await client.get(r.headers["location"])).json()
    assert done["status"] == "done" and done["finished_at"] and done["error"] is None
    assert done["summary"]["engine"] == "llm"
    assert [s["citations"] for s in done["summary"]["sentences"]] == [[1, 2], [1, 2]]


async def test_large_cluster_is_accepted_as_a_job_without_prefer(
    make_settings: MakeSettings,
) -> None:
    app = create_app(make_settings(async_threshold_articles=5))
    async with running(app) as client:
        small = await client.post("/v1/summaries", json=many_articles(4))
        big = await client.post("/v1/summaries", json=many_articles(5))
        assert small.status_code == 200
        assert big.status_code == 202 and "preference-applied" not in big.headers
        job = await job_done(app, big.json()["id"])
    assert job.status == "done" and job.summary is not None


async def test_failed_async_job_reports_a_problem(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    llm_mock.post("/chat/completions").mock(return_value=httpx.Response(500, json={}))
    app = create_app(make_settings(llm=True))
    async with running(app) as client:
        r = await client.post(
            "/v1/summaries",
            params={"engine": "llm"},
            json=seed_body,
            headers={"Prefer": "respond-async"},
        )
        await job_done(app, r.json()["id"])
        view = (await client.get(r.headers["location"])).json()
    assert view["status"] == "failed" and view["summary"] is None
    assert view["error"]["status"] == 503 and view["error"]["code"] == "llm_unavailable"
    assert "after 2 attempts" in view["error"]["detail"]


async def test_list_returns_newest_first_with_limit_and_since(
    make_settings: MakeSettings, seed_body: dict[str, Any]
) -> None:
    async with running(create_app(make_settings())) as client:
        ids = []
        for i in range(3):
            body = {**seed_body, "id": f"story-{i}"}
            ids.append((await client.post("/v1/summaries", json=body)).headers["content-location"])
        listed = (await client.get("/v1/summaries", params={"limit": 2})).json()["items"]
        assert [j["cluster_id"] for j in listed] == ["story-2", "story-1"]
        assert all(j["status"] == "done" and j["summary"] for j in listed)
        cutoff = listed[1]["created_at"]
        since = (await client.get("/v1/summaries", params={"since": cutoff})).json()["items"]
        assert [j["cluster_id"] for j in since] == ["story-2", "story-1"]
        future = await client.get("/v1/summaries", params={"since": "2999-01-01T00:00:00"})
        assert future.json() == {"items": []}
        bad = await client.get("/v1/summaries", params={"limit": 0})
        assert bad.status_code == 422


async def test_one_llm_client_is_built_per_app_and_closed_at_shutdown(
    make_settings: MakeSettings,
) -> None:
    app = create_app(make_settings(llm=True))
    async with running(app):
        llm = services(app).summarizer.llm
        assert llm is not None
        http = llm._client._client
    assert http.is_closed
