"""`chorus eval`: run a dataset (or the checker benchmark) and gate on its thresholds."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from chorus.checker.judges import JudgeName
from chorus.cli.common import JobsOption, build_llm, load_settings
from chorus.errors import ChorusError
from chorus.loaders import format_validation_error
from chorus.models import EngineChoice, SummaryOptions
from chorus.pipeline.summarizer import Summarizer

DEFAULT_OUT = Path("eval-out")


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


OnProgress = Callable[[int], None] | None


def _progress(length: int, label: str) -> tuple[AbstractContextManager[object], OnProgress]:
    """A progress bar for a person at a terminal; a pipe or a CI log gets no label line, so
    a failure stays one line."""
    if not sys.stderr.isatty():
        return nullcontext(), None
    bar = typer.progressbar(length=length, label=label, file=sys.stderr)
    return bar, bar.update


def _report_dir(path: Path) -> Path:
    """Made before the run, not after it: a bad --out must not cost a whole eval."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail(f"--out {path}: cannot make the directory ({exc.strerror})") from None
    return path


def eval_command(
    target: Annotated[
        str, typer.Argument(help="Dataset name (seeds, allsides-val), 'checker', or a path.")
    ] = "seeds",
    engine: Annotated[EngineChoice, typer.Option(help="Which engine writes the summary.")] = "auto",
    judge: Annotated[JudgeName, typer.Option(help="The judge of support.")] = "offline",
    limit: Annotated[int | None, typer.Option(min=1, help="Evaluate the first N clusters.")] = None,
    out: Annotated[Path | None, typer.Option(help="Report directory.")] = None,
    max_words: Annotated[int | None, typer.Option(help="Summary word budget.")] = None,
    thresholds: Annotated[
        Path | None, typer.Option(help="Thresholds file (default evals/thresholds.toml).")
    ] = None,
    jobs: JobsOption = None,
) -> None:
    """Summarise a dataset, check every sentence, score it, and gate on evals/thresholds.toml.

    `chorus eval checker` instead measures the support judge itself on human labels
    (SummEdits, held-out part) and on the perturbation set.

    Example: chorus eval seeds --engine extractive
    """
    settings = load_settings()
    if target == "checker":
        from chorus.checker.judges import make_judge
        from chorus_evals.checker_report import run_checker_command

        llm = build_llm(settings, judge == "llm")
        try:
            llm_judge = make_judge("llm", llm) if judge == "llm" else None
        except ChorusError as exc:
            raise _fail(exc.detail) from None
        code = run_checker_command(
            settings, limit=limit, out=out or DEFAULT_OUT / "checker", judge=llm_judge
        )
        raise typer.Exit(code)

    from chorus.checker.judges import make_judge
    from chorus_evals.datasets import load_dataset
    from chorus_evals.report import render_table, write_reports
    from chorus_evals.runner import run_eval
    from chorus_evals.thresholds import THRESHOLDS_FILE, load_thresholds

    try:
        options = SummaryOptions(engine=engine, max_words=max_words)
        dataset = load_dataset(target, settings.eval_data_dir, limit)
        bounds = load_thresholds(dataset.name, thresholds or THRESHOLDS_FILE)
    except ValidationError as exc:
        raise _fail(format_validation_error(exc)) from None
    except ChorusError as exc:
        raise _fail(exc.detail) from None
    if not dataset.items:
        raise _fail(f"dataset {dataset.name!r} has no clusters")
    out_dir = _report_dir(out or DEFAULT_OUT / dataset.name)

    async def run() -> int:
        summarizer = Summarizer.build(settings, use_llm=engine != "extractive" or judge == "llm")
        try:
            await summarizer.discover()
            the_judge = make_judge(judge, summarizer.llm, summarizer.cache)
            bar, on_progress = _progress(len(dataset.items), f"eval {dataset.name}")
            with bar:
                report = await run_eval(
                    dataset, summarizer, options, the_judge, bounds,
                    on_progress=on_progress,
                    jobs=jobs or settings.llm_max_concurrency,
                )  # fmt: skip
        finally:
            await summarizer.aclose()
        paths = write_reports(report, out_dir)
        sys.stdout.write(render_table(report))
        typer.echo("reports: " + " ".join(str(p) for p in paths), err=True)
        return 0 if report.passed else 1

    try:
        code = asyncio.run(run())
    except ChorusError as exc:
        raise _fail(exc.detail, 1 if exc.status >= 500 else 2) from None
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
