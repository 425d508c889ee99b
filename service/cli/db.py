"""`chorus db upgrade`: apply the schema migrations to CHORUS_DATABASE_URL (Postgres or SQLite).

Both stores also migrate when they open (under a lock, so concurrent starts are safe); this
command is for doing it ahead of a rollout, and for seeing the version.
"""

from __future__ import annotations

import asyncio

import typer

from chorus.cli.common import fail, load_settings
from chorus.jobs.store import is_postgres_url, sqlite_path
from chorus.logs import error_line

db_app = typer.Typer(help="The job database: schema migrations.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")


@db_app.command()
def upgrade() -> None:
    """Bring the database schema to this version of Chorus.

    Example: chorus db upgrade
    """
    settings = load_settings()
    url = settings.database_url
    if is_postgres_url(url):
        assert url is not None
        applied, version = asyncio.run(_upgrade_postgres(url))
    else:
        applied, version = _upgrade_sqlite(sqlite_path(settings))
    done = ", ".join(str(n) for n in applied) if applied else "none (already current)"
    typer.echo(f"schema version {version}; migrations applied: {done}")


async def _upgrade_postgres(url: str) -> tuple[list[int], int]:
    import psycopg

    from chorus.jobs.postgres_schema import LATEST, migrate

    try:
        async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
            return await migrate(conn), LATEST
    except psycopg.OperationalError as exc:
        fail(f"cannot reach the database: {error_line(exc)[:200]}", 1)


def _upgrade_sqlite(path: str) -> tuple[list[int], int]:
    import sqlite3
    from pathlib import Path

    from chorus.jobs.sqlite_schema import LATEST, migrate, version

    try:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            before = version(conn)
            migrate(conn)
        finally:
            conn.close()
    except (OSError, sqlite3.Error) as exc:
        fail(f"cannot open the database {path}: {exc}", 1)
    return list(range(before + 1, LATEST + 1)), LATEST


__all__ = ["register"]
