"""`chorus summarize`: one cluster, a .jsonl of clusters, a directory or stdin -> summaries.

Clusters run concurrently (`--jobs N`, default the LLM concurrency cap; the LLM client's
limits still bound the calls in flight), and are written in input order. A progress bar
shows on a terminal (stderr), nothing otherwise; each warning names its cluster.
"""

from __future__ import annotations

import asyncio
import sys
from collections import deque
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import Progress

from chorus.cli.common import JobsOption, OutputFormat, build_summarizer, fail, load_settings
from chorus.errors import ChorusError
from chorus.loaders import format_validation_error, iter_clusters
from chorus.models import Cluster, EngineChoice, Style, Summary, SummaryOptions
from chorus.pipeline.summarizer import Summarizer


async def run_ordered(
    summarizer: Summarizer, clusters: Iterable[Cluster], options: SummaryOptions, jobs: int
) -> AsyncIterator[Summary]:
    """Summaries of `clusters`, at most `jobs` at once, yielded in input order. Clusters are
    read lazily (a window of 2×jobs), so a big .jsonl is never all in memory."""
    window: deque[asyncio.Task[Summary]] = deque()
    gate = asyncio.Semaphore(jobs)

    async def one(cluster: Cluster) -> Summary:
        async with gate:
            return await summarizer.summarize(cluster, options)

    try:
        for cluster in clusters:
            window.append(asyncio.create_task(one(cluster)))
            if len(window) >= 2 * jobs:
                yield await window.popleft()
        while window:
            yield await window.popleft()
    finally:
        for task in window:
            task.cancel()
        await asyncio.gather(*window, return_exceptions=True)


def write_summary(summary: Summary, fmt: str, first: bool) -> None:
    if fmt == "json":
        sys.stdout.write(summary.model_dump_json() + "\n")
    else:
        if not first:
            sys.stdout.write("\n---\n\n")
        sys.stdout.write(summary.markdown)
        model = f" · model {summary.model}" if summary.model else ""
        sys.stdout.write(f"\n_engine: {summary.engine}{model}_\n")
    for w in summary.warnings:
        typer.echo(f"warning: [{summary.cluster_id}] {w}", err=True)
    sys.stdout.flush()


def summarize(
    path: Annotated[
        Path, typer.Argument(help="Cluster .json, .jsonl of clusters, a dir, or - (stdin).")
    ],
    engine: Annotated[EngineChoice, typer.Option(help="Which engine writes the summary.")] = "auto",
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = "md",
    max_words: Annotated[int | None, typer.Option(help="Word budget (15-1000).")] = None,
    style: Annotated[Style, typer.Option(help="Prose or a list.")] = "paragraph",
    jobs: JobsOption = None,
) -> None:
    """Summarise a cluster (or each cluster of a .jsonl) with inline citations.

    Example: chorus summarize seeds --engine extractive --format json
    """
    settings = load_settings()
    try:
        options = SummaryOptions(engine=engine, max_words=max_words, style=style)
    except ValidationError as exc:
        fail(format_validation_error(exc))
    summarizer = build_summarizer(settings, engine)
    n_jobs = jobs or settings.llm_max_concurrency

    async def run() -> int:
        count = 0
        show = sys.stderr.isatty()
        try:
            await summarizer.discover()
            # results go to stdout untouched; the bar (and warnings above it) to stderr
            bar = Progress(
                console=Console(stderr=True), transient=True, disable=not show,
                redirect_stdout=False,
            )  # fmt: skip
            with bar:
                task = bar.add_task("summarising", total=None)
                async for summary in run_ordered(summarizer, iter_clusters(path), options, n_jobs):
                    write_summary(summary, fmt, first=count == 0)
                    count += 1
                    bar.advance(task)
        finally:
            await summarizer.aclose()
        return count

    try:
        count = asyncio.run(run())
    except ChorusError as exc:
        fail(exc.detail, 1 if exc.status >= 500 else 2)
    except BrokenPipeError:
        raise typer.Exit(0) from None
    if count == 0:  # a .jsonl of blank lines: like an empty stdin, bad input, not silence
        fail(f"{path}: no clusters in it (one cluster JSON per line)")


def register(app: typer.Typer) -> None:
    app.command()(summarize)


__all__ = ["register", "run_ordered", "summarize"]
