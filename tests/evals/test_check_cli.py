"""`chorus check`: one summary, or a .jsonl of (cluster, summary) pairs."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chorus.cli.main import app
from chorus.models import Cluster

runner = CliRunner()
SUMMARY = (
    "HEADLINE: Blinken and Lavrov meet briefly\n"
    "Blinken and Lavrov spoke for about 10 minutes in New Delhi [1][2]. "
    "The conference ended without reaching a consensus on the war in Ukraine [2]. "
    "The ministers agreed a ceasefire in Geneva."
)


@pytest.fixture
def cluster_file(tmp_path: Path, seed_cluster: Cluster) -> Path:
    path = tmp_path / "cluster.json"
    path.write_text(seed_cluster.model_dump_json())
    return path


def test_check_one_summary_as_json_gives_verdicts_scores_and_evidence(
    tmp_path: Path, cluster_file: Path
) -> None:
    summary = tmp_path / "s.md"
    summary.write_text(SUMMARY)
    result = runner.invoke(
        app, ["check", "--cluster", str(cluster_file), "--summary", str(summary), "-f", "json"]
    )
    assert result.exit_code == 3, result.output  # the third sentence is unsupported
    out = json.loads(result.stdout)
    assert out["passed"] is False and out["counts"]["unsupported"] == 1
    first, second, third = out["sentences"]
    assert first["citations"] == [1, 2] and first["verdict"] == "supported"
    assert 0.6 <= first["support"] <= 1.0 and first["evidence"][0]["n"] in (1, 2)
    assert second["verdict"] == "supported" and second["citations"] == [2]
    assert third["citations"] == [] and third["verdict"] == "unsupported"
    assert "uncited" in third["issues"]


def test_check_one_summary_as_markdown(tmp_path: Path, cluster_file: Path) -> None:
    summary = tmp_path / "s.md"
    summary.write_text(SUMMARY)
    result = runner.invoke(
        app, ["check", "--cluster", str(cluster_file), "--summary", str(summary)]
    )
    assert result.exit_code == 3, result.output
    assert "| # | sentence | cites | verdict | support |" in result.stdout
    assert "| 1,2 | supported |" in result.stdout
    assert "FAILED: 2/3 supported" in result.stdout


def test_check_exits_0_when_every_sentence_is_supported_or_with_no_fail(
    tmp_path: Path, cluster_file: Path
) -> None:
    faithful = tmp_path / "ok.md"
    faithful.write_text(SUMMARY.rsplit(" The ministers", 1)[0])
    args = ["check", "--cluster", str(cluster_file), "--summary"]
    assert runner.invoke(app, [*args, str(faithful)]).exit_code == 0
    unfaithful = tmp_path / "bad.md"
    unfaithful.write_text(SUMMARY)
    assert runner.invoke(app, [*args, str(unfaithful), "--no-fail"]).exit_code == 0


def test_check_jsonl_answers_every_line_and_reports_bad_ones(
    tmp_path: Path, seed_cluster: Cluster
) -> None:
    good = {"cluster": seed_cluster.model_dump(mode="json"), "summary": SUMMARY}
    changed = dict(good, summary="Blinken and Lavrov spoke for about 45 minutes [1][2].")
    path = tmp_path / "pairs.jsonl"
    path.write_text(
        json.dumps(good) + "\n" + json.dumps(changed) + "\n" + '{"summary": "x"}\n' + "\n"
    )
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2  # one line is bad input
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(lines) == 3  # one per non-blank line, in order
    assert lines[0]["sentences"][0]["verdict"] == "supported"
    assert lines[1]["sentences"][0]["verdict"] != "supported"
    assert "number not in evidence: 45" in lines[1]["sentences"][0]["issues"]
    assert lines[2]["status"] == 422 and lines[2]["instance"] == f"{path}:3"
    assert "cluster" in lines[2]["detail"] and "sentences" not in lines[2]
    assert "checked 2 pairs" in result.stderr and "1 not checked" in result.stderr


async def test_check_json_is_the_object_the_checks_api_returns(
    tmp_path: Path, cluster_file: Path, seed_cluster: Cluster
) -> None:
    from chorus.api.app import create_app
    from chorus.settings import Settings
    from tests.api.conftest import running

    summary = tmp_path / "s.md"
    summary.write_text(SUMMARY)
    args = ["check", "--cluster", str(cluster_file), "--summary", str(summary), "-f", "json"]
    cli = await asyncio.to_thread(runner.invoke, app, args)  # the CLI runs its own event loop
    body = {"cluster": seed_cluster.model_dump(mode="json"), "summary": SUMMARY}
    settings = Settings(db_path=tmp_path / "db.sqlite3")
    async with running(create_app(settings)) as client:
        api = await client.post("/v1/checks", json=body)
    assert api.status_code == 200
    assert json.loads(cli.stdout) == api.json()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give PATH.jsonl, or both --cluster and --summary"),
        (["x.jsonl", "--cluster", "c.json"], "not both"),
        (["--cluster", "c.json", "--summary", "s.md", "-f", "xml"], "'xml' is not one of"),
    ],
)
def test_check_rejects_bad_arguments_with_one_line(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["check", *args])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_check_missing_jsonl_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_check_reads_only_regular_files_for_the_summary_and_the_batch(
    tmp_path: Path, cluster_file: Path
) -> None:
    zero = tmp_path / "zero.jsonl"
    zero.symlink_to("/dev/zero")  # endless and without a newline: must never be read
    for args in (["--cluster", str(cluster_file), "--summary", str(zero)], [str(zero)]):
        result = runner.invoke(app, ["check", *args])
        assert result.exit_code == 2 and "not a regular file" in result.stderr, result.output
        assert len(result.stderr.strip().splitlines()) == 1


def test_a_summary_that_is_not_utf8_is_one_line_and_exit_2(
    tmp_path: Path, cluster_file: Path
) -> None:
    summary = tmp_path / "s.md"
    summary.write_bytes(b"Leaders met [1].\xff\xfe")
    result = runner.invoke(
        app, ["check", "--cluster", str(cluster_file), "--summary", str(summary)]
    )
    assert result.exit_code == 2 and "not UTF-8" in result.stderr, result.output
    assert len(result.stderr.strip().splitlines()) == 1
