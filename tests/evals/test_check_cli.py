"""`chorus check`: one summary, or a .jsonl of (cluster, summary) pairs."""

from __future__ import annotations

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
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    first, second, third = out["sentences"]
    assert first["citations"] == [1, 2] and first["verdict"] == "supported"
    assert 0.6 <= first["score"] <= 1.0 and first["evidence"][0]["n"] in (1, 2)
    assert second["verdict"] == "supported" and second["citations"] == [2]
    assert third["citations"] == [] and third["verdict"] == "unsupported"
    assert "uncited" in third["issues"]


def test_check_one_summary_as_markdown(tmp_path: Path, cluster_file: Path) -> None:
    summary = tmp_path / "s.md"
    summary.write_text(SUMMARY)
    result = runner.invoke(
        app, ["check", "--cluster", str(cluster_file), "--summary", str(summary)]
    )
    assert result.exit_code == 0, result.output
    assert "| # | sentence | cites | verdict |" in result.stdout
    assert "| 1,2 | supported |" in result.stdout


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
    assert result.exit_code == 1  # one line failed
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [x["line"] for x in lines] == [1, 2, 3]
    assert lines[0]["sentences"][0]["verdict"] == "supported"
    assert lines[1]["sentences"][0]["verdict"] != "supported"
    assert "number not in evidence: 45" in lines[1]["sentences"][0]["issues"]
    assert "cluster" in lines[2]["error"] and "sentences" not in lines[2]
    assert "checked 2 pairs (1 failed)" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give PATH.jsonl, or both --cluster and --summary"),
        (["x.jsonl", "--cluster", "c.json"], "not both"),
        (["--cluster", "c.json", "--summary", "s.md", "-f", "xml"], "--format must be"),
    ],
)
def test_check_rejects_bad_arguments_with_one_line(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["check", *args])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_check_missing_jsonl_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2 and "cannot read" in result.stderr
