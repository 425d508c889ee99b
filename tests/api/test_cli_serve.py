"""`chorus serve`: settings and options reach uvicorn; bad configuration is one error line."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from typer.testing import CliRunner

from chorus.cli.main import app
from chorus.cli.serve import serve_app

runner = CliRunner()


@pytest.fixture
def uvicorn_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def fake_run(target: str, **kwargs: Any) -> None:
        calls.append({"target": target, **kwargs})

    monkeypatch.setattr(uvicorn, "run", fake_run)
    return calls


def test_serve_runs_the_app_factory_with_settings_and_overrides(
    uvicorn_calls: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CHORUS_DB_PATH", str(tmp_path / "db" / "c.sqlite3"))
    monkeypatch.setenv("CHORUS_PORT", "9001")
    monkeypatch.setenv("CHORUS_HOST", "0.0.0.0")
    result = runner.invoke(app, ["serve", "--workers", "3"])
    assert result.exit_code == 0, result.output
    (call,) = uvicorn_calls
    assert call["target"] == "chorus.cli.serve:serve_app" and call["factory"] is True
    assert (call["host"], call["port"], call["workers"]) == ("0.0.0.0", 9001, 3)
    assert call["timeout_keep_alive"] == 30  # not uvicorn's 5 s: busy clients got resets
    assert (tmp_path / "db").is_dir()


def test_serve_with_bad_settings_prints_one_error_line(
    uvicorn_calls: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHORUS_PORT", "not-a-port")
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2 and uvicorn_calls == []
    assert result.output.startswith("error: bad configuration") and "Traceback" not in result.output


def test_serve_with_an_unusable_database_directory_fails_cleanly(
    uvicorn_calls: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("CHORUS_DB_PATH", str(blocker / "sub" / "c.sqlite3"))
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2 and uvicorn_calls == []
    assert "cannot create the database directory" in result.output


def test_serve_app_factory_builds_an_app_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CHORUS_DB_PATH", str(tmp_path / "c.sqlite3"))
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    try:
        built = serve_app()
        assert any(getattr(h, "_chorus", False) for h in root.handlers)  # JSON logs per worker
    finally:
        root.handlers[:] = before[0]
        root.setLevel(before[1])
    assert isinstance(built, FastAPI)
    paths = built.openapi()["paths"]
    expected = {"/v1/summaries", "/v1/summaries/{job_id}", "/v1/checks", "/healthz", "/readyz"}
    assert expected | {"/slack/commands"} <= set(paths)


def test_serve_with_an_unreachable_postgres_says_so_in_one_line(
    uvicorn_calls: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as free:  # a port nothing listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    monkeypatch.setenv("CHORUS_DATABASE_URL", f"postgresql://u:secret@127.0.0.1:{port}/db")
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 1 and uvicorn_calls == []
    assert result.output.startswith("error: cannot reach the database")
    assert "secret" not in result.output and "Traceback" not in result.output
