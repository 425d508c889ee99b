"""Both stores, for tests that must hold for each: SQLite on a temporary file, and a real
PostgreSQL server (started by scripts/ensure-postgres.sh; its URL in CHORUS_TEST_DATABASE_URL).
Without that variable the Postgres cases skip, except under CI, where they fail."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from chorus.jobs.store import Store
from chorus.settings import Settings

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
            "TRUNCATE chorus_idempotency, chorus_jobs, procrastinate_jobs, "
            "procrastinate_events, procrastinate_workers CASCADE"
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
    from chorus.jobs.store import open_store

    async with open_store(Settings(database_url=db_url, job_poll_s=0.2)) as st:
        yield st


MakeSettings = Callable[..., Settings]


@pytest.fixture
def db_settings(db_url: str) -> MakeSettings:
    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {"database_url": db_url, "job_poll_s": 0.2}
        return Settings(**(values | overrides))

    return make
