"""`chorus`: the one Typer app; it alone registers the commands (one module each)."""

from __future__ import annotations

import errno
import io
import os
import sqlite3
import sys
import traceback
from typing import Annotated, Any

import typer

# typer vendors its own click (typer._click); its usage errors are these classes.
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer.core import TyperGroup

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


class OneLineErrors(TyperGroup):
    """A bad option or value (outside its choices, out of range) is one line on stderr,
    `error: …`, and exit 2, like every other bad input: not click's usage block."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone = kwargs.pop("standalone_mode", True)
        try:
            code = super().main(*args, **{**kwargs, "standalone_mode": False})
        except NoArgsIsHelpError as exc:
            typer.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
            sys.exit(0)
        except ClickException as exc:
            typer.echo(f"error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        if not standalone:
            return code
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=OneLineErrors,
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


class _ClosedOutput(io.TextIOBase):
    """Stands in for a stdout the shell closed (`>&-`, where Python has None): writing to it
    fails like writing to a closed descriptor, so it is reported, not an AttributeError."""

    def writable(self) -> bool:
        return True

    def write(self, _text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main() -> None:
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    if sys.stderr is None:  # nowhere to say anything; the exit code still says it
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (lives as long as the process)
    try:
        # Not standalone: click's own handler turns a broken pipe into exit 1; ours says 0.
        result = app(standalone_mode=False)
    except typer.Abort:
        typer.echo("Aborted!", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:  # `chorus … | head -1`: the reader has all it wanted
        _quiet_stdout()
        sys.exit(0)
    except sqlite3.Error as exc:  # the SQLite file: a directory, not a database, read-only, …
        if _state["verbose"]:
            traceback.print_exc()
        typer.echo(
            f"error: the database failed: {redact(str(exc))[:200]} (the SQLite file of "
            "CHORUS_DB_PATH or CHORUS_DATABASE_URL)",
            err=True,
        )
        sys.exit(1)
    except OSError as exc:  # the system refused (a full disk, a closed stdout): not a bug
        if _state["verbose"]:
            traceback.print_exc()
        _quiet_stdout()  # the interpreter's last flush would fail the same way
        reason = exc.strerror or str(exc)
        what = f"{exc.filename}: {reason}" if exc.filename else f"cannot write the output: {reason}"
        typer.echo(f"error: {redact(what)}", err=True)
        sys.exit(1)
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
