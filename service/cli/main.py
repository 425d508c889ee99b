"""`chorus`: the one Typer app; it alone registers the commands (one module each)."""

from __future__ import annotations

import sys
import traceback
from typing import Annotated, NoReturn

import typer

from chorus import logs
from chorus.cli import (
    brief,
    check,
    cluster,
    db,
    evals,
    ingest,
    serve,
    summarize,
    train_checker,
    worker,
)
from chorus.cli.common import _state
from chorus.logs import redact

app = typer.Typer(
    name="chorus",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help text as written: "[n]" stays literal, flags show no <bool>
)


def _version(show: bool) -> None:
    if show:
        from importlib.metadata import version

        typer.echo(f"chorus {version('chorus')}")
        raise typer.Exit(0)


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log info to stderr.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Merged, cited summaries of news clusters.

    Example: chorus summarize seeds --engine extractive
    """
    logs.configure("INFO" if verbose else "WARNING")
    _state["verbose"] = verbose


for _module in (summarize, check, evals, serve, worker, db, brief, ingest, cluster, train_checker):
    _module.register(app)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _show_usage_error(exc: typer.TyperException) -> NoReturn:
    from typer import rich_utils

    try:
        rich_utils.rich_format_error(exc)  # type: ignore[arg-type]
    except Exception:
        show = getattr(exc, "show", None)
        if callable(show):
            show()
    sys.exit(int(getattr(exc, "exit_code", 2)))


def main() -> None:
    try:
        # Not standalone: click's own handler turns a broken pipe into exit 1; ours says 0.
        result = app(standalone_mode=False)
    except typer.Abort:
        typer.echo("Aborted!", err=True)
        sys.exit(1)
    except typer.TyperException as exc:  # usage errors: shown as in standalone mode
        _show_usage_error(exc)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:  # `chorus … | head -1`: the reader has all it wanted
        _quiet_stdout()
        sys.exit(0)
    except Exception as exc:  # last resort: a bug must still read as one line, not a traceback
        if _state["verbose"]:
            traceback.print_exc()  # asked for with -v
        typer.echo(
            f"error: unexpected {type(exc).__name__}: {redact(str(exc))[:300]} "
            "(a bug: run with -v for the traceback, and please report it)",
            err=True,
        )
        sys.exit(1)
    sys.exit(result if isinstance(result, int) else 0)


if __name__ == "__main__":
    main()


__all__ = ["app", "main"]
