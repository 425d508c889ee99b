"""`chorus summarize`: one cluster, a .jsonl of clusters, a directory or stdin -> summaries."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from chorus.cli.common import build_summarizer, fail, load_settings
from chorus.errors import ChorusError
from chorus.loaders import format_validation_error, iter_clusters
from chorus.models import EngineChoice, Style, SummaryOptions


def summarize(
    path: Annotated[
        Path, typer.Argument(help="Cluster .json, .jsonl of clusters, a dir, or - (stdin).")
    ],
    engine: Annotated[EngineChoice, typer.Option(help="auto | llm | extractive")] = "auto",
    fmt: Annotated[str, typer.Option("--format", "-f", help="md | json")] = "md",
    max_words: Annotated[int | None, typer.Option(help="Word budget (15-1000).")] = None,
    style: Annotated[Style, typer.Option(help="paragraph | bullets")] = "paragraph",
) -> None:
    """Summarise a cluster (or each cluster of a .jsonl) with inline citations.

    Example: chorus summarize seeds --engine extractive --format json
    """
    if fmt not in ("md", "json"):
        fail(f"--format must be md or json, not {fmt!r}")
    settings = load_settings()
    try:
        options = SummaryOptions(engine=engine, max_words=max_words, style=style)
    except ValidationError as exc:
        fail(format_validation_error(exc))
    summarizer = build_summarizer(settings, engine)

    async def run() -> int:
        count = 0
        try:
            for cluster in iter_clusters(path):
                summary = await summarizer.summarize(cluster, options)
                if fmt == "json":
                    sys.stdout.write(summary.model_dump_json() + "\n")
                else:
                    if count:
                        sys.stdout.write("\n---\n\n")
                    sys.stdout.write(summary.markdown)
                    model = f" · model {summary.model}" if summary.model else ""
                    sys.stdout.write(f"\n_engine: {summary.engine}{model}_\n")
                    for w in summary.warnings:
                        typer.echo(f"warning: {w}", err=True)
                sys.stdout.flush()
                count += 1
        finally:
            if summarizer.llm is not None:
                await summarizer.llm.aclose()
        return count

    try:
        asyncio.run(run())
    except ChorusError as exc:
        fail(exc.detail, 1 if exc.status >= 500 else 2)
    except BrokenPipeError:
        raise typer.Exit(0) from None


def register(app: typer.Typer) -> None:
    app.command()(summarize)


__all__ = ["register", "summarize"]
