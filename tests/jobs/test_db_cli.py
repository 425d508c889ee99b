"""`chorus db upgrade` on both stores, and `chorus worker` refusing a SQLite database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


@pytest.mark.parametrize(
    "args", [["db", "upgrade"], ["worker"], ["brief", "--dry-run"], ["summarize", "-"]]
)
def test_a_malformed_postgres_url_is_bad_configuration_and_its_password_stays_hidden(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setenv("CHORUS_DATABASE_URL", "postgresql://chorus:s3cret-pw@[::1")
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: bad configuration: database_url")
    assert len(result.stderr.strip().splitlines()) == 1 and "s3cret-pw" not in result.output


def feeds_file(tmp_path: Path) -> Path:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        "<rss version='2.0'><channel><title>t</title><item><title>Budget</title>"
        "<link>https://a.example/1</link><description>" + "The council met. " * 40
        + "</description></item></channel></rss>"
    )  # fmt: skip
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(f"[[feed]]\npath = '{feed}'\npublisher = 'P'\n")
    return feeds


@pytest.mark.parametrize("command", ["ingest", "brief"])
def test_an_unreachable_postgres_for_the_article_store_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: str
) -> None:
    monkeypatch.setenv("CHORUS_DATABASE_URL", "postgresql://nobody:s3cret-pw@127.0.0.1:1/none")
    args = (
        ["ingest", "--feeds", str(feeds_file(tmp_path)), "--no-summaries"]
        if command == "ingest"
        else ["brief", "--dry-run", "--engine", "extractive"]
    )
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: cannot reach the database")
    assert len(result.stderr.strip().splitlines()) == 1 and "s3cret-pw" not in result.output


def test_worker_on_an_unreachable_postgres_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from psycopg_pool import PoolTimeout

    from chorus.jobs.postgres import PostgresStore

    async def never_opens(self: PostgresStore) -> None:
        raise PoolTimeout("pool initialization incomplete after 30 sec")

    monkeypatch.setattr(PostgresStore, "open", never_opens)
    monkeypatch.setenv("CHORUS_DATABASE_URL", "postgresql://nobody:s3cret-pw@127.0.0.1:1/none")
    monkeypatch.setenv("CHORUS_ENGINE", "extractive")
    result = runner.invoke(app, ["worker"])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[-1].startswith("error: cannot reach the database")
    assert "Traceback" not in result.output and "s3cret-pw" not in result.output


@pytest.mark.parametrize("kind", ["directory", "not a database"])
@pytest.mark.parametrize("command", ["ingest", "brief"])
def test_a_sqlite_path_that_is_not_a_database_is_one_line_and_exit_1(
    tmp_path: Path, kind: str, command: str
) -> None:
    path = tmp_path / "db.sqlite3"
    if kind == "directory":
        path.mkdir()
    else:
        path.write_text("just some text, not SQLite\n" * 100)
    args = (
        ["ingest", "--feeds", str(feeds_file(tmp_path)), "--no-summaries"]
        if command == "ingest"
        else ["brief", "--dry-run", "--engine", "extractive"]
    )
    env = {**os.environ, "CHORUS_DB_PATH": str(path)}
    env.pop("CHORUS_DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "chorus.cli.main", *args],
        capture_output=True, text=True, timeout=120, check=False, env=env,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith("error: the database failed") and "CHORUS_DB_PATH" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "bug" not in proc.stderr
