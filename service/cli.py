"""`chorus`: summarize, serve, eval, check, brief."""

from __future__ import annotations

import asyncio
import json
import sys
import traceback
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from pydantic import ValidationError

from service import logs
from service.api import cli as api_cli
from service.errors import ChorusError
from service.loaders import format_validation_error, iter_clusters
from service.logs import redact
from service.models import EngineChoice, Style, SummaryOptions
from service.settings import Settings, get_settings
from service.summarizer import Summarizer

_state = {"verbose": False}

app = typer.Typer(
    name="chorus",
    help="Merged, cited summaries of news clusters.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def load_settings() -> Settings:
    try:
        return get_settings()
    except ValidationError as exc:
        fail(f"bad configuration: {format_validation_error(exc)}")


def build_summarizer(settings: Settings, engine: str) -> Summarizer:
    llm = None
    if settings.llm_configured and engine != "extractive":
        from service.llm import LLMClient  # the openai SDK loads only when a model is used

        llm = LLMClient.from_settings(settings)
    return Summarizer.from_settings(settings, llm=llm)


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log info to stderr.")] = False,
) -> None:
    logs.configure("INFO" if verbose else "WARNING")
    _state["verbose"] = verbose


@app.command()
def summarize(
    path: Annotated[
        Path, typer.Argument(help="Cluster .json, .jsonl of clusters, a dir, or - (stdin).")
    ],
    engine: Annotated[EngineChoice, typer.Option(help="auto | llm | extractive")] = "auto",
    fmt: Annotated[str, typer.Option("--format", "-f", help="md | json")] = "md",
    max_words: Annotated[int | None, typer.Option(help="Word budget (15-1000).")] = None,
    style: Annotated[Style, typer.Option(help="paragraph | bullets")] = "paragraph",
) -> None:
    """Summarise a cluster (or each cluster of a .jsonl) with inline citations."""
    if fmt not in ("md", "json"):
        fail(f"--format must be md or json, not {fmt!r}")
    settings = load_settings()
    try:
        options = SummaryOptions(
            engine=engine, max_words=max_words or settings.default_max_words, style=style
        )
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


# subcommands: each feature module registers its own commands here (one line each).
api_cli.register(app)
__import__("service.brief_cli", fromlist=["register"]).register(app)
__import__("evals.cli", fromlist=["register"]).register(app)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # last resort: a bug must still read as one line, not a traceback
        if _state["verbose"]:
            traceback.print_exc()  # asked for with -v
        typer.echo(
            f"error: unexpected {type(exc).__name__}: {redact(str(exc))[:300]} "
            "(a bug: run with -v for the traceback, and please report it)",
            err=True,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()


__all__ = ["app", "build_summarizer", "fail", "json", "load_settings", "main"]
