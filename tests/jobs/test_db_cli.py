"""`chorus db upgrade` on both stores, and `chorus worker` refusing a SQLite database."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from chorus.cli.main import app

runner = CliRunner()


async def test_db_upgrade_applies_the_migrations_once(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    monkeypatch.setenv("CHORUS_DATABASE_URL", db_url)
    first = await asyncio.to_thread(runner.invoke, app, ["db", "upgrade"])
    again = await asyncio.to_thread(runner.invoke, app, ["db", "upgrade"])
    assert first.exit_code == 0 and again.exit_code == 0, first.output
    from chorus.jobs import postgres_schema, sqlite_schema

    latest = (postgres_schema if db_url.startswith("postgresql") else sqlite_schema).LATEST
    assert f"schema version {latest}" in first.stdout
    assert "none (already current)" in again.stdout


def test_worker_needs_postgres(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.setenv("CHORUS_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    result = runner.invoke(app, ["worker"])
    assert result.exit_code == 2 and "postgresql://" in result.stderr


def test_db_upgrade_on_an_unreachable_postgres_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CHORUS_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 1 and result.stderr.startswith("error: cannot reach")
    assert len(result.stderr.strip().splitlines()) == 1
