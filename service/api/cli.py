"""`chorus serve`: run the HTTP API with uvicorn (factory mode: nothing built at import)."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command()(serve)


def serve(
    host: Annotated[str | None, typer.Option(help="Bind address [CHORUS_HOST].")] = None,
    port: Annotated[int | None, typer.Option(help="Port [CHORUS_PORT].")] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, max=64, help="Worker processes [CHORUS_WORKERS].")
    ] = None,
) -> None:
    """Serve the HTTP API (POST /v1/summaries, /docs, /healthz)."""
    import uvicorn

    from service import logs
    from service.cli import fail, load_settings

    settings = load_settings()
    logs.configure(settings.log_level)
    try:
        settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"cannot create the database directory {settings.db_path.parent}: {exc.strerror}")
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers or settings.workers,
        log_config=None,  # keep our JSON logging; uvicorn's own access log is replaced by ours
        access_log=False,
        proxy_headers=True,
        server_header=False,
    )


__all__ = ["register", "serve"]
