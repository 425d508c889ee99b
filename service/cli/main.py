"""`chorus`: the one Typer app; it alone registers the commands (one module each)."""

from __future__ import annotations

import sys
import traceback
from typing import Annotated

import typer

from chorus import logs
from chorus.cli import brief, check, db, evals, serve, summarize, worker
from chorus.cli.common import _state
from chorus.logs import redact

app = typer.Typer(
    name="chorus",
    help="Merged, cited summaries of news clusters.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log info to stderr.")] = False,
) -> None:
    logs.configure("INFO" if verbose else "WARNING")
    _state["verbose"] = verbose


for _module in (summarize, check, evals, serve, worker, db, brief):
    _module.register(app)


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


__all__ = ["app", "main"]
