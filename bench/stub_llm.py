"""A local OpenAI-compatible stub on 127.0.0.1 for benchmarks (never a real endpoint).

It answers /v1/chat/completions after a fixed latency with a structured, cited reply built
from the request (so citations are valid), and reports prompt tokens counted with tiktoken.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI, Request

from chorus.llm.tokens import TokenCounter

_ARTICLE_RE = re.compile(r'<article n="(\d+)"')


class StubStats:
    def __init__(self) -> None:
        self.calls = 0
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


def build_app(latency_s: float, stats: StubStats) -> FastAPI:
    app = FastAPI()
    counter = TokenCounter("gpt-4o-mini")

    @app.post("/v1/chat/completions")
    async def complete(request: Request) -> dict[str, Any]:
        started = time.perf_counter()
        body = await request.json()
        stats.calls += 1
        stats.in_flight += 1
        stats.peak_in_flight = max(stats.peak_in_flight, stats.in_flight)
        try:
            if latency_s:
                await asyncio.sleep(latency_s)
        finally:
            stats.in_flight -= 1
        user = body["messages"][1]["content"]
        prompt_tokens = sum(counter.count(m["content"]) for m in body["messages"])
        stats.prompt_tokens += prompt_tokens
        ns = sorted({int(n) for n in _ARTICLE_RE.findall(user)}) or [1]
        key = "notes" if "notes" in json.dumps(body.get("response_format", {})) else "sentences"
        if "<notes>" in user:
            key = "sentences"
        content = json.dumps(
            {
                "headline": "Stub headline",
                key: [
                    {"text": "Officials met for talks on Thursday.", "citations": ns[:2]},
                    {"text": "No agreement was reached.", "citations": ns[-1:]},
                ],
            }
        )
        stats.intervals.append((started, time.perf_counter()))
        return {
            "id": "stub",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": "stub-model",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": 30,
                "total_tokens": prompt_tokens + 30,
            },
        }

    return app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def running_stub(latency_s: float = 0.0) -> Iterator[tuple[str, StubStats]]:
    """Run the stub in a background thread; yields (base_url, stats)."""
    stats = StubStats()
    port = free_port()
    config = uvicorn.Config(
        build_app(latency_s, stats), host="127.0.0.1", port=port, log_level="warning"
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
