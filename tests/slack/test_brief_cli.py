"""`chorus brief`: dry-run payloads from the seeds, posting, exit codes, no-op reruns."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import respx
from typer.testing import CliRunner

from chorus.cli.main import app
from tests.conftest import SEEDS
from tests.slack.conftest import BOT_TOKEN, SLACK_API, posted_bodies, ts_sequence

runner = CliRunner()


@pytest.fixture
def slack_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    db = tmp_path / "chorus.sqlite3"
    monkeypatch.setenv("CHORUS_DB_PATH", str(db))
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_CHANNEL", "C123")
    return db


def two_clusters(tmp_path: Path) -> Path:
    root = tmp_path / "today"
    shutil.copytree(SEEDS, root / "g20")
    (root / "bridge.json").write_text(
        json.dumps(
            {
                "id": "bridge",
                "articles": [
                    {
                        "id": "b1",
                        "title": "Bridge & tunnel <opens>",
                        "source": "Local News",
                        "url": "https://example.com/bridge",
                        "text": "The mayor opened the new bridge on Monday. It cost 5 million.",
                    }
                ],
            }
        )
    )
    return root


def test_dry_run_from_seeds_prints_block_kit_payloads_and_a_preview(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "brief",
            "--from",
            str(SEEDS),
            "--dry-run",
            "--date",
            "2026-11-23",
            "--engine",
            "extractive",
        ],
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    payload_json = re.search(r"```json\n(.*?)\n```", out, re.S)
    assert payload_json is not None
    payloads: list[dict[str, Any]] = json.loads(payload_json.group(1))
    assert len(payloads) == 2  # parent + one story reply
    assert payloads[0]["blocks"][0]["text"]["text"] == "Daily brief — 23 Nov 2026 · 1 story"
    assert payloads[1]["thread_ts"] == "<ts of the parent message>"
    assert all(p["text"] for p in payloads)
    assert "[1]" in json.dumps(payloads[1]["blocks"])
    assert "# Preview" in out and "# Daily brief — 23 Nov 2026 · 1 story" in out


def test_dry_run_json_of_a_directory_of_clusters_has_one_reply_per_story(tmp_path: Path) -> None:
    root = two_clusters(tmp_path)
    result = runner.invoke(
        app, ["brief", "--from", str(root), "--dry-run", "--format", "json", "--date", "2026-11-23"]
    )
    assert result.exit_code == 0, result.output
    payloads = json.loads(result.stdout)
    assert len(payloads) == 3
    headlines = payloads[0]["blocks"][1]["text"]["text"].splitlines()
    assert headlines[0].startswith("1. ") and "2 articles" in headlines[0]  # the G20 story
    assert "&lt;opens&gt;" in payloads[2]["blocks"][-1]["elements"][0]["text"]
    assert "<https://example.com/bridge|[1]>" in json.dumps(payloads[2], ensure_ascii=False)


def test_posting_twice_is_a_no_op_the_second_time(slack_env: Path, tmp_path: Path) -> None:
    root = two_clusters(tmp_path)
    args = ["brief", "--from", str(root), "--date", "2026-11-23", "--engine", "extractive"]
    with respx.mock() as mock:
        route = mock.post(f"{SLACK_API}/chat.postMessage").mock(side_effect=ts_sequence())
        first = runner.invoke(app, args)
        assert first.exit_code == 0, first.output
        assert "posted the brief for 23 Nov 2026 to C123: 3 message(s)" in first.stderr
        second = runner.invoke(app, args)
        assert second.exit_code == 0, second.output
        assert "already posted" in second.stderr and "--force" in second.stderr
        assert route.call_count == 3
        bodies = posted_bodies(route)
    assert [b.get("thread_ts") for b in bodies] == [None, "1000.000001", "1000.000001"]
    assert slack_env.exists()


@pytest.mark.parametrize(
    ("error", "needle"),
    [("invalid_auth", "SLACK_BOT_TOKEN"), ("channel_not_found", "channel C123 not found")],
)
def test_slack_errors_are_one_line_with_exit_code_1(
    slack_env: Path, error: str, needle: str
) -> None:
    with respx.mock() as mock:
        mock.post(f"{SLACK_API}/chat.postMessage").respond(200, json={"ok": False, "error": error})
        result = runner.invoke(app, ["brief", "--from", str(SEEDS), "--engine", "extractive"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0]
    assert BOT_TOKEN not in result.output
    assert "Traceback" not in result.output


def test_without_slack_configuration_posting_fails_clearly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CHORUS_DB_PATH", str(tmp_path / "db.sqlite3"))
    result = runner.invoke(app, ["brief", "--from", str(SEEDS)])
    assert result.exit_code == 2
    assert "SLACK_BOT_TOKEN" in result.stderr and "--dry-run" in result.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--date", "23/11/2026"], "--date must be YYYY-MM-DD"),
        (["--tz", "Mars/Olympus"], "unknown time zone"),
        (["--every-day-at", "25:00"], "HH:MM"),
        (["--every-day-at", "07:00", "--date", "2026-11-23"], "cannot be combined"),
        (["--from", "does-not-exist"], "no such file or directory"),
        (["--format", "xml", "--dry-run"], "'xml' is not one of"),
    ],
)
def test_bad_options_exit_2_with_a_one_line_error(args: list[str], needle: str) -> None:
    result = runner.invoke(app, ["brief", "--dry-run", *args])
    assert result.exit_code == 2, result.output
    assert needle in result.stderr and result.stderr.startswith("error: ")


@pytest.mark.parametrize(("day", "tz"), [("9999-12-31", "UTC"), ("0001-01-01", "Asia/Tokyo")])
def test_a_date_at_the_end_of_the_calendar_is_bad_input_not_a_crash(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, day: str, tz: str
) -> None:
    monkeypatch.setenv("CHORUS_DB_PATH", str(tmp_path / "db.sqlite3"))
    result = runner.invoke(app, ["brief", "--dry-run", "--date", day, "--tz", tz])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: --date") and len(result.stderr.splitlines()) == 1


def test_a_directory_without_articles_or_clusters_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("x")
    result = runner.invoke(app, ["brief", "--from", str(tmp_path), "--dry-run"])
    assert result.exit_code == 2 and "no articles" in result.stderr


def test_max_stories_keeps_the_biggest_and_says_how_many_were_left_out(tmp_path: Path) -> None:
    root = two_clusters(tmp_path)
    args = ["brief", "--from", str(root), "--dry-run", "--format", "json", "--max-stories", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    payloads = json.loads(result.stdout)
    assert len(payloads) == 2
    parent = json.dumps(payloads[0], ensure_ascii=False)
    assert "· 1 story" in parent and "1 smaller story not shown" in parent
    assert "2 articles" in parent  # the G20 story (2 articles) beat the bridge (1)


def test_dry_run_on_an_empty_store_says_there_is_nothing_to_post(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CHORUS_DB_PATH", str(tmp_path / "empty.sqlite3"))
    result = runner.invoke(app, ["brief", "--dry-run", "--date", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "no stories for 23 Nov 2026" in result.stderr
