"""`open_store(settings)`: the store CHORUS_DATABASE_URL names (SQLite by default)."""

from __future__ import annotations

from chorus.jobs.store import Store, is_postgres_url
from chorus.settings import Settings


def open_store(settings: Settings) -> Store:
    """The configured store. Cheap: connects on first use."""
    if is_postgres_url(settings.database_url):
        from chorus.jobs.postgres import PostgresStore

        return PostgresStore.from_settings(settings)
    from chorus.jobs.sqlite import SQLiteStore

    return SQLiteStore.from_settings(settings)


__all__ = ["open_store"]
