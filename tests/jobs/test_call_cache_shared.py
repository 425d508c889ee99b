"""The LLM call cache a deployment uses: Postgres shared by every replica and worker (a job
resumed or replayed on another process re-pays no finished call), SQLite by default."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from typer.testing import CliRunner

from chorus.cli.main import app
from chorus.jobs.open import open_call_cache
from chorus.jobs.postgres_cache import PostgresCallCache
from chorus.llm.cache import SQLiteCallCache, call_key
from chorus.models import Cluster, SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Settings
from tests.conftest import LLM_BASE, request_body, require_postgres, reset_postgres
from tests.core.test_packing_policy import MapReduceServer, cluster

FAITHFUL_KEY = call_key("m", "summarize@2", "sys", "user", max_tokens=10, schema=None)


@pytest.fixture
async def pg_url() -> str:
    url = require_postgres()
    await reset_postgres(url)
    return url


def llm_settings(database_url: str, **extra: Any) -> Settings:
    return Settings(
        database_url=database_url, openai_api_key="test-key", openai_base_url=LLM_BASE,
        llm_discover=False, llm_max_attempts=1, context_tokens=1500, max_output_tokens=300,
        **extra,
    )  # fmt: skip


async def test_a_cache_entry_written_by_another_process_is_a_hit(pg_url: str) -> None:
    script = (
        "import asyncio, sys\n"
        "from chorus.jobs.postgres_cache import PostgresCallCache\n"
        "async def main():\n"
        "    cache = PostgresCallCache(sys.argv[1])\n"
        '    await cache.put(sys.argv[2], \'{"text": "paid once"}\')\n'
        "    await cache.close()\n"
        "asyncio.run(main())\n"
    )
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", script, pg_url, FAITHFUL_KEY)
    assert await asyncio.wait_for(proc.wait(), timeout=60) == 0
    cache = PostgresCallCache(pg_url)
    try:
        assert await cache.get(FAITHFUL_KEY) == '{"text": "paid once"}'
        assert await cache.get(FAITHFUL_KEY.replace("@2", "@3")) is None  # new prompt: a miss
    finally:
        await cache.close()


async def test_two_summarizers_on_one_database_pay_a_cluster_once(
    pg_url: str, seed_cluster: Cluster, llm_mock: respx.MockRouter
) -> None:
    server = MapReduceServer()
    route = llm_mock.post("/chat/completions").mock(side_effect=server)
    replica = Summarizer.build(llm_settings(pg_url), use_llm=True)
    worker = Summarizer.build(llm_settings(pg_url), use_llm=True, timed=True)
    try:
        assert isinstance(replica.cache, PostgresCallCache)
        assert worker.cache is not replica.cache  # two pools, as in two processes
        first = await replica.summarize(cluster())
        paid = route.call_count
        again = await worker.summarize(cluster())
    finally:
        await replica.aclose()
        await worker.aclose()
    assert paid > 1 and route.call_count == paid
    assert again.usage.cache_hits == paid and again.usage.llm_calls == 0
    assert [s.text for s in again.sentences] == [s.text for s in first.sentences]


async def test_a_job_resumed_on_another_worker_repays_no_finished_call(
    pg_url: str, llm_mock: respx.MockRouter
) -> None:
    server = MapReduceServer()
    broken = [True]

    def respond(request: httpx.Request) -> httpx.Response:
        if broken[0] and "<notes>" in request_body(request)["messages"][1]["content"]:
            return httpx.Response(500)  # the first worker dies at the reduce
        return server(request)

    route = llm_mock.post("/chat/completions").mock(side_effect=respond)
    first = Summarizer.build(llm_settings(pg_url), use_llm=True, timed=True)
    try:
        with pytest.raises(Exception, match="LLM failed"):
            await first.summarize(cluster(), SummaryOptions(engine="llm"))
    finally:
        await first.aclose()
    maps = len(server.maps)
    broken[0] = False
    before = route.call_count
    second = Summarizer.build(llm_settings(pg_url), use_llm=True, timed=True)
    try:
        resumed = await second.summarize(cluster(), SummaryOptions(engine="llm"))
    finally:
        await second.aclose()
    assert maps > 1 and route.call_count - before == 1  # only the reduce is paid again
    assert resumed.usage.cache_hits == maps


async def test_opening_the_postgres_cache_purges_old_rows(pg_url: str) -> None:
    import psycopg

    async with await psycopg.AsyncConnection.connect(pg_url, autocommit=True) as conn:
        await conn.execute(
            "INSERT INTO chorus_llm_call_cache (key, value, created_at) VALUES "
            "('old', 'x', now() - interval '40 days'), ('new', 'y', now())"
        )
    cache = PostgresCallCache(pg_url, max_age_s=30 * 86_400)
    try:
        assert await cache.get("old") is None and await cache.get("new") == "y"
        await cache.put("new", "z")  # a second answer for a key replaces the first
        assert await cache.get("new") == "z"
    finally:
        await cache.close()


async def test_an_unreachable_database_makes_the_cache_a_miss_not_an_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    cache = PostgresCallCache("postgresql://postgres@127.0.0.1:1/nowhere")  # refused at once
    await cache.put(FAITHFUL_KEY, "x")
    assert await cache.get(FAITHFUL_KEY) is None
    await cache.close()
    assert "llm_cache_unavailable" in caplog.messages


def test_sqlite_stays_the_default_cache(tmp_path: Path) -> None:
    default = Settings(db_path=tmp_path / "chorus.sqlite3")
    cache = open_call_cache(default)
    assert isinstance(cache, SQLiteCallCache) and cache.path == default.sqlite_file
    named = Settings(database_url=f"sqlite:///{tmp_path / 'other.db'}")
    named_cache = open_call_cache(named)
    assert isinstance(named_cache, SQLiteCallCache)
    assert named_cache.path == tmp_path / "other.db"
    assert open_call_cache(default.model_copy(update={"llm_cache": False})) is None
    built = Summarizer.build(llm_settings(f"sqlite:///{tmp_path / 'x.db'}"), use_llm=True)
    assert isinstance(built.cache, SQLiteCallCache)


def test_postgres_deployments_use_the_shared_cache() -> None:
    cache = open_call_cache(Settings(database_url="postgresql://u@db.invalid/chorus"))
    assert isinstance(cache, PostgresCallCache)  # cheap: nothing connects until first use


def test_chorus_worker_builds_the_summarizer_with_the_cache_and_discovers(
    monkeypatch: pytest.MonkeyPatch, pg_url: str
) -> None:
    from chorus.jobs.worker import Worker

    seen: dict[str, object] = {}

    async def run(self: Worker) -> None:
        seen["cache"] = self.summarizer.cache
        seen["llm"] = type(self.summarizer.llm).__name__

    async def discover(self: Summarizer) -> None:
        seen["discovered"] = True

    monkeypatch.setattr(Worker, "run", run)
    monkeypatch.setattr(Summarizer, "discover", discover)
    for name, value in {"CHORUS_DATABASE_URL": pg_url, "OPENAI_API_KEY": "test-key",
                        "OPENAI_BASE_URL": LLM_BASE}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(app, ["worker"])
    assert result.exit_code == 0, result.output
    assert isinstance(seen["cache"], PostgresCallCache)
    assert seen["llm"] == "TimedLLMClient" and seen["discovered"] is True
