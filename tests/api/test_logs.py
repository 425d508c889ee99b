"""One JSON access line per request; never API keys or article text in any log line."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest
import respx

from chorus.api.app import create_app
from chorus.logs import JsonFormatter
from tests.api.conftest import FAITHFUL, MakeSettings, running
from tests.conftest import chat_json

API_KEY = "k-live-5b1c9e77d2a04f"
MARKER = "Zanzibar quartermaster"


async def test_each_request_logs_one_json_line_with_route_status_engine_and_usage(
    make_settings: MakeSettings,
    llm_mock: respx.MockRouter,
    seed_body: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    llm_mock.post("/chat/completions").mock(
        return_value=httpx.Response(200, json=chat_json(FAITHFUL, prompt_tokens=900))
    )
    seed_body["articles"][0]["text"] += f" The {MARKER} was not seen."
    caplog.set_level(logging.INFO)
    auth = {"Authorization": f"Bearer {API_KEY}", "X-Request-ID": "req-123"}
    app = create_app(make_settings(llm=True, api_keys=API_KEY))
    async with running(app) as client:
        ok = await client.post("/v1/summaries", json=seed_body, headers=auth)
        job_id = ok.headers["content-location"].rsplit("/", 1)[1]
        await client.get(f"/v1/summaries/{job_id}", headers=auth)
        await client.post("/v1/summaries", json=seed_body, headers={"Authorization": "Bearer x"})
    assert ok.headers["x-request-id"] == "req-123"
    formatter = JsonFormatter()
    lines = [json.loads(formatter.format(r)) for r in caplog.records]
    access = [e for e in lines if e["logger"] == "chorus.access"]
    assert [(e["method"], e["route"], e["status"]) for e in access] == [
        ("POST", "/v1/summaries", 200),
        ("GET", "/v1/summaries/{job_id}", 200),
        ("POST", "/v1/summaries", 401),
    ]
    first = access[0]
    assert first["request_id"] == "req-123" and first["job_id"] == job_id
    assert first["engine"] == "llm" and first["llm_calls"] == 1 and first["prompt_tokens"] == 900
    finished = [e for e in lines if e["event"] == "job_finished" and e["job_id"] == job_id]
    assert len(finished) == 1  # the job's own line has where its time went
    assert 0 < finished[0]["llm_ms"] <= finished[0]["run_ms"] <= first["latency_ms"]
    assert access[2]["error_code"] == "unauthorized"
    everything = "\n".join(formatter.format(r) for r in caplog.records)
    assert API_KEY not in everything and "test-key" not in everything
    assert MARKER not in everything and "Blinken" not in everything


async def test_an_unexpected_error_is_a_500_problem_and_one_json_log_line_with_the_traceback(
    make_settings: MakeSettings,
    seed_body: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chorus.pipeline.summarizer import Summarizer

    def broken_prepare(self: Summarizer, cluster: object) -> object:
        raise RuntimeError("prepare broke (sk-abcdef123456 must not leak)")

    monkeypatch.setattr(Summarizer, "prepare", broken_prepare)
    caplog.set_level(logging.INFO)
    async with running(create_app(make_settings())) as client:
        response = await client.post("/v1/summaries", json=seed_body)
    assert response.status_code == 500
    assert response.json()["code"] == "internal_error"
    assert "prepare broke" not in response.text  # details stay in the log
    formatter = JsonFormatter()
    lines = [json.loads(formatter.format(r)) for r in caplog.records]
    crashed = [e for e in lines if "traceback" in e]
    assert len(crashed) == 1
    entry = crashed[0]
    assert entry["level"] == "error" and entry["error_type"] == "RuntimeError"
    assert "Traceback (most recent call last)" in entry["traceback"]
    assert "broken_prepare" in entry["traceback"] and "prepare broke" in entry["traceback"]
    assert "sk-abcdef123456" not in formatter.format(caplog.records[lines.index(entry)])


async def test_a_known_5xx_is_logged_once_without_a_traceback(
    make_settings: MakeSettings, seed_body: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with running(create_app(make_settings())) as client:
        r = await client.post("/v1/summaries", params={"engine": "llm"}, json=seed_body)
    assert r.status_code == 503
    failed = [rec for rec in caplog.records if rec.getMessage() == "request_failed"]
    assert len(failed) == 1 and failed[0].exc_info is None
    assert "Traceback" not in JsonFormatter().format(failed[0])
