"""What a deployment's database backs, decided in one place (CHORUS_DATABASE_URL):

- `open_store(settings)`: the job store (SQLite by default, Postgres for replicas + workers);
- `open_call_cache(settings)`: the LLM call cache (the SQLite file's `llm_call_cache` table,
  or Postgres's `chorus_llm_call_cache`, shared by every replica and worker), or None when
  `CHORUS_LLM_CACHE=false`.
"""

from __future__ import annotations

from chorus.jobs.store import Store, is_postgres_url
from chorus.llm.cache import CallCache
from chorus.settings import Settings


def open_store(settings: Settings) -> Store:
    """The configured store. Cheap: connects on first use."""
    if is_postgres_url(settings.database_url):
        from chorus.jobs.postgres import PostgresStore

        return PostgresStore.from_settings(settings)
    from chorus.jobs.sqlite import SQLiteStore

    return SQLiteStore.from_settings(settings)


def open_call_cache(settings: Settings) -> CallCache | None:
    """The configured call cache, or None when caching is off. Cheap: connects on first use;
    close it with `await cache.close()`."""
    if not settings.llm_cache:
        return None
    if is_postgres_url(settings.database_url):
        from chorus.jobs.postgres_cache import PostgresCallCache

        assert settings.database_url is not None
        return PostgresCallCache(settings.database_url)
    from chorus.llm.cache import SQLiteCallCache

    return SQLiteCallCache(settings.sqlite_file)


__all__ = ["open_call_cache", "open_store"]
