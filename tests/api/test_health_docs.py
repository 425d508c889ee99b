"""/healthz, /readyz and the OpenAPI docs (examples from the seed cluster)."""

from __future__ import annotations

import logging

import pytest

from chorus.api.app import create_app
from chorus.jobs.sqlite import SQLiteStore
from tests.api.conftest import MakeSettings, running


async def test_healthz_is_ok(make_settings: MakeSettings) -> None:
    async with running(create_app(make_settings())) as client:
        r = await client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


async def test_head_answers_like_get_without_a_body(
    make_settings: MakeSettings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="chorus.access")
    async with running(create_app(make_settings())) as client:
        pairs = [
            (await client.get(path), await client.head(path))
            for path in ("/healthz", "/v1/summaries", "/v1/summaries/nope", "/")
        ]
        post_only = await client.head("/v1/checks")
    for got, head in pairs:
        assert head.status_code == got.status_code, head.request.url
        assert head.headers["content-type"] == got.headers["content-type"]
        assert head.headers["content-length"] == got.headers["content-length"]
        assert head.content == b""
    assert post_only.status_code == 405 and post_only.headers["allow"] == "POST"
    heads = [r for r in caplog.records if getattr(r, "method", None) == "HEAD"]
    assert [r.route for r in heads[:3]] == ["/healthz", "/v1/summaries", "/v1/summaries/{job_id}"]


async def test_readyz_reports_the_engine_auto_would_use(make_settings: MakeSettings) -> None:
    async with running(create_app(make_settings())) as client:
        offline = (await client.get("/readyz")).json()
    async with running(create_app(make_settings(llm=True, model="gpt-4o-mini"))) as client:
        online = (await client.get("/readyz")).json()
    assert offline["auto_engine"] == "extractive" and offline["llm_configured"] is False
    assert online["auto_engine"] == "llm" and online["model"] == "gpt-4o-mini"
    assert offline["store"] == online["store"] == "ok"


async def test_readyz_is_503_when_the_store_does_not_answer(make_settings: MakeSettings) -> None:
    class FlakyStore(SQLiteStore):
        healthy = True

        async def ping(self) -> None:
            if not self.healthy:
                raise OSError("disk gone")
            await super().ping()

    settings = make_settings()
    store = FlakyStore(settings.db_path)
    async with store, running(create_app(settings, store=store)) as client:
        store.healthy = False
        r = await client.get("/readyz")
        alive = await client.get("/healthz")
    assert r.status_code == 503 and r.json()["code"] == "store_unavailable"
    assert "disk gone" not in r.text
    assert alive.status_code == 200


async def test_openapi_documents_bodies_with_seed_examples(make_settings: MakeSettings) -> None:
    async with running(create_app(make_settings())) as client:
        spec = (await client.get("/openapi.json")).json()
        docs = await client.get("/docs")
    post = spec["paths"]["/v1/summaries"]["post"]
    example = post["requestBody"]["content"]["application/json"]["examples"]["seeds"]["value"]
    assert len(example["articles"]) == 2 and "Blinken" in example["articles"][0]["text"]
    ok = post["responses"]["200"]["content"]
    assert ok["application/json"]["example"]["sources"][0]["n"] == 1
    assert ok["text/markdown"]["example"].startswith("## ")
    assert {"202", "409", "413", "415", "422", "503"} <= set(post["responses"])
    assert {"Cluster", "CheckRequest", "Summary", "JobView", "Problem"} <= set(
        spec["components"]["schemas"]
    )
    check = spec["paths"]["/v1/checks"]["post"]["requestBody"]["content"]["application/json"]
    assert "[1]" in check["examples"]["seeds"]["value"]["summary"]
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
