"""Shared fixtures: the seed cluster, a respx-mocked OpenAI endpoint, an LLM client, and both
job stores (`db_url`, `store`): SQLite on a temporary file, and a real PostgreSQL server
(started by scripts/ensure-postgres.sh, its URL in CHORUS_TEST_DATABASE_URL). Without that
variable the Postgres cases skip, except under CI, where they fail."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from chorus.jobs.store import Store
from chorus.llm.client import LLMClient
from chorus.loaders import iter_clusters
from chorus.models import Cluster
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Limits, LLMSettings, Settings, get_settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
LLM_BASE = "http://llm.test/v1"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test sees the developer's real keys or endpoints."""
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SLACK_BOT_TOKEN", "SLACK_WEBHOOK_URL",
                "SLACK_SIGNING_SECRET", "SLACK_CHANNEL"):  # fmt: skip
        monkeypatch.delenv(var, raising=False)
    import os

    for var in list(os.environ):
        if var.startswith("CHORUS_"):
            monkeypatch.delenv(var, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def seed_cluster() -> Cluster:
    return next(iter_clusters(SEEDS))


def chat_json(
    content: str,
    *,
    finish_reason: str = "stop",
    prompt_tokens: int = 100,
    completion_tokens: int = 50,
    model: str = "test-model",
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1700000000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def structured(
    headline: str, sentences: list[tuple[str, list[int]]], key: str = "sentences"
) -> str:
    return json.dumps(
        {"headline": headline, key: [{"text": t, "citations": c} for t, c in sentences]}
    )


def request_body(request: httpx.Request) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(request.content)
    return body


@pytest.fixture
def llm_mock() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=LLM_BASE, assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def make_llm(sleeps: list[float]) -> Callable[..., LLMClient]:
    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    def make(**kwargs: Any) -> LLMClient:
        opts: dict[str, Any] = {
            "openai_api_key": "test-key",
            "openai_base_url": LLM_BASE,
            "model": "gpt-4o-mini",
            "llm_max_attempts": 3,
            "structured_output": "auto",
        }
        renamed = {"max_attempts": "llm_max_attempts", "max_concurrency": "llm_max_concurrency"}
        opts.update({renamed.get(k, k): v for k, v in kwargs.items()})
        return LLMClient(LLMSettings(**opts), sleep=fake_sleep)

    return make


@pytest.fixture
def make_summarizer() -> Callable[..., Summarizer]:
    def make(llm: LLMClient | None = None, **kwargs: Any) -> Summarizer:
        return Summarizer(limits=Limits(), llm=llm, **kwargs)

    return make


PG_URL = os.environ.get("CHORUS_TEST_DATABASE_URL")  # read before the env is isolated
STORES = ("sqlite", "postgres")


def require_postgres() -> str:
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CHORUS_TEST_DATABASE_URL is not set (run the suite with `make test`)")
        pytest.skip("no test PostgreSQL (run `make test`, or scripts/ensure-postgres.sh)")
    return PG_URL


async def reset_postgres(url: str) -> None:
    """An empty, fully migrated database."""
    import psycopg

    from chorus.jobs.postgres_schema import migrate

    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        await migrate(conn)
        await conn.execute(
            "TRUNCATE chorus_idempotency, chorus_jobs, chorus_llm_call_cache, "
            "procrastinate_jobs, procrastinate_events, procrastinate_workers CASCADE"
        )


@pytest.fixture(params=STORES)
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for each store: a fresh SQLite file, or the emptied test Postgres."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'chorus.sqlite3'}"
    url = require_postgres()
    await reset_postgres(url)
    return url


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[Store]:
    from chorus.jobs.open import open_store

    async with open_store(Settings(database_url=db_url, job_poll_s=0.2)) as st:
        yield st
