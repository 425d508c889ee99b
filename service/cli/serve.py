"""`chorus serve`: run the HTTP API with uvicorn (factory mode: nothing built at import)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chorus import logs
from chorus.cli.common import fail, load_settings
from chorus.jobs.store import is_postgres_url, sqlite_path
from chorus.logs import error_line

if TYPE_CHECKING:
    from fastapi import FastAPI


def register(app: typer.Typer) -> None:
    app.command()(serve)


class _DropColorMessage(logging.Filter):
    """uvicorn attaches an ANSI-coloured copy of each message; JSON logs don't want it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.__dict__.pop("color_message", None)
        return True


def configure_logging(level: str) -> None:
    logs.configure(level)
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _DropColorMessage) for f in logger.filters):
            logger.addFilter(_DropColorMessage())


def serve_app() -> FastAPI:
    """The uvicorn factory. Runs in every worker process, so each one logs as JSON and keeps
    the checker's tables out of the collector's full passes (`chorus.warmup`)."""
    from chorus.api.app import create_app
    from chorus.settings import get_settings
    from chorus.warmup import warm_up

    settings = get_settings()
    configure_logging(settings.log_level)
    warm_up()
    return create_app(settings)


def serve(
    host: Annotated[str | None, typer.Option(help="Bind address [CHORUS_HOST].")] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port 1-65535 [CHORUS_PORT].")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, max=64, help="Worker processes [CHORUS_WORKERS].")
    ] = None,
) -> None:
    """Serve the HTTP API (POST /v1/summaries, /docs, /healthz).

    Example: chorus serve --port 8080 --workers 2
    """
    import uvicorn

    settings = load_settings()
    configure_logging(settings.log_level)
    if is_postgres_url(settings.database_url):
        _reachable(settings.database_url or "")
    else:
        folder = Path(sqlite_path(settings)).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"cannot create the database directory {folder}: {exc.strerror}")
    uvicorn.run(
        "chorus.cli.serve:serve_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers or settings.workers,
        log_config=None,  # our JSON logging (configured in serve_app, per worker)
        access_log=False,  # replaced by our one-line-per-request access log
        proxy_headers=True,
        timeout_keep_alive=int(settings.keep_alive_s),
        # in-flight requests get this long at SIGTERM; then running jobs go back to the queue
        timeout_graceful_shutdown=max(1, int(settings.shutdown_grace_s)),
        server_header=False,
    )


def _reachable(url: str) -> None:
    """One connection before the workers start: an unreachable database is one line and exit
    1 now, not a traceback from every worker's startup after the pool's 30 s timeout."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=5):
            pass
    except psycopg.Error as exc:
        fail(f"cannot reach the database: {error_line(exc)}", 1)


__all__ = ["register", "serve", "serve_app"]
