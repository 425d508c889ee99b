"""A local OpenAI-compatible stub on 127.0.0.1 for benchmarks (never a real endpoint).

It answers /v1/chat/completions with a structured, cited reply built from the request (so
citations are valid) and reports prompt tokens counted with tiktoken. Latency model: a fixed
`latency_s` per call plus `per_token_s` per output token. Optional: a share of requests
rejected with 429 + Retry-After (`rate_429`), streaming (`"stream": true`, SSE chunks a token
at a time), and a llama.cpp-style context window (`n_ctx`: `GET /props` reports it and
`total_slots`; a longer prompt is refused with llama.cpp's 400).
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from chorus.llm.tokens import TokenCounter

_ARTICLE_RE = re.compile(r'<article n="(\d+)"')


class StubStats:
    def __init__(self) -> None:
        self.calls = 0
        self.rejected = 0
        self.in_flight = 0
        self.peak_in_flight = 0
        self.prompt_tokens = 0
        self.intervals: list[tuple[float, float]] = []

    def busy_seconds(self, since: int = 0) -> float:
        """Wall time during which at least one call was in flight (calls since index)."""
        spans = sorted(self.intervals[since:])
        busy, end = 0.0, float("-inf")
        for a, b in spans:
            if a > end:
                busy += b - a
                end = b
            elif b > end:
                busy += b - end
                end = b
        return busy


def _reply(body: dict[str, Any]) -> str:
    user = body["messages"][1]["content"]
    ns = sorted({int(n) for n in _ARTICLE_RE.findall(user)}) or [1]
    key = "notes" if "notes" in json.dumps(body.get("response_format", {})) else "sentences"
    if "<notes>" in user:
        key = "sentences"
    return json.dumps(
        {
            "headline": "Talks end without agreement",
            key: [
                {"text": "Officials met for talks on Thursday.", "citations": ns[:2]},
                {"text": "No agreement was reached after the meeting.", "citations": ns[-1:]},
            ],
        }
    )


def build_app(
    latency_s: float, stats: StubStats, *, per_token_s: float = 0.0, rate_429: float = 0.0,
    retry_after_s: float = 0.2, n_ctx: int | None = None, slots: int = 64, seed: int = 0,
) -> FastAPI:  # fmt: skip
    app = FastAPI()
    counter = TokenCounter("gpt-4o-mini")
    rng = random.Random(seed)

    @app.get("/props")
    async def props() -> Response:
        if n_ctx is None:
            return JSONResponse({"error": "not found"}, status_code=404)
        info = {"n_ctx": n_ctx}
        path = "/models/stub-model.gguf"
        return JSONResponse(
            {"default_generation_settings": info, "total_slots": slots, "model_path": path}
        )

    @app.post("/v1/chat/completions")
    async def complete(request: Request) -> Response:
        body = await request.json()
        if rate_429 and rng.random() < rate_429:
            stats.rejected += 1
            error = {"error": {"message": "rate limited", "type": "rate_limit"}}
            headers = {"Retry-After": str(retry_after_s)}
            return JSONResponse(error, status_code=429, headers=headers)
        prompt_tokens = sum(counter.count(m["content"]) for m in body["messages"])
        if n_ctx is not None and prompt_tokens > n_ctx:
            return JSONResponse({"error": {"code": 400, "type": "exceed_context_size_error",
                "message": "the request exceeds the available context size, try increasing it"}},
                status_code=400)  # fmt: skip
        stats.calls += 1
        stats.prompt_tokens += prompt_tokens
        content = _reply(body)
        tokens = counter.encoding.encode(content)
        if body.get("stream"):
            return StreamingResponse(
                _stream(stats, latency_s, per_token_s, counter, tokens, prompt_tokens),
                media_type="text/event-stream",
            )
        started = time.perf_counter()
        stats.in_flight += 1
        stats.peak_in_flight = max(stats.peak_in_flight, stats.in_flight)
        try:
            await asyncio.sleep(latency_s + per_token_s * len(tokens))
        finally:
            stats.in_flight -= 1
        stats.intervals.append((started, time.perf_counter()))
        return JSONResponse({
            "id": "stub", "object": "chat.completion", "created": int(time.time()),
            "model": "stub-model",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": len(tokens),
                      "total_tokens": prompt_tokens + len(tokens)},
        })  # fmt: skip

    return app


async def _stream(
    stats: StubStats, latency_s: float, per_token_s: float, counter: TokenCounter,
    tokens: list[int], prompt_tokens: int,
) -> AsyncIterator[bytes]:  # fmt: skip
    started = time.perf_counter()
    stats.in_flight += 1
    stats.peak_in_flight = max(stats.peak_in_flight, stats.in_flight)

    def chunk(delta: dict[str, Any], finish: str | None = None, usage: Any = None) -> bytes:
        choices = [] if usage else [{"index": 0, "delta": delta, "finish_reason": finish}]
        data = {"id": "stub", "object": "chat.completion.chunk", "created": int(time.time()),
                "model": "stub-model", "choices": choices, "usage": usage}  # fmt: skip
        return f"data: {json.dumps(data)}\n\n".encode()

    try:
        await asyncio.sleep(latency_s)
        yield chunk({"role": "assistant", "content": ""})
        for t in tokens:
            await asyncio.sleep(per_token_s)
            yield chunk({"content": counter.encoding.decode([t])})
        yield chunk({}, "stop")
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": len(tokens),
                 "total_tokens": prompt_tokens + len(tokens)}  # fmt: skip
        yield chunk({}, usage=usage)
        yield b"data: [DONE]\n\n"
    finally:
        stats.in_flight -= 1
        stats.intervals.append((started, time.perf_counter()))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def running_stub(latency_s: float = 0.0, **options: Any) -> Iterator[tuple[str, StubStats]]:
    """Run the stub in a background thread; yields (base_url, stats)."""
    stats = StubStats()
    port = free_port()
    config = uvicorn.Config(
        build_app(latency_s, stats, **options), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("stub LLM did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}/v1", stats
    finally:
        server.should_exit = True
        thread.join(timeout=5)
