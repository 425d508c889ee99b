"""The CLI explains itself: a version, help text as written, flags without placeholders,
choices listed, an example per command."""

from __future__ import annotations

from importlib.metadata import version

import pytest
from typer.testing import CliRunner

from chorus.cli.main import app

runner = CliRunner()
COMMANDS = [
    "summarize", "check", "eval", "serve", "worker", "brief", "ingest", "cluster",
    "train-checker", "db upgrade",
]  # fmt: skip


def test_version_prints_the_installed_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"chorus {version('chorus')}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example_and_no_bool_placeholder(command: str) -> None:
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"chorus {command}" in result.stdout.split("Example:", 1)[1]
    assert "<bool>" not in result.stdout


def test_help_keeps_citation_markers_literal_and_lists_choices() -> None:
    out = runner.invoke(app, ["check", "--help"]).stdout
    assert "[n] markers" in out
    assert "<md|json>" in out and "<offline|llm>" in out
    assert "--no-fail " in out
