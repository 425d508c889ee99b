"""Streaming: the pipeline's async iterator and `POST /v1/summaries` as text/event-stream."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import respx

from chorus.api.app import create_app
from chorus.jobs.runner import LocalRunner
from chorus.llm.client import LLMClient
from chorus.models import Cluster
from chorus.pipeline.stream import stream_summary
from chorus.pipeline.summarizer import Summarizer
from tests.api.conftest import MakeSettings, ReplaySpy, running, services
from tests.conftest import structured

ANSWER = structured(
    "Blinken and Lavrov meet briefly at G20",
    [
        ("Blinken and Lavrov spoke for about 10 minutes in New Delhi.", [1, 2]),
        ("The G20 meeting ended with no consensus on the war in Ukraine.", [1, 2]),
    ],
)


def sse_chunk(content: str | None, finish: str | None = None, usage: Any = None) -> bytes:
    choices = [] if usage else [
        {"index": 0, "delta": {"content": content} if content else {}, "finish_reason": finish}
    ]  # fmt: skip
    data = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "test-model",
            "choices": choices, "usage": usage}  # fmt: skip
    return f"data: {json.dumps(data)}\n\n".encode()


def pieces(text: str, size: int = 7) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


async def streamed(text: str, gate: asyncio.Event | None = None) -> AsyncIterator[bytes]:
    """The answer a few characters at a time; with a gate, the last part waits for it."""
    cut = text.index("The G20")
    for p in pieces(text[:cut]):
        yield sse_chunk(p)
    if gate is not None:
        await asyncio.wait_for(gate.wait(), timeout=5)
    for p in pieces(text[cut:]):
        yield sse_chunk(p)
    yield sse_chunk(None, "stop")
    yield sse_chunk(None, usage={"prompt_tokens": 700, "completion_tokens": 60,
                                 "total_tokens": 760})  # fmt: skip
    yield b"data: [DONE]\n\n"


def stream_response(gate: asyncio.Event | None = None) -> httpx.Response:
    return httpx.Response(
        200, headers={"content-type": "text/event-stream"}, content=streamed(ANSWER, gate)
    )


def sse_events(text: str) -> list[tuple[str, Any]]:
    """A text/event-stream body as (event, data) pairs."""
    line = lambda block, field: block.split(f"{field}: ")[1].split("\n")[0]  # noqa: E731
    return [
        (line(block, "event"), json.loads(line(block, "data")))
        for block in text.replace("\r\n", "\n").split("\n\n")
        if "data: " in block and "event: " in block
    ]


async def test_the_first_sentence_arrives_before_the_call_completes(
    seed_cluster: Cluster, llm_mock: respx.MockRouter,
    make_llm: Callable[..., LLMClient], make_summarizer: Callable[..., Summarizer],
) -> None:  # fmt: skip
    gate = asyncio.Event()  # the model finishes only after we saw the first sentence
    llm_mock.post("/chat/completions").mock(return_value=stream_response(gate))
    events = []
    async for event in stream_summary(make_summarizer(make_llm()), seed_cluster):
        events.append(event)
        if event.type == "sentence":
            gate.set()
    kinds = [e.type for e in events]
    assert kinds == ["sentence", "sentence", "summary"]
    first = events[0]
    assert first.type == "sentence" and first.sentence.citations == [1, 2]
    assert first.sentence.support >= 0.6
    final = events[-1]
    assert final.type == "summary" and final.summary.usage.prompt_tokens == 700
    assert [s.text for s in final.summary.sentences] == [
        e.sentence.text for e in events if e.type == "sentence"
    ]


async def test_post_with_accept_event_stream_streams_events_and_ends_with_the_summary(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    """Without an Idempotency-Key, on SQLite, the stream runs in the request: no stored job."""
    llm_mock.post("/chat/completions").mock(return_value=stream_response())
    async with running(create_app(make_settings(llm=True))) as client:
        r = await client.post(
            "/v1/summaries", json=seed_body, headers={"Accept": "text/event-stream"}
        )
        listed = (await client.get("/v1/summaries")).json()
    assert "location" not in r.headers and listed["items"] == []
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = sse_events(r.text)
    assert [name for name, _ in events] == ["sentence", "sentence", "summary"]
    summary = events[-1][1]["summary"]
    assert summary["engine"] == "llm" and summary["sentences"][0]["citations"] == [1, 2]


async def test_an_accept_that_refuses_event_streams_gets_json(
    make_settings: MakeSettings, seed_body: dict[str, Any]
) -> None:
    accept = "text/event-stream;q=0, application/json"  # q=0: "not acceptable" (RFC 9110)
    async with running(create_app(make_settings())) as client:
        r = await client.post("/v1/summaries", json=seed_body, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.json()["engine"] == "extractive"


async def test_a_bad_streamed_request_is_refused_before_the_stream_starts(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    route = llm_mock.post("/chat/completions").mock(return_value=stream_response())
    async with running(create_app(make_settings(llm=True, max_articles=1))) as client:
        r = await client.post(
            "/v1/summaries", json=seed_body, headers={"Accept": "text/event-stream"}
        )
    assert 400 <= r.status_code < 500
    assert r.headers["content-type"].startswith("application/problem+json")
    assert route.call_count == 0


async def test_an_llm_failure_ends_the_stream_with_an_error_event(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    llm_mock.post("/chat/completions").mock(return_value=httpx.Response(503))
    async with running(create_app(make_settings(llm=True))) as client:
        r = await client.post(
            "/v1/summaries", params={"engine": "llm"}, json=seed_body,
            headers={"Accept": "text/event-stream"},
        )  # fmt: skip
    assert r.status_code == 200
    assert "event: error" in r.text and "llm_unavailable" in r.text


async def test_a_map_reduce_stream_reports_each_map_call_and_the_reduce(
    llm_mock: respx.MockRouter, make_llm: Callable[..., LLMClient],
    make_summarizer: Callable[..., Summarizer],
) -> None:  # fmt: skip
    from chorus.models import Article
    from chorus.settings import TokenBudget

    def respond(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if body.get("stream"):  # the reduce: the final call streams
            return stream_response()
        note = structured("w", [("Delegates said the talks in Geneva moved on.", [1])], "notes")
        return httpx.Response(200, json={
            "id": "c", "object": "chat.completion", "created": 1, "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": note}}],
        })  # fmt: skip

    llm_mock.post("/chat/completions").mock(side_effect=respond)
    text = " ".join(f"Delegate {i} said the talks in Geneva moved on day {i}." for i in range(120))
    cluster = Cluster(id="big", articles=[Article(id=f"a{k}", text=text) for k in range(2)])
    summarizer = make_summarizer(make_llm(), budget=TokenBudget(context_tokens=1200))
    events = [e async for e in stream_summary(summarizer, cluster)]
    progress = [(e.stage, e.done) for e in events if e.type == "progress"]
    maps = [done for stage, done in progress if stage == "map"]
    assert len(maps) >= 2 and sorted(maps) == list(range(1, len(maps) + 1))
    assert progress[-1][0] == "reduce"
    kinds = [e.type for e in events]
    assert kinds.index("sentence") > kinds.index("progress") and kinds[-1] == "summary"


async def test_a_streamed_request_with_an_idempotency_key_is_a_stored_job_on_sqlite(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    """The key's promise holds for a stream too: the same key is the same job, billed once;
    the stream follows the stored job (its sentences, then its stored Summary)."""
    route = llm_mock.post("/chat/completions").mock(side_effect=lambda _r: stream_response())
    headers = {"Accept": "text/event-stream", "Idempotency-Key": "stream-1"}
    async with running(create_app(make_settings(llm=True))) as client:
        r = await client.post("/v1/summaries", json=seed_body, headers=headers)
        again = await client.post("/v1/summaries", json=seed_body, headers=headers)
        other = dict(seed_body, id="another-cluster")
        conflict = await client.post("/v1/summaries", json=other, headers=headers)
        location = r.headers["location"]
        stored = (await client.get(location)).json()
    events = sse_events(r.text)
    assert [name for name, _ in events] == ["job", "sentence", "sentence", "summary"]
    job_id = events[0][1]["id"]
    assert location == f"/v1/summaries/{job_id}"
    assert stored["status"] == "done" and stored["summary"] == events[-1][1]["summary"]
    # The replay: the same job, its stored result, no second call.
    replay = sse_events(again.text)
    assert again.headers["idempotent-replayed"] == "true"
    assert [name for name, _ in replay] == ["job", "summary"]
    assert replay[0][1]["id"] == job_id and replay[-1][1] == events[-1][1]
    assert route.call_count == 1
    # The same key with another body: refused before any stream starts.
    assert conflict.status_code == 409
    assert conflict.headers["content-type"].startswith("application/problem+json")


async def test_a_replay_while_the_streamed_job_runs_follows_it_from_its_first_event(
    make_settings: MakeSettings, llm_mock: respx.MockRouter, seed_body: dict[str, Any]
) -> None:
    gate = asyncio.Event()
    called = asyncio.Event()

    def respond(_request: httpx.Request) -> httpx.Response:
        called.set()
        return stream_response(gate)  # the model finishes only when the gate opens

    route = llm_mock.post("/chat/completions").mock(side_effect=respond)
    headers = {"Accept": "text/event-stream", "Idempotency-Key": "stream-2"}
    settings = make_settings(llm=True)
    store = ReplaySpy(settings.db_path)
    app = create_app(settings, store=store)
    async with store, running(app) as client:
        first = asyncio.create_task(client.post("/v1/summaries", json=seed_body, headers=headers))
        await asyncio.wait_for(called.wait(), 10)
        second = asyncio.create_task(client.post("/v1/summaries", json=seed_body, headers=headers))
        await asyncio.wait_for(store.replayed.wait(), 10)
        gate.set()
        a, b = await asyncio.wait_for(first, 10), await asyncio.wait_for(second, 10)
        runner = services(app).runner
    kinds = [name for name, _ in sse_events(a.text)]
    assert kinds == ["job", "sentence", "sentence", "summary"]
    assert [name for name, _ in sse_events(b.text)] == kinds  # from its first event
    assert b.headers["idempotent-replayed"] == "true" and route.call_count == 1
    assert isinstance(runner, LocalRunner) and not runner.events._channels  # none kept
