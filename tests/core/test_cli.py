from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chorus.cli.main import app
from chorus.loaders import iter_clusters
from tests.conftest import SEEDS

runner = CliRunner()


def test_summarize_seed_directory_prints_cited_markdown() -> None:
    result = runner.invoke(app, ["summarize", str(SEEDS), "--engine", "extractive"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("## ")
    assert "[1]" in result.stdout and "_engine: extractive_" in result.stdout


def test_summarize_jsonl_emits_one_contract_line_per_cluster(tmp_path: Path) -> None:
    clusters = [
        {
            "id": f"c{i}",
            "reference": {"title": "ignored"},
            "articles": [
                {
                    "id": 1,
                    "title": "T1",
                    "text": f"Mayor {i} opened the new bridge on Monday morning.",
                },
                {"id": 2, "title": "T2", "text": f"The bridge opened by mayor {i} cost 5 million."},
            ],
        }  # fmt: skip
        for i in range(3)
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in clusters) + "\n")
    result = runner.invoke(app, ["summarize", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["cluster_id"] for d in lines] == ["c0", "c1", "c2"]
    for d in lines:
        assert d["engine"] == "extractive"
        assert all(s["citations"] for s in d["sentences"])
        assert {"headline", "sources", "usage", "warnings", "markdown"} <= d.keys()


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        ("{not json", ".json", "invalid JSON"),
        ('{"id": "c", "articles": []}', ".json", "at least one article"),
        ('{"id": "c", "articles": [{"id": "a", "text": "   "}]}', ".json", "no article"),
        (
            '{"id": "c", "articles": [{"id": "a", "text": "x y"}, {"id": "a", "text": "z"}]}',
            ".json",
            "duplicate article id",
        ),  # fmt: skip
        ("a,b", ".csv", "unsupported input"),
        ('{"id": "c", "n": ' + "9" * 5000 + "}", ".json", "too many digits"),
        ("[" * 100_000 + "]" * 100_000, ".json", "nested too deeply"),
        ('{"id": "c", "articles": [{"id": "a", "text": "\\ud800"}]}', ".json", "surrogate"),
        ('{"id": "c", "n": ' + "9" * 5000 + "}\n", ".jsonl", "too many digits"),
        ('{"id": "c", "articles": [{"id": "a", "text": "\\udfff"}]}\n', ".jsonl", "surrogate"),
    ],
)
def test_bad_input_is_one_clear_line_and_nonzero_exit(
    tmp_path: Path, content: str, suffix: str, message: str
) -> None:
    path = tmp_path / f"in{suffix}"
    path.write_text(content)
    result = runner.invoke(app, ["summarize", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_bad_line_in_json_lines_is_located_within_that_line(tmp_path: Path) -> None:
    good = next(iter_clusters(SEEDS)).model_dump_json()
    path = tmp_path / "in.jsonl"
    path.write_text(good + '\n{"id": "broken", \r\n' + good + "\n")
    result = runner.invoke(app, ["summarize", str(path)])
    assert result.exit_code == 2
    # the file's line 2; within it, column 18 (not "line 2" of a one-line record)
    assert f"{path}:2: invalid JSON" in result.stderr and "(line 1, column 18)" in result.stderr


def test_missing_path_and_non_utf8_file_are_reported(tmp_path: Path) -> None:
    result = runner.invoke(app, ["summarize", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "no such file" in result.stderr
    bad = tmp_path / "d"
    bad.mkdir()
    (bad / "a.txt").write_bytes(b"caf\xe9 au lait")
    result = runner.invoke(app, ["summarize", str(bad)])
    assert result.exit_code == 2 and "not UTF-8" in result.stderr


def test_forcing_llm_without_configuration_fails_clearly() -> None:
    result = runner.invoke(app, ["summarize", str(SEEDS), "--engine", "llm"])
    assert result.exit_code == 1
    assert "no LLM is configured" in result.stderr


def test_placeholder_api_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "your-api-key")
    result = runner.invoke(app, ["summarize", str(SEEDS)])
    assert result.exit_code == 2 and "placeholder" in result.stderr


def test_installed_entry_point_runs_without_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "chorus.cli.main", "summarize", str(tmp_path / "missing.json")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("error:")


def test_batch_article_without_text_is_kept_numbered_and_reported(tmp_path: Path) -> None:
    cluster = {"id": "c", "articles": [
        {"id": "1", "text": "The school board voted on Monday to rename the school after Obama."},
        {"id": "2", "title": "Headline only", "text": ""},
        {"id": "3", "text": "A school named after Jefferson Davis will be renamed after Obama."},
    ]}  # fmt: skip
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(cluster) + "\n")
    result = runner.invoke(app, ["summarize", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert [s["n"] for s in summary["sources"]] == [1, 2, 3]
    assert all(2 not in s["citations"] for s in summary["sentences"])
    assert any("article 2" in w and "no text" in w for w in summary["warnings"])


def test_chunk_budget_larger_than_the_context_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHORUS_CONTEXT_TOKENS", "2000")
    monkeypatch.setenv("CHORUS_CHUNK_TOKENS", "3000")
    result = runner.invoke(app, ["summarize", str(SEEDS)])
    assert result.exit_code == 2 and "CHORUS_CHUNK_TOKENS" in result.stderr


def test_an_unexpected_bug_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import chorus.cli.main as cli

    def boom(**_: object) -> None:
        raise RuntimeError("kaput with key sk-abcdef1234567890")

    monkeypatch.setattr(cli, "app", boom)
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: unexpected RuntimeError: kaput")
    assert "sk-abcdef1234567890" not in err and "Traceback" not in err


def test_summarize_reads_a_cluster_or_json_lines_from_stdin() -> None:
    one = {
        "id": "c",
        "articles": [{"id": "a", "text": "The mayor opened the new bridge on Monday."}],
    }
    result = runner.invoke(app, ["summarize", "-", "--format", "json"], input=json.dumps(one))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["cluster_id"] == "c"
    lines = "\n".join(json.dumps({**one, "id": f"c{i}"}) for i in range(2))
    result = runner.invoke(app, ["summarize", "-", "--format", "json"], input=lines)
    assert [json.loads(x)["cluster_id"] for x in result.stdout.splitlines()] == ["c0", "c1"]
    result = runner.invoke(app, ["summarize", "-"], input="not json at all")
    assert result.exit_code == 2 and "<stdin>:1: invalid JSON" in result.stderr


def test_batch_with_jobs_keeps_order_and_names_the_cluster_in_each_warning(
    tmp_path: Path,
) -> None:
    clusters = [
        {"id": f"c{i}", "articles": [
            {"id": "1", "text": f"Mayor {i} opened the new bridge on Monday morning."},
            {"id": "2", "text": ""},
        ]}
        for i in range(5)
    ]  # fmt: skip
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in clusters) + "\n")
    result = runner.invoke(app, ["summarize", str(path), "-f", "json", "--jobs", "3",
                                 "--engine", "extractive"])  # fmt: skip
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["cluster_id"] for line in result.stdout.splitlines()]
    assert ids == [f"c{i}" for i in range(5)]
    for i in range(5):
        assert f"warning: [c{i}] article 2" in result.stderr
    assert "summarising" not in result.stderr  # no progress bar off a terminal


def test_a_terminal_gets_a_progress_bar_on_stderr(tmp_path: Path) -> None:
    import os
    import pty

    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"c{i}", "articles": [
        {"id": "1", "text": f"Mayor {i} opened the new bridge on Monday morning."}]})
        for i in range(3)) + "\n")  # fmt: skip
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHORUS_", "OPENAI_"))}
    proc = subprocess.run(
        [sys.executable, "-m", "chorus.cli.main", "summarize", str(path), "-f", "json",
         "--engine", "extractive"],
        stdout=subprocess.PIPE, stderr=follower, env={**env, "TERM": "xterm"}, timeout=120,
        check=False,
    )  # fmt: skip
    os.close(follower)
    seen = b""
    try:
        while chunk := os.read(leader, 65536):
            seen += chunk
    except OSError:  # the terminal closed
        pass
    os.close(leader)
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == 3  # results on stdout, untouched by the bar
    assert b"summarising" in seen


def test_a_json_link_to_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    for target in (link, tmp_path / "zero.jsonl"):
        if not target.exists():
            target.symlink_to("/dev/zero")
        result = runner.invoke(app, ["summarize", str(target)])
        assert result.exit_code == 2 and "not a regular file" in result.stderr


def test_empty_stdin_is_bad_input_not_silence() -> None:
    for given in ("", "  \n"):
        result = runner.invoke(app, ["summarize", "-"], input=given)
        assert result.exit_code == 2 and "no input" in result.stderr and not result.stdout


@pytest.mark.parametrize("content", ["", "\n  \n"])
def test_an_empty_json_lines_file_is_bad_input_not_silence(tmp_path: Path, content: str) -> None:
    path = tmp_path / "none.jsonl"
    path.write_text(content)
    result = runner.invoke(app, ["summarize", str(path)])
    assert result.exit_code == 2 and "no clusters" in result.stderr, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


def test_serve_refuses_a_port_outside_1_to_65535() -> None:
    result = runner.invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2 and "65535" in result.output


@pytest.mark.parametrize(
    ("name", "value", "command", "field"),
    [
        ("CHORUS_LOG_LEVEL", "LOUD", ["serve"], "log_level"),
        ("CHORUS_LOG_LEVEL", "LOUD", ["worker"], "log_level"),
        ("OPENAI_BASE_URL", "http://[::1/v1", ["summarize", "-"], "http(s) URL"),
        ("OPENAI_BASE_URL", "http://localhost:99999/v1", ["summarize", "-"], "http(s) URL"),
        ("SLACK_WEBHOOK_URL", "notaurl", ["brief", "--dry-run"], "http(s) URL"),
        ("SLACK_WEBHOOK_URL", "https://[::1/services/T/B/secretpath", ["brief"], "http(s) URL"),
        ("CHORUS_SLACK_API_BASE_URL", "ftp://slack.example/api", ["brief"], "http(s) URL"),
    ],
)
def test_bad_configuration_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str,
    command: list[str], field: str,
) -> None:  # fmt: skip
    monkeypatch.setenv("CHORUS_DB_PATH", str(tmp_path / "db.sqlite3"))
    monkeypatch.setenv(name, value)
    result = runner.invoke(app, command)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: bad configuration:") and field in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "secretpath" not in result.stderr


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    many = tmp_path / "many.jsonl"
    cluster = next(iter_clusters(SEEDS)).model_dump_json()
    many.write_text((cluster + "\n") * 30)
    proc = subprocess.Popen(
        [sys.executable, "-m", "chorus.cli.main", "summarize", str(many), "--engine",
         "extractive"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 0, err
    assert b"Traceback" not in err and b"error" not in err


def test_a_closed_stdin_is_bad_input() -> None:
    proc = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m chorus.cli.main summarize - <&-"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: <stdin>") and len(proc.stderr.splitlines()) == 1


@pytest.mark.parametrize("how", ["full", "closed"])
def test_output_the_system_refuses_is_one_line_and_exit_1(how: str) -> None:
    command = f"{sys.executable} -m chorus.cli.main summarize {SEEDS} --engine extractive"
    redirect = "> /dev/full" if how == "full" else ">&-"
    proc = subprocess.run(
        ["bash", "-c", f"{command} {redirect}"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith("error: cannot write the output")
    assert len(proc.stderr.splitlines()) == 1 and "bug" not in proc.stderr


def test_json_lines_may_start_with_a_byte_order_mark_like_json(tmp_path: Path) -> None:
    cluster = next(iter_clusters(SEEDS))
    lines = "\ufeff" + "\n".join(
        cluster.model_copy(update={"id": f"c{i}"}).model_dump_json() for i in range(2)
    )
    path = tmp_path / "bom.jsonl"
    path.write_text(lines + "\n", encoding="utf-8")
    articles = tmp_path / "articles.jsonl"
    articles.write_text(
        "\ufeff" + "\n".join(a.model_dump_json() for a in cluster.articles), encoding="utf-8"
    )
    from_file = runner.invoke(app, ["summarize", str(path), "-f", "json"])
    from_stdin = runner.invoke(app, ["summarize", "-", "-f", "json"], input=lines)
    clustered = runner.invoke(app, ["cluster", str(articles)])
    for result in (from_file, from_stdin, clustered):
        assert result.exit_code == 0, result.output
    assert [json.loads(x)["cluster_id"] for x in from_file.stdout.splitlines()] == ["c0", "c1"]
    assert from_stdin.stdout == from_file.stdout and clustered.stdout
