"""HTTP service benchmark: prints figures (no assertions; targets are in issue 3).

Three processes on 127.0.0.1: a zero-latency OpenAI-compatible stub (bench/stub_llm.py), the
real service (`chorus serve`, default settings, JSON access log on), and this load generator
(httpx, N concurrent clients, each POSTing the seed cluster in a loop).

Figures:
- requests/s and p50/p99 latency at 1, 16 and 64 concurrent clients (seed cluster, engine llm);
- service overhead per request = end-to-end p50 minus LLM time p50 at 1 client, where the LLM
  time is that of `LLMClient.complete` (SDK + HTTP round trip to the stub) for the same
  request, measured in-process; with its split into pipeline (prepare, verify, render) and
  HTTP layer (parsing, auth, store writes, logging);
- RSS of the idle server after start-up, and after the load.

Run: .venv/bin/python -m bench.bench_service
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from bench.stub_llm import free_port
from chorus.llm.client import Completion, LLMClient
from chorus.loaders import iter_clusters
from chorus.models import SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Limits

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LEVELS = ((1, 300), (16, 800), (64, 1280))  # (concurrent clients, requests)

_STUB = (
    "import uvicorn; from bench.stub_llm import build_app, StubStats; "
    "uvicorn.run(build_app(0.0, StubStats()), host='127.0.0.1', port={port}, "
    "log_level='warning', access_log=False)"
)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def wait_until_up(url: str, proc: subprocess.Popen[bytes], deadline_s: float = 30) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: process exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def process(
    args: list[str], env: dict[str, str], health_url: str, stderr: Path | None = None
) -> Iterator[int]:
    err = stderr.open("wb") if stderr else subprocess.DEVNULL
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
    try:
        wait_until_up(health_url, proc)
        yield proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if not isinstance(err, int):
            err.close()


def server_timings(log: Path, prefix: str) -> dict[str, list[float]]:
    """Per-request timings from the server's own access log, for requests tagged `prefix`.

    latency_ms: request in to response out; job_ms: the job's run (pipeline + LLM + result
    write); llm_ms: time inside LLM calls. So latency - llm is the service overhead and
    latency - job the HTTP layer (parsing, auth, job row, response, log line).
    """
    out: dict[str, list[float]] = {"total": [], "overhead": [], "http": [], "llm": []}
    for line in log.read_text(encoding="utf-8").splitlines():
        if '"chorus.access"' not in line or prefix not in line:
            continue
        e = json.loads(line)
        if e.get("request_id", "").startswith(prefix) and e["status"] == 200:
            out["total"].append(e["latency_ms"])
            out["llm"].append(e["llm_ms"])
            out["overhead"].append(e["latency_ms"] - e["llm_ms"])
            out["http"].append(e["latency_ms"] - e["job_ms"])
    return out


async def load(url: str, body: bytes, clients: int, total: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    transport_errors: list[str] = []
    errors = 0
    remaining = total
    headers = {"content-type": "application/json", "x-request-id": f"bench-c{clients}-"}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal remaining, errors
            while remaining > 0:
                remaining -= 1
                t0 = time.perf_counter()
                try:
                    r = await client.post(url, content=body, headers=headers)
                except httpx.TransportError as exc:  # counted and reported, not fatal
                    errors += 1
                    transport_errors.append(type(exc).__name__)
                    continue
                latencies.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200 or r.json()["engine"] != "llm":
                    errors += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        wall = time.perf_counter() - t0
    if errors:
        kinds = ", ".join(sorted(set(transport_errors))) or "HTTP status or engine"
        print(f"  !! {errors} requests failed or did not use the LLM ({kinds})")
    return total / wall, latencies


async def in_process_split(base_url: str, rounds: int = 200) -> tuple[float, float]:
    """(summarize p50, LLMClient.complete p50) in ms for the seed cluster against the stub."""
    llm_ms: list[float] = []

    class TimedLLM(LLMClient):
        async def complete(self, *args: Any, **kwargs: Any) -> Completion:
            t0 = time.perf_counter()
            try:
                return await super().complete(*args, **kwargs)
            finally:
                llm_ms.append((time.perf_counter() - t0) * 1000)

    client = TimedLLM(api_key="stub", base_url=base_url, model="gpt-4o-mini")
    summarizer = Summarizer(limits=Limits(), llm=client)
    cluster = next(iter_clusters(ROOT / "seeds"))
    options = SummaryOptions(engine="llm")
    total_ms: list[float] = []
    for i in range(rounds + 10):
        t0 = time.perf_counter()
        await summarizer.summarize(cluster, options)
        if i >= 10:  # warm-up rounds excluded
            total_ms.append((time.perf_counter() - t0) * 1000)
    await client.aclose()
    return statistics.median(total_ms), statistics.median(llm_ms[10:])


def main() -> None:
    cluster = next(iter_clusters(ROOT / "seeds"))
    body = cluster.model_dump_json().encode()
    stub_port, api_port = free_port(), free_port()
    stub_url = f"http://127.0.0.1:{stub_port}/v1"
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("CHORUS_", "OPENAI_"))},
            "PYTHONPATH": str(ROOT),
            "CHORUS_OPENAI_BASE_URL": stub_url,
            "CHORUS_OPENAI_API_KEY": "stub-bench-key",
            "CHORUS_DB_PATH": str(Path(tmp) / "bench.sqlite3"),
            "CHORUS_PORT": str(api_port),
            "CHORUS_ASYNC_THRESHOLD_ARTICLES": "1000",
            # the same cluster is posted over and over: measure real calls, not cache hits
            "CHORUS_LLM_CACHE": "false",
        }
        server_log = Path(tmp) / "server.log"
        stub_cmd = [PYTHON, "-c", _STUB.format(port=stub_port)]
        api_cmd = [PYTHON, "-m", "chorus.cli.main", "serve"]
        with (
            process(stub_cmd, env, f"http://127.0.0.1:{stub_port}/docs"),
            process(api_cmd, env, f"http://127.0.0.1:{api_port}/healthz", server_log) as api_pid,
        ):
            time.sleep(1.0)  # let start-up allocations settle before reading RSS
            idle_rss = rss_mb(api_pid)
            url = f"http://127.0.0.1:{api_port}/v1/summaries"
            asyncio.run(load(url, body, 4, 40))  # warm-up: imports, encodings, connections
            print(
                f"HTTP service, seed cluster ({len(cluster.articles)} articles), engine llm "
                f"against a zero-latency stub; {os.cpu_count()} CPUs shared by stub, server "
                "and load generator"
            )
            results: dict[int, list[float]] = {}
            for clients, total in LEVELS:
                rps, latencies = asyncio.run(load(url, body, clients, total))
                results[clients] = latencies
                print(
                    f"  {clients:>2} clients: {rps:7.1f} req/s   p50 {pct(latencies, 0.5):6.1f} ms"
                    f"   p99 {pct(latencies, 0.99):6.1f} ms   ({total} requests)"
                )
            loaded_rss = rss_mb(api_pid)
            summarize_p50, llm_p50 = asyncio.run(in_process_split(stub_url))
        print("  service overhead per request (server-measured: total minus time in LLM calls):")
        for clients, _ in LEVELS:
            t = server_timings(server_log, f"bench-c{clients}-")
            print(
                f"    {clients:>2} clients: overhead p50 {pct(t['overhead'], 0.5):6.2f} ms "
                f"p99 {pct(t['overhead'], 0.99):6.2f} ms   (server total p50 "
                f"{pct(t['total'], 0.5):6.2f} ms, LLM p50 {pct(t['llm'], 0.5):5.2f} ms, "
                f"HTTP layer p50 {pct(t['http'], 0.5):4.2f} ms)"
                + ("   target < 5 ms p50" if clients == 1 else "")
            )
        print(
            f"    pipeline alone in-process (prepare, plan, verify, render; no HTTP, no load): "
            f"p50 {summarize_p50 - llm_p50:.2f} ms"
        )
        print(f"  server RSS: idle {idle_rss:.0f} MB, after the load {loaded_rss:.0f} MB")


if __name__ == "__main__":
    main()
