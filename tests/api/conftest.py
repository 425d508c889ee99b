"""API fixtures: the real ASGI app (lifespan run) behind an httpx client; LLM mocked by respx."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from chorus.api.deps import Services
from chorus.jobs.sqlite import SQLiteStore
from chorus.jobs.store import Job
from chorus.models import Cluster
from chorus.settings import Settings
from tests.conftest import LLM_BASE, structured

FAITHFUL = structured(
    "Blinken and Lavrov meet briefly at G20",
    [
        ("Blinken and Lavrov spoke for about 10 minutes in New Delhi.", [1, 2]),
        ("The G20 meeting ended with no consensus on the war in Ukraine.", [1, 2]),
    ],
)

MakeSettings = Callable[..., Settings]


class ReplaySpy(SQLiteStore):
    """The SQLite store, telling the test (`replayed`) when a replayed Idempotency-Key finds
    its job, which must still be running."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.replayed = asyncio.Event()

    async def create_job(self, *args: Any, **kwargs: Any) -> tuple[Job, bool]:
        job, created = await super().create_job(*args, **kwargs)
        if not created:
            assert job.status == "running"  # the replay arrives while the job runs
            self.replayed.set()
        return job, created


@pytest.fixture
def make_settings(tmp_path: Path) -> MakeSettings:
    """Settings on a temporary database; `llm=True` points at the respx-mocked endpoint."""

    def make(*, llm: bool = False, **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "db_path": tmp_path / "chorus.sqlite3",
            "llm_max_attempts": 2,
            "llm_max_retry_wait_s": 0.0,  # retries wait 0 s: no real sleeping in tests
            "llm_discover": False,  # the mocked endpoint answers chat completions only
        }
        if llm:
            values |= {"openai_base_url": LLM_BASE, "openai_api_key": "test-key"}
        values.update(overrides)
        return Settings(**values)

    return make


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Start the app's lifespan and talk to it over ASGI; shut it down (drain) on exit."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://chorus.test") as c:
            yield c


def services(app: FastAPI) -> Services:
    svc: Services = app.state.services
    return svc


async def job_done(app: FastAPI, job_id: str, timeout_s: float = 60) -> Job:
    """Wait (woken by the store when the job finishes, not a timer) for a background job."""
    job = await services(app).store.wait_job(job_id, timeout_s)
    assert job is not None and job.status in ("done", "failed"), job
    return job


@pytest.fixture
def seed_body(seed_cluster: Cluster) -> dict[str, Any]:
    return seed_cluster.model_dump(mode="json")


def many_articles(n: int) -> dict[str, Any]:
    return {
        "id": f"big-{n}",
        "articles": [
            {"id": f"a{i}", "text": f"Delegate {i} said the talks in Geneva made progress."}
            for i in range(n)
        ],
    }
