"""Jobs at scale: Postgres (2 API replicas + 2 workers) next to SQLite (one process), chaos,
and storage under retention. Real processes; a local stub LLM answers in 500 ms.

    python -m bench.bench_jobs        # BENCH_JOBS_LOAD_S=300 BENCH_JOBS_SOAK_S=600 by default

Load: 64 closed-loop clients; each submits a job (`Prefer: respond-async`, timed to its 202:
the accept latency), then replays it synchronously until done, then submits the next.
Sustained jobs/s = jobs done in the window / window. Lost = accepted jobs never done.
Chaos: bench/chaos.py (30 jobs, three kill -9 rounds). Storage: bytes per retained job, and
the database size sampled through a soak with CHORUS_JOB_RETENTION_S=120.
The Postgres server is the test one (scripts/ensure-postgres.sh), database `chorus_bench`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

from bench.chaos import ChaosResult, chaos_postgres, chaos_sqlite
from bench.cluster import ROOT, CountingStub, Proc, base_env, job_cluster, server, worker

CLIENTS = 64
LATENCY_S = 0.5
TUNING = {"CHORUS_JOB_CONCURRENCY": "32", "CHORUS_LLM_MAX_CONCURRENCY": "32"}


@dataclass
class LoadResult:
    accept_ms: list[float] = field(default_factory=list)
    done: int = 0
    accepted: int = 0
    errors: int = 0
    retried: int = 0  # replays retried after a dropped connection
    window_s: float = 0.0

    server_ms: list[float] = field(default_factory=list)  # the same, from the API's own log

    def pct(self, q: float, server: bool = False) -> float:
        ordered = sorted(self.server_ms if server else self.accept_ms) or [float("nan")]
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def postgres_url(db: str) -> str:
    base = subprocess.run(
        [str(ROOT / "scripts" / "ensure-postgres.sh")], check=True, capture_output=True, text=True
    ).stdout.strip()
    with psycopg.connect(base.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {db}")
    return base.rsplit("/", 1)[0] + "/" + db


def deployment(
    kind: str, url: str, llm: str, tmp: Path, **extra: str
) -> tuple[list[Proc], list[str]]:
    env = base_env(url, llm, **TUNING, **extra)
    if kind == "sqlite":
        proc, api = server(env, tmp / "serve.log")
        return [proc], [api]
    replicas = [server(env, tmp / f"serve-{n}.log") for n in range(2)]
    workers = [worker(env, tmp / f"worker-{n}.log") for n in range(2)]
    return [p for p, _ in replicas] + workers, [u for _, u in replicas]


async def client_loop(
    n: int, urls: list[str], until: float, result: LoadResult, http: httpx.AsyncClient
) -> None:
    url = urls[n % len(urls)]
    i = 0
    while time.monotonic() < until:
        body, key = job_cluster(n * 1_000_000 + i), f"load-{n}-{i}"
        i += 1
        started = time.perf_counter()
        try:
            r = await http.post(
                f"{url}/v1/summaries",
                json=body,
                headers={"Prefer": "respond-async", "Idempotency-Key": key},
            )
        except httpx.HTTPError:
            result.errors += 1
            continue
        if r.status_code != 202:
            result.errors += 1
            continue
        result.accept_ms.append((time.perf_counter() - started) * 1000)
        result.accepted += 1
        while True:  # the replay waits for the job on the server; replays are safe to retry
            try:
                r = await http.post(
                    f"{url}/v1/summaries", json=body, headers={"Idempotency-Key": key}
                )
            except httpx.HTTPError:
                result.retried += 1
                continue
            if r.status_code != 202:
                break
        if r.status_code == 200 and time.monotonic() <= until:
            result.done += 1
        elif r.status_code != 200:
            result.errors += 1


async def load(kind: str, url: str, seconds: float, tmp: Path) -> LoadResult:
    stub = CountingStub(LATENCY_S)
    stub.start()
    procs, urls = deployment(kind, url, stub.url, tmp)
    result = LoadResult(window_s=seconds)
    try:
        for p in procs:
            await asyncio.to_thread(p.start)
        limits = httpx.Limits(max_connections=CLIENTS * 2, max_keepalive_connections=CLIENTS * 2)
        async with httpx.AsyncClient(timeout=120, limits=limits) as http:
            until = time.monotonic() + seconds
            await asyncio.gather(
                *(client_loop(n, urls, until, result, http) for n in range(CLIENTS))
            )
    finally:
        for p in procs:
            p.stop()
        stub.stop()
    result.server_ms = accept_ms_logged([p.log for p in procs if p.kind == "serve"])
    return result


def accept_ms_logged(logs: list[Path]) -> list[float]:
    """Server-side latency of every 202 (accepted async job), from the access logs."""
    out: list[float] = []
    for log in logs:
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            if '"event": "request"' in line and '"status": 202' in line:
                with contextlib.suppress(ValueError, KeyError):
                    entry = json.loads(line)
                    if entry["method"] == "POST" and not entry.get("idempotent_replay"):
                        out.append(float(entry["latency_ms"]))
    return out


def db_bytes(kind: str, url: str) -> tuple[int, int]:
    """(bytes the jobs take on disk, jobs stored)."""
    if kind == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        import sqlite3

        with sqlite3.connect(path) as conn:
            return size, int(conn.execute("SELECT COUNT(*) FROM jobs").fetchone()[0])
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT pg_total_relation_size('chorus_jobs') + "
            "pg_total_relation_size('chorus_idempotency') + "
            "pg_total_relation_size('procrastinate_jobs') + "
            "pg_total_relation_size('procrastinate_events'), (SELECT COUNT(*) FROM chorus_jobs)"
        ).fetchone()
        assert row is not None
        return int(row[0]), int(row[1])


async def soak(kind: str, url: str, seconds: float, tmp: Path) -> list[tuple[int, int, int]]:
    """(elapsed s, bytes, jobs stored) every 30 s under 8 clients, retention 120 s."""
    stub = CountingStub(LATENCY_S)
    stub.start()
    extra = {"CHORUS_JOB_RETENTION_S": "120", "CHORUS_JOB_PURGE_INTERVAL_S": "15",
             "CHORUS_IDEMPOTENCY_TTL_S": "120"}  # fmt: skip
    procs, urls = deployment(kind, url, stub.url, tmp, **extra)
    samples: list[tuple[int, int, int]] = []
    try:
        for p in procs:
            await asyncio.to_thread(p.start)
        async with httpx.AsyncClient(timeout=120) as http:
            started = time.monotonic()
            until = started + seconds
            result = LoadResult()
            clients = asyncio.gather(*(client_loop(n, urls, until, result, http) for n in range(8)))
            while time.monotonic() < until:
                await asyncio.sleep(30)
                size, jobs = await asyncio.to_thread(db_bytes, kind, url)
                samples.append((round(time.monotonic() - started), size, jobs))
            await clients
    finally:
        for p in procs:
            p.stop()
        stub.stop()
    return samples


def print_load(sqlite: LoadResult, pg: LoadResult) -> None:
    print(f"load: {CLIENTS} clients, stub LLM {LATENCY_S * 1000:.0f} ms, {sqlite.window_s:.0f} s")
    print(f"{'':24}{'SQLite (1 process)':>22}{'Postgres (2 API + 2 workers)':>32}")
    rows = [
        (
            "jobs/s sustained",
            f"{sqlite.done / sqlite.window_s:.1f}",
            f"{pg.done / pg.window_s:.1f}",
        ),
        ("accept p50 ms", f"{sqlite.pct(0.5):.1f}", f"{pg.pct(0.5):.1f}"),
        ("accept p99 ms", f"{sqlite.pct(0.99):.1f}", f"{pg.pct(0.99):.1f}"),
        ("  server-side p50 ms", f"{sqlite.pct(0.5, True):.1f}", f"{pg.pct(0.5, True):.1f}"),
        ("  server-side p99 ms", f"{sqlite.pct(0.99, True):.1f}", f"{pg.pct(0.99, True):.1f}"),
        ("accepted", str(sqlite.accepted), str(pg.accepted)),
        ("errors", str(sqlite.errors), str(pg.errors)),
        ("replays retried", str(sqlite.retried), str(pg.retried)),
    ]
    for name, a, b in rows:
        print(f"{name:24}{a:>22}{b:>32}")
    print(f"Postgres accept p50 / SQLite accept p50: {pg.pct(0.5) / sqlite.pct(0.5):.2f}x")


def print_chaos(name: str, r: ChaosResult) -> None:
    print(
        f"chaos {name}: {r.done}/30 done, {r.lost} lost; extra LLM calls {r.double_billed} "
        f"(calls in flight at kills: {sum(r.flying.values())}); jobs billed beyond that: "
        f"{len(r.over_billed)}"
    )


def main() -> None:
    load_s = float(os.environ.get("BENCH_JOBS_LOAD_S", "300"))
    soak_s = float(os.environ.get("BENCH_JOBS_SOAK_S", "600"))
    with tempfile.TemporaryDirectory(prefix="chorus-bench-jobs-") as d:
        tmp = Path(d)
        sqlite_url = f"sqlite:///{tmp / 'load.sqlite3'}"
        pg_load = postgres_url("chorus_bench")
        sqlite = asyncio.run(load("sqlite", sqlite_url, load_s, tmp))
        pg = asyncio.run(load("postgres", pg_load, load_s, tmp))
        print_load(sqlite, pg)
        for kind, url in (("sqlite", sqlite_url), ("postgres", pg_load)):
            size, jobs = db_bytes(kind, url)
            print(
                f"storage {kind}: {size / max(jobs, 1):,.0f} bytes per retained job ({jobs} jobs)"
            )
        (tmp / "c1").mkdir()
        (tmp / "c2").mkdir()
        print_chaos("sqlite", asyncio.run(chaos_sqlite(tmp / "c1")))
        print_chaos(
            "postgres", asyncio.run(chaos_postgres(tmp / "c2", postgres_url("chorus_chaos")))
        )

        async def both() -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
            (tmp / "s1").mkdir()
            (tmp / "s2").mkdir()
            return await asyncio.gather(
                soak("sqlite", f"sqlite:///{tmp / 's1' / 'soak.sqlite3'}", soak_s, tmp / "s1"),
                soak("postgres", postgres_url("chorus_soak"), soak_s, tmp / "s2"),
            )

        s_samples, p_samples = asyncio.run(both())
        print(f"soak {soak_s:.0f} s, retention 120 s, 8 clients each (both at once):")
        print(f"{'t (s)':>6}{'SQLite bytes':>14}{'jobs':>7}{'Postgres bytes':>16}{'jobs':>7}")
        for (t, sb, sj), (_, pb, pj) in zip(s_samples, p_samples, strict=False):
            print(f"{t:>6}{sb:>14,}{sj:>7}{pb:>16,}{pj:>7}")


if __name__ == "__main__":
    main()
