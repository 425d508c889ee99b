"""`chorus eval` and `chorus check` (registered on the main app by service/cli.py)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from pydantic import ValidationError

from chorus.cli.common import load_settings
from chorus.errors import ChorusError
from chorus.loaders import format_validation_error, iter_clusters
from chorus.models import EngineChoice, SummaryOptions
from chorus.pipeline.summarizer import Summarizer
from chorus.settings import Settings

if TYPE_CHECKING:
    from chorus.llm.client import LLMClient

JudgeChoice = Literal["offline", "llm"]
DEFAULT_OUT = Path("eval-out")


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _settings() -> Settings:
    return load_settings()


def _llm(settings: Settings, engine: str, judge: str) -> LLMClient | None:
    if settings.llm_configured and (engine != "extractive" or judge == "llm"):
        from chorus.llm.client import LLMClient  # the openai SDK loads only when a model is used

        return LLMClient.from_settings(settings)
    return None


def eval_command(
    target: Annotated[
        str, typer.Argument(help="Dataset name (seeds, allsides-val), 'checker', or a path.")
    ] = "seeds",
    engine: Annotated[EngineChoice, typer.Option(help="auto | llm | extractive")] = "auto",
    judge: Annotated[JudgeChoice, typer.Option(help="offline | llm")] = "offline",
    limit: Annotated[int | None, typer.Option(min=1, help="Evaluate the first N clusters.")] = None,
    out: Annotated[Path | None, typer.Option(help="Report directory.")] = None,
    max_words: Annotated[int | None, typer.Option(help="Summary word budget.")] = None,
    thresholds: Annotated[
        Path | None, typer.Option(help="Thresholds file (default evals/thresholds.toml).")
    ] = None,
) -> None:
    """Summarise a dataset, check every sentence, score it, and gate on evals/thresholds.toml.

    `chorus eval checker` instead measures the support judge itself on human labels
    (SummEdits, held-out part) and on the perturbation set.
    """
    settings = _settings()
    if target == "checker":
        from chorus_evals.checker import run_checker_command

        code = run_checker_command(settings, limit=limit, out=out or DEFAULT_OUT / "checker")
        raise typer.Exit(code)

    from chorus_evals.datasets import load_dataset
    from chorus_evals.judges import make_judge
    from chorus_evals.report import render_table, write_reports
    from chorus_evals.runner import run_eval
    from chorus_evals.thresholds import THRESHOLDS_FILE, load_thresholds

    try:
        options = SummaryOptions(engine=engine, max_words=max_words or settings.default_max_words)
        dataset = load_dataset(target, settings.eval_data_dir, limit)
        bounds = load_thresholds(dataset.name, thresholds or THRESHOLDS_FILE)
    except ValidationError as exc:
        raise _fail(format_validation_error(exc)) from None
    except ChorusError as exc:
        raise _fail(exc.detail) from None
    if not dataset.items:
        raise _fail(f"dataset {dataset.name!r} has no clusters")
    llm = _llm(settings, engine, judge)

    async def run() -> int:
        summarizer = Summarizer.from_settings(settings, llm=llm)
        try:
            the_judge = make_judge(judge, llm, settings.judge_max_article_chars)
            with typer.progressbar(
                length=len(dataset.items), label=f"eval {dataset.name}", file=sys.stderr
            ) as bar:
                report = await run_eval(
                    dataset, summarizer, options, the_judge, bounds, on_progress=bar.update
                )
        finally:
            if llm is not None:
                await llm.aclose()
        json_path, md_path = write_reports(report, out or DEFAULT_OUT / dataset.name)
        sys.stdout.write(render_table(report))
        typer.echo(f"reports: {json_path} {md_path}", err=True)
        return 0 if report.passed else 1

    try:
        code = asyncio.run(run())
    except ChorusError as exc:
        raise _fail(exc.detail, 1 if exc.status >= 500 else 2) from None
    raise typer.Exit(code)


def check_command(
    path: Annotated[
        Path | None,
        typer.Argument(help='A .jsonl of {"cluster": ..., "summary": "..."} lines.'),
    ] = None,
    cluster: Annotated[Path | None, typer.Option(help="Cluster .json / dir.")] = None,
    summary: Annotated[Path | None, typer.Option(help="Summary (Markdown with [n]).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md | json")] = "md",
    judge: Annotated[JudgeChoice, typer.Option(help="offline | llm")] = "offline",
) -> None:
    """Check a summary written by anyone against its sources, sentence by sentence."""
    from chorus_evals.check import Checker, to_output
    from chorus_evals.judges import make_judge
    from chorus_evals.report import render_cluster_markdown

    if fmt not in ("md", "json"):
        raise _fail(f"--format must be md or json, not {fmt!r}")
    if path is None and (cluster is None or summary is None):
        raise _fail("give PATH.jsonl, or both --cluster and --summary")
    if path is not None and (cluster is not None or summary is not None):
        raise _fail("give either PATH.jsonl or --cluster/--summary, not both")
    settings = _settings()
    llm = _llm(settings, "extractive", judge)

    async def run() -> int:
        summarizer = Summarizer.from_settings(settings, llm=None)
        try:
            checker = Checker(summarizer, make_judge(judge, llm, settings.judge_max_article_chars))
            if path is not None:
                ok, failed, seconds = await checker.check_jsonl(path, sys.stdout)
                rate = ok / seconds if seconds > 0 else float("inf")
                typer.echo(
                    f"checked {ok} pairs ({failed} failed) in {seconds:.1f}s ({rate:.0f}/s)",
                    err=True,
                )
                return 1 if failed else 0
            assert cluster is not None and summary is not None
            clusters = list(iter_clusters(cluster))
            if len(clusters) != 1:
                raise _fail(f"{cluster}: expected one cluster, found {len(clusters)}")
            try:
                text = summary.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise _fail(f"{summary}: cannot read ({exc})") from None
            report = await checker.check(clusters[0], text)
        finally:
            if llm is not None:
                await llm.aclose()
        if fmt == "json":
            sys.stdout.write(to_output(report).model_dump_json(indent=2, exclude_none=True) + "\n")
        else:
            sys.stdout.write("\n".join(render_cluster_markdown(report)).lstrip() + "\n")
        return 0

    try:
        code = asyncio.run(run())
    except ChorusError as exc:
        raise _fail(exc.detail, 1 if exc.status >= 500 else 2) from None
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
    app.command("check")(check_command)
