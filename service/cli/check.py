"""`chorus check`: check a summary written by anyone against its sources.

`--format json` prints exactly the object `POST /v1/checks` returns for the same pair (one
per line for a .jsonl batch; a line that cannot be checked gets a problem object). Exit
codes: 0 every sentence supported (or partial), 3 a sentence is unsupported or contradicted
(`--no-fail` keeps 0), 2 bad input, 1 an internal or LLM error.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated

import typer

from chorus.checker.batch import BatchResult, Checker
from chorus.checker.judges import JudgeName, make_judge
from chorus.checker.markdown import check_markdown
from chorus.cli.common import OutputFormat, fail, load_settings
from chorus.errors import ChorusError, InvalidInput
from chorus.loaders import iter_clusters, read_text_file
from chorus.models import Cluster
from chorus.pipeline.summarizer import Summarizer

UNSUPPORTED_EXIT = 3


def _read_pair(cluster: Path, summary: Path) -> tuple[Cluster, str]:
    clusters = list(iter_clusters(cluster))
    if len(clusters) != 1:
        raise InvalidInput(f"{cluster}: expected one cluster, found {len(clusters)}")
    return clusters[0], read_text_file(summary)  # bounded, regular files only


def batch_exit_code(result: BatchResult, no_fail: bool) -> int:
    """The worst outcome of a batch: an error of ours or the LLM's, bad lines, failing checks."""
    if any(e.exit_code == 1 for e in result.errors):
        return 1
    if result.errors:
        return 2
    return UNSUPPORTED_EXIT if result.failed and not no_fail else 0


def check(
    path: Annotated[
        Path | None,
        typer.Argument(help='A .jsonl of {"cluster": ..., "summary": "..."} lines.'),
    ] = None,
    cluster: Annotated[Path | None, typer.Option(help="Cluster .json, or a directory.")] = None,
    summary: Annotated[
        Path | None, typer.Option(help="The summary: Markdown or text with [n] markers.")
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = "md",
    judge: Annotated[
        JudgeName | None, typer.Option(help="The judge of support (default CHORUS_JUDGE).")
    ] = None,
    no_fail: Annotated[
        bool, typer.Option("--no-fail", help="Exit 0 even when a sentence is unsupported.")
    ] = False,
) -> None:
    """Check a summary written by anyone against its sources, sentence by sentence.

    Example: chorus check --cluster seeds --summary brief.md --format json
    """
    if path is None and (cluster is None or summary is None):
        fail("give PATH.jsonl, or both --cluster and --summary")
    if path is not None and (cluster is not None or summary is not None):
        fail("give either PATH.jsonl or --cluster/--summary, not both")
    settings = load_settings()
    name = judge or settings.judge  # CHORUS_JUDGE, as POST /v1/checks uses

    async def run() -> int:
        summarizer = Summarizer.build(settings, use_llm=name == "llm")
        try:
            checker = Checker(summarizer, make_judge(name, summarizer.llm, summarizer.cache))
            if path is not None:
                result = await checker.check_jsonl(path, sys.stdout)
                done = result.passed + result.failed
                typer.echo(
                    f"checked {done} pairs in {result.seconds:.1f}s: {result.passed} passed, "
                    f"{result.failed} with unsupported sentences, {len(result.errors)} not checked",
                    err=True,
                )
                return batch_exit_code(result, no_fail)
            assert cluster is not None and summary is not None
            the_cluster, text = _read_pair(cluster, summary)
            report = await checker.check(the_cluster, text)
        finally:
            await summarizer.aclose()
        sys.stdout.write(
            report.model_dump_json() + "\n" if fmt == "json" else check_markdown(report)
        )
        return 0 if report.passed or no_fail else UNSUPPORTED_EXIT

    try:
        code = asyncio.run(run())
    except ChorusError as exc:
        fail(exc.detail, exc.exit_code)
    except BrokenPipeError:
        raise typer.Exit(0) from None
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command()(check)


__all__ = ["batch_exit_code", "check", "register"]
