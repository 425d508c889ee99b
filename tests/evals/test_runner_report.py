"""The runner, its reports, the thresholds that gate it, and the CLI commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chorus.checker.judges import OfflineJudge
from chorus.cli.main import app
from chorus.models import Cluster, SummaryOptions
from chorus.pipeline.prepare import prepare
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Limits
from chorus_evals.baseline import lead_sentences
from chorus_evals.datasets import Dataset, EvalItem, load_dataset
from chorus_evals.report import render_markdown, render_table, write_reports
from chorus_evals.runner import run_eval
from chorus_evals.thresholds import Bound, apply_thresholds, load_thresholds
from tests.conftest import SEEDS

runner = CliRunner()


async def _seeds_report(bounds: dict[str, Bound]):  # type: ignore[no-untyped-def]
    dataset = load_dataset("seeds")
    return await run_eval(
        dataset, Summarizer(limits=Limits()), SummaryOptions(engine="extractive"),
        OfflineJudge(), bounds,
    )  # fmt: skip


async def test_extractive_seeds_meet_the_shipped_thresholds() -> None:
    report = await _seeds_report(load_thresholds("seeds"))
    assert report.passed, report.thresholds
    assert report.metrics["citation_validity"] == 1.0
    assert report.metrics["supported"] is not None and report.metrics["supported"] >= 0.95
    assert report.metrics["fact_recall"] is not None and report.metrics["fact_recall"] > 0


async def test_a_missed_threshold_fails_the_run() -> None:
    report = await _seeds_report({"fact_recall": Bound(min=0.99), "words": Bound(max=500)})
    assert not report.passed
    failed = [t.metric for t in report.thresholds if not t.passed]
    assert failed == ["fact_recall"]
    assert "FAIL fact_recall" in render_table(report)


def test_a_metric_the_run_did_not_produce_fails_its_bound() -> None:
    [result] = apply_thresholds({"supported": 1.0}, {"rouge1": Bound(min=0.1)})
    assert not result.passed and result.value is None


def test_thresholds_fall_back_to_the_default_section(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text("[default]\nsupported = { min = 0.9 }\n[seeds]\nwords = { max = 10 }\n")
    assert set(load_thresholds("seeds", path)) == {"words"}
    assert load_thresholds("other", path)["supported"].min == 0.9


async def test_report_markdown_shows_each_sentence_with_citations_verdict_and_evidence(
    tmp_path: Path,
) -> None:
    report = await _seeds_report({})
    json_path, md_path, html_path = write_reports(report, tmp_path)
    md = md_path.read_text()
    assert md.startswith("# Eval report: seeds")
    assert "| cluster |" in md and "| **all** |" in md
    first = report.clusters[0].sentences[0]
    assert first.text[:40] in md
    assert f"| {','.join(map(str, first.citations))} | {first.verdict} |" in md
    assert f"[{first.evidence[0].n}] {first.evidence[0].text[:30]}" in md
    assert "| fact | weight | credit | stated by |" in md
    data = json.loads(json_path.read_text())
    assert data["dataset"] == "seeds" and data["clusters"][0]["sentences"]
    assert render_markdown(report) == md
    html = html_path.read_text()
    assert "<svg" in html and "only-bad" in html and first.text[:30] in html


async def test_report_table_escapes_pipes_in_sentences() -> None:
    cluster = Cluster.model_validate(
        {"id": "p", "articles": [{"id": "a", "text": "The score was 3 | 4 at half time, the "
                                  "referee said on Sunday after the match in Leeds ended."}]}
    )  # fmt: skip
    report = await run_eval(
        Dataset(name="p", items=[EvalItem(cluster=cluster)]), Summarizer(limits=Limits()),
        SummaryOptions(engine="extractive"), OfflineJudge(), {},
    )  # fmt: skip
    assert "3 \\| 4" in render_markdown(report)


def test_chorus_eval_seeds_prints_the_table_and_writes_reports(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "seeds", "--engine", "extractive", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "PASSED: seeds" in result.stdout and "valid" in result.stdout
    header = next(line for line in result.stdout.splitlines() if line.startswith("metric"))
    assert header.split()[:3] == ["metric", "value", "lead"]  # the baseline beside Chorus
    assert (tmp_path / "report.json").is_file() and (tmp_path / "report.md").is_file()
    assert "eval seeds" not in result.stderr  # no progress label off a terminal


def test_chorus_eval_exits_non_zero_when_a_threshold_is_missed(tmp_path: Path) -> None:
    strict = tmp_path / "strict.toml"
    strict.write_text("[seeds]\nfact_recall = { min = 0.99 }\n")
    result = runner.invoke(
        app, ["eval", "seeds", "--engine", "extractive", "--out", str(tmp_path),
              "--thresholds", str(strict)],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "FAILED: seeds" in result.stdout


def test_chorus_eval_on_missing_shared_data_says_where_to_put_it(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["eval", "allsides-val", "--out", str(tmp_path)],
        env={"CHORUS_EVAL_DATA_DIR": str(tmp_path / "nowhere")},
    )  # fmt: skip
    assert result.exit_code == 2
    assert "error:" in result.stderr and "CHORUS_EVAL_DATA_DIR" in result.stderr
    assert "Traceback" not in result.output


def test_chorus_eval_rejects_an_unknown_dataset() -> None:
    result = runner.invoke(app, ["eval", "no-such-dataset"])
    assert result.exit_code == 2 and "neither a dataset" in result.stderr


def test_a_cluster_path_is_a_dataset_too(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["eval", str(SEEDS), "--engine", "extractive", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert f"PASSED: {SEEDS}" in result.stdout  # no facts: the [default] thresholds apply


def test_the_lead_baseline_takes_opening_sentences_in_turn_within_the_budget(
    seed_cluster: Cluster,
) -> None:
    prepared = prepare(seed_cluster, Limits())
    lead = lead_sentences(prepared, 60)
    firsts = [prepared.corpus.sentences_of(n)[0].text for n in (1, 2)]
    assert [s.text for s in lead[:2]] == firsts
    assert [s.citations for s in lead[:2]] == [[1], [2]]
    assert sum(len(s.text.split()) for s in lead) <= 60 or len(lead) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe[seeds]\n", "not UTF-8"),
        (b"seeds = 3\n", "[seeds]"),
        (None, "not a regular file"),  # a link to /dev/zero: never read
    ],
)
def test_a_bad_thresholds_file_is_one_line_and_exit_2(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "t.toml"
    if content is None:
        path.symlink_to("/dev/zero")
    else:
        path.write_bytes(content)
    args = ["eval", "seeds", "--engine", "extractive", "--out", str(tmp_path / "out")]
    result = runner.invoke(app, [*args, "--thresholds", str(path)])
    assert result.exit_code == 2 and message in result.stderr, result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_out_directory_that_cannot_be_made_fails_before_the_run(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["eval", "seeds", "--engine", "extractive", "--out", str(blocker)])
    assert result.exit_code == 2 and "--out" in result.stderr, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""
